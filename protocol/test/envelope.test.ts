import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PROTOCOL_VERSION, parseFromPwa, parseToPwa } from '../src/index.ts';

const fixturesDir = new URL('./fixtures/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, fixturesDir), 'utf8');

describe('relay frames', () => {
  for (const file of readdirSync(fixturesDir).filter((f) => f.startsWith('to-pwa.'))) {
    it(`parses the golden companion frame ${file}`, () => {
      const parsed = parseToPwa(fixture(file));
      assert.equal(parsed.ok, true, parsed.ok ? '' : parsed.reason);
    });
  }
  for (const file of readdirSync(fixturesDir).filter((f) => f.startsWith('from-pwa.'))) {
    it(`parses the golden PWA frame ${file}`, () => {
      const parsed = parseFromPwa(fixture(file));
      assert.equal(parsed.ok, true, parsed.ok ? '' : parsed.reason);
    });
  }

  it('rejects a request whose command is unknown, naming the field', () => {
    const parsed = parseToPwa(
      `{"type":"request","v":${PROTOCOL_VERSION},"id":"1","command":{"name":"format","params":{}}}`,
    );
    assert.equal(parsed.ok, false);
  });

  it('rejects a dial target with characters a SIP user cannot have', () => {
    const parsed = parseToPwa(
      `{"type":"request","v":${PROTOCOL_VERSION},"id":"1","command":{"name":"dial","params":{"target":"1 2<"}}}`,
    );
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.reason, /^command\.params\.target: must be a number or SIP user/);
  });

  it('rejects a frame of another protocol version', () => {
    const parsed = parseFromPwa(JSON.stringify({ type: 'pong', v: PROTOCOL_VERSION + 1, t: 1 }));
    assert.equal(parsed.ok, false);
  });

  it('rejects text that is not JSON', () => {
    assert.deepEqual(parseFromPwa('not json'), { ok: false, reason: 'frame is not JSON' });
  });
});
