import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogger, fileSink, memorySink, REDACTED } from '../src/log.ts';

describe('the companion logger', () => {
  it('writes one JSON line per record with time, level, namespace and fields', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [sink], now: () => 0 }).child('relay');
    log.info('PWA linked', { link: 3 });
    assert.deepEqual(JSON.parse(sink.lines[0] ?? ''), {
      t: '1970-01-01T00:00:00.000Z',
      level: 'info',
      ns: 'companion.relay',
      msg: 'PWA linked',
      link: 3,
    });
  });

  it('drops records below its level', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [sink], level: 'warn' });
    log.info('quiet');
    log.warn('loud');
    assert.equal(sink.lines.length, 1);
  });

  it('redacts fields named like credentials, at any depth', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [sink] });
    log.warn('request', {
      headers: { authorization: 'Basic abc', 'x-wgb-token': 'tok', 'sec-websocket-protocol': 'wgb-relay.1, pair.s' },
      body: { password: 'pw1002', pairingSecret: 's', nested: { apiToken: 't' } },
    });
    const line = JSON.parse(sink.lines[0] ?? '') as {
      headers: Record<string, string>;
      body: { password: string; pairingSecret: string; nested: { apiToken: string } };
    };
    assert.equal(line.headers.authorization, REDACTED);
    assert.equal(line.headers['x-wgb-token'], REDACTED);
    assert.equal(line.headers['sec-websocket-protocol'], REDACTED);
    assert.equal(line.body.password, REDACTED);
    assert.equal(line.body.pairingSecret, REDACTED);
    assert.equal(line.body.nested.apiToken, REDACTED);
  });

  it('scrubs a registered secret from every string, messages and errors included', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [sink] });
    const secret = 'Zq3x-secret-value-0123456789abcdefghijklmno';
    log.addSecret(secret);
    log.error(`bad subprotocol pair.${secret}`, { err: new Error(`oops ${secret}`), list: [secret] });
    assert.ok(!sink.lines[0]?.includes(secret));
  });

  it('rotates its file by size and keeps maxFiles old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgb-log-'));
    const path = join(dir, 'companion.log');
    const log = createLogger({ sinks: [fileSink(path, 200, 2)] });
    for (let i = 0; i < 20; i++) {
      log.info('line', { i });
    }
    assert.deepEqual(readdirSync(dir).sort(), ['companion.log', 'companion.log.1', 'companion.log.2']);
    assert.ok(readFileSync(path, 'utf8').length <= 200);
    assert.match(readFileSync(path, 'utf8'), /"i":19/);
  });
});
