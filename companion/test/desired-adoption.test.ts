/**
 * After a companion restart WWE only pings; it does not repeat RegisterDn. The PWA's first snapshot
 * tells the truth (GetIsEndpointActive true), and the companion adopts the DN it reports, so a PWA
 * that reloads or relinks later is told to register it again.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startCompanion, snapshotWhere, type Harness } from './harness.ts';
import { homeRegistration } from '../../protocol/src/index.ts';

const REGISTERED = { state: 'registered', dn: '1002', server: '127.0.0.1:5060', since: 1 } as const;

describe('a fresh companion meets an already registered PWA', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startCompanion();
  });
  afterEach(() => h.close());

  it('answers from the snapshot without RegisterDn and re-sends the DN to the next PWA window', async () => {
    const first = await h.connectPwa();
    first.setRegistration(REGISTERED);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: true });
    assert.deepEqual((await h.wwe('GET', '/GetDnSIP')).json, { get_DnSIPResult: '1002' });
    assert.equal(
      first.requests.some((r) => r.command.name === 'register'),
      false,
    );

    await first.close();
    assert.deepEqual((await h.wwe('GET', '/GetIsEndpointActive')).json, { get_IsEndpointActiveResult: false });
    const second = await h.connectPwa({ autoRegister: false });
    const register = await second.nextRequest('register');
    assert.deepEqual(register.command.params, { dn: '1002', server: '127.0.0.1:5060' });
  });

  it('adopts nothing once WWE has spoken: after UnregisterDn a registered PWA is not re-registered', async () => {
    const unregistered = await h.wwe('POST', '/UnregisterDn/');
    assert.equal(unregistered.status, 200);
    const first = await h.connectPwa();
    first.setRegistration(REGISTERED);
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    await first.close();

    const second = await h.connectPwa({ autoRegister: false });
    // A round trip through the companion after the link: any register would have been sent by now.
    await h.companion.relay.request('getStatus', {});
    assert.deepEqual(
      second.requests.map((r) => r.command.name),
      ['applySettings', 'getStatus'],
    );
  });
});
