/** Short-lived SIP credentials from the gateway: asked for the DN, renewed at half their lifetime, refused in any other shape. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIssuedSipCredentials } from '../src/adapters/issued-sip-credentials.ts';
import { gateway } from './fakes/gateway-fetch.ts';

const URL = 'https://gw.example/sip-credentials';

describe('SIP credentials from the gateway', () => {
  it('asks for the DN and returns the digest user, password and when to renew', async () => {
    const { fetchFn, calls } = gateway({ username: '1764700000:1001', password: 'c2VjcmV0', ttl: 3600 });
    assert.deepEqual(await createIssuedSipCredentials({ fetchFn }).issue(URL, '1001'), {
      authorizationUser: '1764700000:1001',
      password: 'c2VjcmV0',
      renewInMs: 1_800_000,
    });
    assert.deepEqual(calls, ['https://gw.example/sip-credentials?dn=1001']);
  });

  it('says why when the gateway refuses or answers in another shape', async () => {
    const issue = (body: unknown, status = 200) =>
      createIssuedSipCredentials({ fetchFn: gateway(body, status).fetchFn }).issue(URL, '1001');
    await assert.rejects(issue({ error: 'bad_dn' }, 400), /answered 400/);
    await assert.rejects(issue({ username: '1001', password: 'p', ttl: 60 }), /unknown shape/);
    await assert.rejects(issue({ username: '1:1001', password: '', ttl: 60 }), /unknown shape/);
    await assert.rejects(issue({ username: '1:1001', password: 'p', ttl: 0 }), /unknown shape/);
  });
});
