/** The one redaction rule both loggers apply (protocol/src/redaction.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, redact, redactText } from '../src/redaction.ts';

describe('the shared redaction rule', () => {
  it('masks fields named like credentials at any depth, on both sides’ names', () => {
    assert.deepEqual(
      redact({
        headers: { authorization: 'Basic abc', 'x-wgb-token': 't', 'sec-websocket-protocol': 'pair.s', cookie: 'c' },
        body: { password: 'pw1002', pairingSecret: 's', nested: { apiKey: 'k', ha1: 'h', dn: '1001' } },
      }),
      {
        headers: {
          authorization: REDACTED,
          'x-wgb-token': REDACTED,
          'sec-websocket-protocol': REDACTED,
          cookie: REDACTED,
        },
        body: { password: REDACTED, pairingSecret: REDACTED, nested: { apiKey: REDACTED, ha1: REDACTED, dn: '1001' } },
      },
    );
  });

  it('blanks pairing subprotocols, digest response/nonce and registered secrets inside text', () => {
    assert.equal(redactText('offered wgb-relay.1, pair.abcdef'), `offered wgb-relay.1, pair.${REDACTED}`);
    assert.equal(
      redactText('Authorization: Digest nonce="n1", response="abc"'),
      `Authorization: Digest nonce="${REDACTED}", response="${REDACTED}"`,
    );
    assert.equal(redactText('token Zq3x-9 leaked', new Set(['Zq3x-9'])), `token ${REDACTED} leaked`);
  });

  it('keeps errors readable without their secrets, and cuts cycles and depth', () => {
    const err = Object.assign(new Error('bad secret Zq3x-9'), { code: 'E1' });
    const out = redact({ err }, new Set(['Zq3x-9'])) as { err: { name: string; message: string; code: string } };
    assert.deepEqual([out.err.name, out.err.message, out.err.code], ['Error', `bad secret ${REDACTED}`, 'E1']);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.deepEqual(redact(cyclic), { a: 1, self: '[cycle]' });
    assert.equal(
      JSON.stringify(redact({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })).includes('[truncated]'),
      true,
    );
  });

  it('leaves empty and absent credential fields as they are (nothing to hide)', () => {
    assert.deepEqual(redact({ password: '', token: undefined, secret: null }), {
      password: '',
      token: undefined,
      secret: null,
    });
  });
});
