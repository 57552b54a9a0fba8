/**
 * WWE's device rules over a device list: names or regular expressions, first match wins, the
 * browser's Default/Communications aliases never match, no rule leaves Settings, a rule that matches
 * nothing falls back to the system default and says so; the headset rule refuses calls only when
 * asked to.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENDPOINT_SETTINGS, type EndpointSettings } from '../../protocol/src/index.ts';
import {
  devicePlan,
  headsetRefusal,
  matchesRule,
  withDeviceRules,
  type DeviceEntry,
  type RolePick,
} from '../src/phone/device-rules.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';

const DEVICES: DeviceEntry[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default - Jabra Evolve2 40 Mono' },
  { deviceId: 'mic-laptop', kind: 'audioinput', label: 'Internal Microphone (Built-in)' },
  { deviceId: 'mic-jabra', kind: 'audioinput', label: 'Jabra Evolve2 40 Mono (0b0e:0305)' },
  { deviceId: 'mic-usb', kind: 'audioinput', label: 'USB Audio Device' },
  { deviceId: 'default', kind: 'audiooutput', label: 'Default - Speakers (Realtek)' },
  { deviceId: 'out-speakers', kind: 'audiooutput', label: 'Speakers (Realtek)' },
  { deviceId: 'out-jabra', kind: 'audiooutput', label: 'Jabra Evolve2 40 Mono (0b0e:0305)' },
];

const device = (over: Partial<EndpointSettings['device']>): EndpointSettings['device'] => ({
  ...DEFAULT_ENDPOINT_SETTINGS.device,
  ...over,
});
const picked = (p: RolePick): string => (p.by === 'rule' ? p.deviceId : p.by);

describe('device rules', () => {
  it('matching: a name anywhere in the label, or a regular expression, without regard to case; * is any', () => {
    const table: [string, string, boolean][] = [
      ['jabra', 'Jabra Evolve2 40 Mono', true],
      ['Evolve2 40', 'Jabra Evolve2 40 Mono', true],
      ['^jabra.*mono$', 'Jabra Evolve2 40 Mono', true],
      ['^Evolve', 'Jabra Evolve2 40 Mono', false],
      ['Speakers (Realtek)', 'Speakers (Realtek)', true],
      ['plantronics|poly', 'Poly Blackwire 3320', true],
      ['*', 'anything', true],
      ['[unclosed', 'a [unclosed bracket', true],
      ['[unclosed', 'other', false],
    ];
    for (const [rule, label, expected] of table) {
      assert.equal(matchesRule(rule, label), expected, `${rule} ~ ${label}`);
    }
  });

  it('picks per role: first match wins, aliases skipped, no rule → settings, no match → unmatched', () => {
    const table: [string, Partial<EndpointSettings['device']>, Record<'input' | 'output' | 'ring', string>][] = [
      ['no rule at all', {}, { input: 'settings', output: 'settings', ring: 'settings' }],
      [
        'in/out names',
        { audioIn: 'jabra', audioOut: 'realtek' },
        { input: 'mic-jabra', output: 'out-speakers', ring: 'settings' },
      ],
      [
        'first match in list order',
        { audioIn: 'mic|usb' },
        { input: 'mic-laptop', output: 'settings', ring: 'settings' },
      ],
      [
        'use_headset: the headset rule picks both, the in/out names are ignored',
        { useHeadset: true, headsetName: 'jabra.*mono', audioIn: 'internal' },
        { input: 'mic-jabra', output: 'out-jabra', ring: 'settings' },
      ],
      ['ringer rule', { ringer: 'speakers' }, { input: 'settings', output: 'settings', ring: 'out-speakers' }],
      [
        'a rule that matches nothing',
        { audioIn: 'plantronics', ringer: 'nothing here' },
        { input: 'unmatched', output: 'settings', ring: 'unmatched' },
      ],
    ];
    for (const [name, rules, expected] of table) {
      const { roles } = devicePlan(device(rules), DEVICES);
      assert.deepEqual(
        { input: picked(roles.input), output: picked(roles.output), ring: picked(roles.ring) },
        expected,
        name,
      );
    }
  });

  it('headset: present when a microphone matches headset_name; refused only when a rule asks', () => {
    const session = (rejectWhenHeadsetMissing: boolean) => ({
      ...DEFAULT_ENDPOINT_SETTINGS.session,
      rejectWhenHeadsetMissing,
      headsetMissingCode: 488,
    });
    const table: [string, boolean, Partial<EndpointSettings['device']>, DeviceEntry[], number | null][] = [
      ['no rule asks', false, { headsetName: 'poly' }, DEVICES, null],
      ['reject_session_when_headset_na, headset present', true, { headsetName: 'jabra' }, DEVICES, null],
      ['reject_session_when_headset_na, headset missing', true, { headsetName: 'poly' }, DEVICES, 488],
      ['EnforceHeadsetUsage, headset missing', false, { headsetName: 'poly', enforceHeadset: true }, DEVICES, 488],
      ['headset_name * and no microphone at all', true, {}, [], 488],
      ['headset_name * and an alias only', true, {}, DEVICES.slice(0, 1), 488],
      ['headset_name * and any microphone', true, {}, DEVICES, null],
    ];
    for (const [name, reject, rules, devices, expected] of table) {
      const settings = { session: session(reject), device: device(rules) };
      assert.equal(headsetRefusal(settings, devicePlan(settings.device, devices))?.code ?? null, expected, name);
    }
  });

  it('settings: ruled roles replaced, unmatched ones back to the system default, the rest kept', () => {
    const agent = {
      ...DEFAULT_SETTINGS,
      audio: {
        ...DEFAULT_SETTINGS.audio,
        inputDeviceId: 'mic-usb',
        outputDeviceId: 'out-jabra',
        ringDeviceId: 'out-jabra',
      },
    };
    const plan = devicePlan(device({ audioIn: 'internal', ringer: 'nothing here' }), DEVICES);
    const audio = withDeviceRules(agent, plan).audio;
    assert.equal(audio.inputDeviceId, 'mic-laptop');
    assert.equal(audio.outputDeviceId, 'out-jabra');
    assert.equal('ringDeviceId' in audio, false);
    assert.equal(agent.audio.ringDeviceId, 'out-jabra', 'the agent’s own settings are untouched');
  });
});
