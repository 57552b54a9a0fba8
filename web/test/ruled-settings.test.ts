/** The ruled settings: issued credential, device rules and WWE's codec order in place; built once per change of an input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_APPLIED_SETTINGS, DEFAULT_ENDPOINT_SETTINGS } from '../../protocol/src/index.ts';
import type { DevicePlan } from '../src/phone/device-rules.ts';
import { cachedRuledSettings, ruleSettings, type RuledInputs } from '../src/phone/ruled-settings.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';

const BASE: RuledInputs = {
  own: { ...DEFAULT_SETTINGS, credentials: { '1001': { password: 'own' } } },
  issued: null,
  devices: null,
  endpoint: DEFAULT_APPLIED_SETTINGS,
};
const PLAN: DevicePlan = {
  roles: {
    input: { by: 'rule', rule: 'jabra', deviceId: 'mic-jabra', label: 'Jabra' },
    output: { by: 'settings' },
    ring: { by: 'settings' },
  },
  hasHeadset: true,
};

describe('ruled settings', () => {
  it('puts the issued credential, the device rules and WWE’s codec order over the agent’s Settings', () => {
    const ruled = ruleSettings({
      ...BASE,
      issued: { dn: '1001', credential: { password: 'issued', authorizationUser: 'u1001' } },
      devices: PLAN,
      endpoint: { settings: { ...DEFAULT_ENDPOINT_SETTINGS, codecs: ['pcmu'] }, sources: { codecs: 'wwe' } },
    });
    assert.deepEqual(ruled.credentials['1001'], { password: 'issued', authorizationUser: 'u1001' });
    assert.equal(ruled.audio.inputDeviceId, 'mic-jabra');
    assert.deepEqual(ruled.audioCodecs, ['PCMU']);
  });

  it('hands out the same object while no input changes, and a new one built from the new input when one does', () => {
    let inputs = BASE;
    const ruled = cachedRuledSettings(() => inputs);
    const first = ruled();
    assert.equal(ruled(), first, 'nothing changed: not rebuilt');
    const changes: [string, Partial<RuledInputs>, (s: ReturnType<typeof ruled>) => unknown, unknown][] = [
      [
        'own Settings',
        { own: { ...BASE.own, sipWebSocketUrl: 'wss://gw/ws' } },
        (s) => s.sipWebSocketUrl,
        'wss://gw/ws',
      ],
      [
        'issued credential',
        { issued: { dn: '1001', credential: { password: 'issued' } } },
        (s) => s.credentials['1001']?.password,
        'issued',
      ],
      ['device plan', { devices: PLAN }, (s) => s.audio.inputDeviceId, 'mic-jabra'],
      [
        'endpoint settings',
        { endpoint: { settings: { ...DEFAULT_ENDPOINT_SETTINGS, codecs: ['pcma'] }, sources: { codecs: 'wwe' } } },
        (s) => s.audioCodecs,
        ['PCMA'],
      ],
    ];
    for (const [what, change, read, expected] of changes) {
      const before = ruled();
      inputs = { ...inputs, ...change };
      const after = ruled();
      assert.notEqual(after, before, `${what} changed: rebuilt`);
      assert.deepEqual(read(after), expected, what);
      assert.equal(ruled(), after, `${what}: then kept`);
    }
  });
});
