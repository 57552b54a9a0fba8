/**
 * Generated malformed input against a running companion (fast-check, fixed seed, > 10,000 inputs):
 * HTTPS requests with hostile methods, paths, headers and bodies; raw request bytes over TLS with
 * broken framing; bytes that are not TLS; relay WebSocket frames. The companion must never crash,
 * hang or answer 5xx, must keep serving WWE and the PWA afterwards, and must give its memory back.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request as httpsRequest, Agent } from 'node:https';
import { connect as tcpConnect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testTls } from './certs.ts';
import { FakePwa } from './fake-pwa.ts';
import {
  fuzzHost,
  httpRequest,
  plainBytes,
  rawRequest,
  relayCase,
  type FuzzRequest,
  type RelayCase,
} from './fuzz-inputs.ts';
import { EXT_ORIGIN, EXT_TOKEN, WWE_ORIGIN, startCompanion, type Harness } from './harness.ts';
import { rawExchange } from './raw-tls.ts';
import { PROTOCOL_VERSION } from '../../protocol/src/index.ts';

const SEED = 20_261_202;
const COUNTS = { warmupShare: 0.6, http: 5_000, raw: 1_000, plain: 150, relay: 200 };
const CONCURRENCY = 8;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** RSS once the garbage of the run is collected. */
async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().rss;
}

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, salt: number): T[] {
  return fc.sample(arbitrary, { seed: SEED + salt, numRuns });
}

describe('generated malformed input against a running companion', () => {
  let h: Harness;
  let agent: Agent;
  const failures: string[] = [];
  let sent = 0;

  const send = (r: FuzzRequest): Promise<void> =>
    new Promise((resolve) => {
      sent++;
      const headers: Record<string, string | number> = { ...r.headers, Host: fuzzHost(r.host, h.port) };
      if (r.body !== undefined) {
        headers['Content-Length'] = Buffer.byteLength(r.body);
      }
      const describe = `${r.method} ${r.path.slice(0, 80)} ${JSON.stringify(r.headers).slice(0, 200)}`;
      const req = httpsRequest(
        { host: '127.0.0.1', servername: 'localhost', port: h.port, method: r.method, path: r.path, headers, agent },
        (res) => {
          if ((res.statusCode ?? 0) >= 500) {
            failures.push(`${res.statusCode} for ${describe}`);
          }
          if (String(res.headers['content-type']).startsWith('text/event-stream')) {
            res.destroy();
            resolve();
            return;
          }
          res.resume();
          res.on('end', resolve);
          res.on('error', resolve);
        },
      );
      req.setTimeout(5_000, () => {
        failures.push(`no answer within 5 s for ${describe}`);
        req.destroy();
      });
      req.on('error', () => resolve());
      req.end(r.body);
    });

  before(async () => {
    h = await startCompanion({
      log: { level: 'error' },
      extensionApi: { enabled: true, origins: [EXT_ORIGIN], token: EXT_TOKEN },
      limits: { ratePerOrigin: 1_000_000_000, rateRefused: 1_000_000_000, bodyTimeoutMs: 1_000 },
    });
    agent = new Agent({ ca: testTls().cert, keepAlive: true, maxSockets: CONCURRENCY });
    await h.connectPwa();
  });
  after(async () => {
    agent.destroy();
    await h.close();
  });

  /** Every kind of input, `scale` × the counts; `salt` picks other samples of the same seed. */
  const runAll = async (scale: number, salt: number): Promise<void> => {
    const count = (n: number): number => Math.round(n * scale);
    await h.connectPwa();
    await inParallel(sample(httpRequest, count(COUNTS.http), salt + 1), send);
    await inParallel(sample(rawRequest(h.port), count(COUNTS.raw), salt + 2), async (bytes) => {
      sent++;
      const reply = await rawExchange(h.port, bytes, 5_000, true);
      const statuses = [...reply.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      if (reply.timedOut || statuses.some((s) => s >= 500)) {
        const shown = JSON.stringify(bytes.toString('latin1').slice(0, 200));
        failures.push(`${reply.timedOut ? 'hang' : statuses.join(',')} for raw ${shown}`);
      }
    });
    await inParallel(sample(plainBytes, count(COUNTS.plain), salt + 3), async (bytes) => {
      sent++;
      // A partial TLS record leaves the companion waiting for the rest (up to its handshake timeout):
      // the client goes away after a moment, as a real one would.
      const socket = tcpConnect({ host: '127.0.0.1', port: h.port });
      socket.on('error', () => undefined);
      socket.end(bytes);
      const gone = setTimeout(() => socket.destroy(), 300);
      await once(socket, 'close');
      clearTimeout(gone);
    });
    const pwaConfig = { port: h.port, ca: testTls().cert, secret: h.secret };
    for (const fuzz of sample(relayCase, count(COUNTS.relay), salt + 4)) {
      sent += fuzz.frames.length;
      await relayExchange(pwaConfig, fuzz, failures);
    }
  };

  it('never crashes, hangs or answers 5xx, keeps serving, and gives its memory back', async (t) => {
    // A first, smaller round of every kind and a first full round bring the process to its working
    // size (JIT, TLS, heap, allocator arenas); RSS is compared across a second full round, so what
    // is measured is what each round keeps, not what the first one grows into.
    await runAll(COUNTS.warmupShare, 0);
    await runAll(1, 20);
    const rssBefore = await settledRss();
    await runAll(1, 10);

    // Still serving: WWE's calls answer, and a PWA links and is used again.
    const ping = await h.request('GET', '/Ping', { origin: WWE_ORIGIN });
    assert.equal(ping.status, 200);
    const pwa = await h.connectPwa();
    assert.equal((await h.wwe('POST', '/RegisterDn/', { addresses: ['10.0.0.1:5060'], users: ['1002'] })).status, 200);
    await pwa.nextRequest('register');

    assert.ok(sent >= 10_000, `${sent} generated inputs`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
    const unexpected = h.logLines.filter((line) => line.includes('"level":"error"'));
    assert.deepEqual(unexpected.slice(0, 5), []);

    const rssAfter = await settledRss();
    t.diagnostic(
      `${sent} inputs; RSS ${Math.round(rssBefore / 1e6)} MB before, ${Math.round(rssAfter / 1e6)} MB after`,
    );
    assert.ok(
      rssAfter <= rssBefore * 1.1,
      `RSS ${Math.round(rssAfter / 1e6)} MB after, ${Math.round(rssBefore / 1e6)} MB before`,
    );
  });
});

/** One relay connection: optional hello, the fuzzed frames, then a binary frame that must close it. */
async function relayExchange(
  options: { port: number; ca: string; secret: string },
  fuzz: RelayCase,
  failures: string[],
): Promise<void> {
  const ws = FakePwa.open(options);
  ws.on('error', () => undefined);
  const closed = once(ws, 'close');
  await Promise.race([once(ws, 'open'), closed]);
  if (ws.readyState === ws.OPEN) {
    if (fuzz.hello) {
      ws.send(
        JSON.stringify({
          type: 'hello',
          v: PROTOCOL_VERSION,
          protocol: PROTOCOL_VERSION,
          appVersion: '0.1.0-fuzz',
          windowId: 'fuzz',
        }),
      );
    }
    for (const frame of fuzz.frames) {
      ws.send(frame);
    }
    ws.send(Buffer.from([0]), { binary: true });
  }
  const timer = setTimeout(() => {
    failures.push(`relay link not closed after a binary frame: ${JSON.stringify(fuzz).slice(0, 200)}`);
    ws.terminate();
  }, 5_000);
  await closed;
  clearTimeout(timer);
}
