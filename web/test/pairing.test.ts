import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { companionOrigin, pairingSecretFrom, pairingUrl } from '../src/app/pairing.ts';

const SECRET = 'abcdefghijklmnopqrstuvwxyz012345';

describe('pairing with the companion', () => {
  it('opens /pair on the companion with our origin', () => {
    assert.equal(
      pairingUrl('https://127.0.0.1:8000', 'https://127.0.0.1:8443'),
      'https://127.0.0.1:8000/pair?origin=https%3A%2F%2F127.0.0.1%3A8443',
    );
    assert.equal(companionOrigin('https://127.0.0.1:8000/'), 'https://127.0.0.1:8000');
    assert.equal(companionOrigin('not a url'), null);
  });
  it('accepts the secret only from the companion origin and only in the expected shape', () => {
    const origin = 'https://127.0.0.1:8000';
    assert.equal(pairingSecretFrom({ origin, data: { type: 'wgb-pairing', secret: SECRET } }, origin), SECRET);
    assert.equal(
      pairingSecretFrom({ origin: 'https://evil.example', data: { type: 'wgb-pairing', secret: SECRET } }, origin),
      null,
    );
    assert.equal(pairingSecretFrom({ origin, data: { type: 'other', secret: SECRET } }, origin), null);
    assert.equal(pairingSecretFrom({ origin, data: { type: 'wgb-pairing', secret: 'short' } }, origin), null);
    assert.equal(pairingSecretFrom({ origin, data: 'wgb-pairing' }, origin), null);
  });
});
