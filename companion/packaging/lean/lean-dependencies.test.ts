import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { COMPANION_MEDIA_TYPES, leanDependencies, mimeDbSubset, QS_LEFT_OUT } from './lean-dependencies.ts';

const require = createRequire(import.meta.url);
/** The part of mime-types this test calls (the package ships no types). */
interface MimeTypes {
  contentType(type: string): string | false;
  extension(type: string): string | false;
  lookup(pathOrExtension: string): string | false;
}
/** What Express and its dependencies use of a `debug` logger. */
interface DebugLogger {
  (...args: unknown[]): void;
  enabled: boolean;
  extend(namespace: string): DebugLogger;
}
type RawBody = (stream: Readable, options: { encoding: string; length?: number }) => Promise<string>;

/** mime-types, raw-body and qs bundled as the companion is (with the plugin), next to the full packages. */
describe('the lean bundle keeps what Express does with media types and charsets', () => {
  let dir: string;
  let lean: {
    mime: MimeTypes;
    getRawBody: RawBody;
    qs: { parse(query: string): unknown };
    debug: (namespace: string) => DebugLogger;
  };
  let bundledInputs: string[];
  const full = { mime: require('mime-types') as MimeTypes, getRawBody: require('raw-body') as RawBody };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgb-lean-'));
    const outfile = join(dir, 'lean.cjs');
    const result = await build({
      stdin: {
        contents:
          "module.exports = { mime: require('mime-types'), getRawBody: require('raw-body'), qs: require('qs'), debug: require('debug') };",
        resolveDir: import.meta.dirname,
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      metafile: true,
      plugins: [leanDependencies()],
      logLevel: 'silent',
    });
    bundledInputs = Object.keys(result.metafile.inputs);
    lean = require(outfile) as typeof lean;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles neither the full mime-db nor iconv-lite nor qs nor debug', () => {
    assert.deepEqual(
      bundledInputs.filter((f) => /node_modules\/(mime-db|iconv-lite|qs|debug)\//.test(f)),
      [],
    );
  });

  it('gives debug loggers that are off and write nothing, even with DEBUG set', () => {
    const saved = process.env.DEBUG;
    process.env.DEBUG = '*';
    const written: unknown[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: unknown) => written.push(chunk) > 0;
    try {
      const log = lean.debug('router');
      assert.equal(log.enabled, false);
      log('dispatching %s %s', 'GET', '/Ping');
      log.extend('layer')('new %o', '/Ping');
    } finally {
      process.stderr.write = write;
      if (saved === undefined) {
        delete process.env.DEBUG;
      } else {
        process.env.DEBUG = saved;
      }
    }
    assert.deepEqual(written, []);
  });

  it('says why when something calls qs after all', () => {
    assert.throws(() => lean.qs.parse('a[b]=1'), { message: QS_LEFT_OUT });
  });

  it('gives the same content types, charsets and extensions as the full mime-db for every type the companion uses', () => {
    for (const type of COMPANION_MEDIA_TYPES) {
      assert.equal(lean.mime.contentType(type), full.mime.contentType(type), type);
      assert.equal(lean.mime.extension(type), full.mime.extension(type), type);
    }
    for (const short of ['html', 'json', 'bin', 'txt']) {
      assert.equal(lean.mime.lookup(short), full.mime.lookup(short), short);
      assert.equal(lean.mime.contentType(short), full.mime.contentType(short), short);
    }
  });

  it('decodes UTF-8 and UTF-16 bodies like iconv-lite, with a character split across chunks', async () => {
    const text = '{"dn":"Zoë 1002 ☎ 日本"}';
    for (const [encoding, bytes] of [
      ['utf-8', Buffer.from(text, 'utf8')],
      ['UTF-8', Buffer.from(text, 'utf8')],
      ['utf-16le', Buffer.from(text, 'utf16le')],
    ] as const) {
      const chunks = [...bytes].map((b) => Buffer.from([b]));
      assert.equal(await lean.getRawBody(Readable.from(chunks), { encoding }), text, encoding);
      assert.equal(await full.getRawBody(Readable.from(chunks), { encoding }), text, encoding);
    }
  });

  it('answers 415 for a charset it cannot decode, as raw-body does for iconv-lite', async () => {
    const err = (await lean.getRawBody(Readable.from([Buffer.from('{}')]), { encoding: 'x-no-such-charset' }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { status?: number; type?: string } | undefined;
    assert.equal(err?.status, 415);
    assert.equal(err?.type, 'encoding.unsupported');
  });

  it('refuses to build with a media type mime-db does not know', () => {
    assert.throws(() => mimeDbSubset(['text/x-no-such-type']), /mime-db has no entry for text\/x-no-such-type/);
  });
});
