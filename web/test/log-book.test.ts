import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PWA_LOG_TEXT, type PwaLogLine } from '../../protocol/src/index.ts';
import { createLogger } from '../src/lib/log.ts';
import { secretValuesOf } from '../src/settings/secret-values.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { LOG_FLUSH_AFTER_MS, createLogBook } from '../src/storage/log-book.ts';
import { memoryLogBackend } from './fakes/memory-log.ts';

function setup(options: { maxLines?: number; pageBytes?: number } = {}) {
  const backend = memoryLogBackend();
  const book = createLogBook(backend, options);
  const log = createLogger('wgb', { level: 'debug', sink: book.sink, now: () => 1_000 });
  return { backend, book, log };
}

/** Every line, walking the pages from the newest back as the companion does, and each page's size. */
async function allLines(book: ReturnType<typeof createLogBook>): Promise<{ lines: PwaLogLine[]; pageBytes: number[] }> {
  const pages: PwaLogLine[][] = [];
  const pageBytes: number[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = await book.page({ beforeId });
    pages.unshift(page.lines);
    pageBytes.push(Buffer.byteLength(JSON.stringify(page.lines)));
    if (!page.more) {
      return { lines: pages.flat(), pageBytes };
    }
    beforeId = page.lines[0]!.id;
  }
}

describe('the PWA log book', () => {
  it('writes a burst of lines in one go a second after its first line, never while it is being logged', async () => {
    const backend = memoryLogBackend();
    const writes: number[] = [];
    const addAll = backend.addAll.bind(backend);
    backend.addAll = (lines) => {
      writes.push(lines.length);
      return addAll(lines);
    };
    const clock = new FakeClock();
    const book = createLogBook(backend, { clock });
    const log = createLogger('wgb', { sink: book.sink });
    for (let i = 1; i <= 5; i++) {
      log.info(`answering, step ${i}`);
      await Promise.resolve();
    }
    clock.advance(LOG_FLUSH_AFTER_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, []);
    clock.advance(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, [5]);
    log.info('hung up');
    await book.flush();
    assert.deepEqual(writes, [5, 1]);
    assert.equal(clock.pending, 0);
  });

  it('keeps only the newest lines once the bound is passed', async () => {
    const { backend, book, log } = setup({ maxLines: 3 });
    for (let i = 1; i <= 5; i++) {
      log.info(`line ${i}`);
    }
    const page = await book.page({});
    assert.deepEqual(
      page.lines.map((l) => l.text),
      ['line 3', 'line 4', 'line 5'],
    );
    assert.equal(page.more, false);
    assert.equal(backend.rows.length, 3);
  });

  it('writes namespace, level and time, and the data after the message', async () => {
    const { book, log } = setup();
    log.child('phone').warn('register failed', { status: 403 });
    const [line] = (await book.page({})).lines;
    assert.deepEqual(
      { ...line, id: undefined },
      { id: undefined, at: 1_000, level: 'warn', namespace: 'wgb:phone', text: 'register failed {"status":403}' },
    );
  });

  it('never stores a password, a known secret value or a digest response', async () => {
    const { book, log } = setup();
    book.redactValuesOf(() => new Set(['s3cr3t-pairing', 'hunter2']));
    log.info('registering', { dn: '1002', password: 'hunter2', nested: { sipPassword: 'hunter2' } });
    log.warn('relay closed: pair.s3cr3t-pairing refused');
    log.error('the SIP password hunter2 was refused');
    log.info('Authorization: Digest username="1002", response="0a4f113b"');
    const text = JSON.stringify(await book.page({}));
    for (const secret of ['hunter2', 's3cr3t-pairing', '0a4f113b']) {
      assert.doesNotMatch(text, new RegExp(secret));
    }
    assert.match(text, /registering/);
    assert.match(text, /\[redacted\]/);
  });

  it('knows every secret value the settings hold', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      pairingSecret: 'pairing-1',
      credentials: { '1002': { password: 'sip-1' }, '1003': { authorizationUser: 'a', password: 'sip-2' } },
      iceServers: [{ urls: 'turn:t', username: 'u', credential: 'turn-1' }, { urls: 'stun:s' }],
    };
    assert.deepEqual([...secretValuesOf(settings)].sort(), ['pairing-1', 'sip-1', 'sip-2', 'turn-1']);
  });

  it('cuts a long line to the longest a stored line may be', async () => {
    const { book, log } = setup();
    log.info('x'.repeat(MAX_PWA_LOG_TEXT * 2));
    assert.equal((await book.page({})).lines[0]!.text.length, MAX_PWA_LOG_TEXT);
  });

  it('pages stay under the byte budget and together hold every line once, in order', async () => {
    const { book, log } = setup({ pageBytes: 4_000 });
    for (let i = 1; i <= 40; i++) {
      log.info(`${i} ${'é'.repeat(200)}`);
    }
    const { lines, pageBytes } = await allLines(book);
    assert.ok(pageBytes.length > 1);
    assert.ok(
      pageBytes.every((bytes) => bytes <= 4_000),
      `page sizes ${pageBytes.join(', ')}`,
    );
    assert.deepEqual(
      lines.map((l) => Number(l.text.split(' ')[0])),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });
});
