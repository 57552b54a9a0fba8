import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideLinkStart, loopbackPermission } from '../src/app/link-policy.ts';

describe('opening the companion link at start (Local Network Access)', () => {
  it('connects at once when the permission is granted, paired or not', () => {
    assert.deepEqual(decideLinkStart({ isPaired: false, permission: 'granted' }), { state: 'connect' });
    assert.deepEqual(decideLinkStart({ isPaired: true, permission: 'granted' }), { state: 'connect' });
  });
  it('connects at once when paired and the permission was never asked', () => {
    assert.deepEqual(decideLinkStart({ isPaired: true, permission: 'prompt' }), { state: 'connect' });
    assert.deepEqual(decideLinkStart({ isPaired: true, permission: 'unknown' }), { state: 'connect' });
  });
  it('waits for the Pair click when not paired and not granted', () => {
    const decision = decideLinkStart({ isPaired: false, permission: 'prompt' });
    assert.equal(decision.state, 'wait');
    assert.equal(decision.state === 'wait' && decision.view.state, 'unpaired');
  });
  it('tries when paired even if denied (no prompt can appear), and says so when it must wait', () => {
    assert.deepEqual(decideLinkStart({ isPaired: true, permission: 'denied' }), { state: 'connect' });
    const decision = decideLinkStart({ isPaired: false, permission: 'denied' });
    assert.equal(decision.state, 'wait');
    assert.deepEqual(decision, { state: 'wait', view: { state: 'unpaired', isNetworkBlocked: true } });
  });
  it('reads the newer permission name first and falls back to the older one, then to unknown', async () => {
    const asked: string[] = [];
    const permissions = {
      query: (descriptor: { name: string }) => {
        asked.push(descriptor.name);
        return descriptor.name === 'local-network-access'
          ? Promise.resolve({ state: 'granted' } as PermissionStatus)
          : Promise.reject(new TypeError('unknown permission'));
      },
    } as unknown as Permissions;
    assert.equal(await loopbackPermission(permissions), 'granted');
    assert.deepEqual(asked, ['loopback-network', 'local-network-access']);
    const none = { query: () => Promise.reject(new TypeError('no')) } as unknown as Permissions;
    assert.equal(await loopbackPermission(none), 'unknown');
  });
});
