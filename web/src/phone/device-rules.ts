/**
 * WWE's device rules (`policy.device.*`) over the browser's device list (pure): which microphone,
 * speaker and ringer a rule picks, whether the headset the contact center asks for is there, and the
 * agent's Settings with the ruled choices in place.
 *
 * A rule is a device name or a regular expression, matched against the device labels without regard
 * to case (`*` matches any device); the first device in the browser's order that matches wins. The
 * browser's own "Default" and "Communications" entries are aliases of real devices and never match.
 * With `use_headset` the headset rule picks the microphone and the speaker; otherwise
 * `audio_in_device` and `audio_out_device` do. `ringer_device` picks the ringer. A role with no rule
 * keeps the agent's choice in Settings; a rule that matches nothing falls back to the system default
 * and is reported, never silently ignored.
 */
import type { EndpointSettings } from '../../../protocol/src/index.ts';
import type { Settings } from '../settings/settings.ts';

/** The parts of MediaDeviceInfo the rules read. */
export type DeviceEntry = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

export type DeviceRole = 'input' | 'output' | 'ring';

/** What decides a role's device. */
export type RolePick =
  /** No rule: the agent's choice in Settings stands. */
  | { by: 'settings' }
  /** A rule matched this device. */
  | { by: 'rule'; rule: string; deviceId: string; label: string }
  /** A rule matched nothing: the system default is used. */
  | { by: 'unmatched'; rule: string };

export type DevicePlan = {
  roles: Record<DeviceRole, RolePick>;
  /** Whether a microphone matches the headset rule (`headset_name`). */
  hasHeadset: boolean;
};

const ALIASES = new Set(['default', 'communications']);

/** Whether `label` matches `rule` (a name or a regular expression; `*` is any device). */
export function matchesRule(rule: string, label: string): boolean {
  if (rule === '*') {
    return true;
  }
  if (label.toLowerCase().includes(rule.toLowerCase())) {
    return true;
  }
  try {
    return new RegExp(rule, 'i').test(label);
  } catch {
    return false;
  }
}

function pick(rule: string, kind: MediaDeviceKind, devices: readonly DeviceEntry[]): RolePick {
  if (rule === '') {
    return { by: 'settings' };
  }
  const found = devices.find((d) => d.kind === kind && !ALIASES.has(d.deviceId) && matchesRule(rule, d.label));
  return found ? { by: 'rule', rule, deviceId: found.deviceId, label: found.label } : { by: 'unmatched', rule };
}

export function devicePlan(device: EndpointSettings['device'], devices: readonly DeviceEntry[]): DevicePlan {
  const input = device.useHeadset ? device.headsetName : device.audioIn;
  const output = device.useHeadset ? device.headsetName : device.audioOut;
  return {
    roles: {
      input: pick(input, 'audioinput', devices),
      output: pick(output, 'audiooutput', devices),
      ring: pick(device.ringer, 'audiooutput', devices),
    },
    hasHeadset: pick(device.headsetName || '*', 'audioinput', devices).by === 'rule',
  };
}

/**
 * `reject_session_when_headset_na` or SetSIPEndpointParameters' EnforceHeadsetUsage with no device
 * matching the headset rule: a new call is refused with `sip_code_when_headset_na`.
 */
export function headsetRefusal(
  settings: Pick<EndpointSettings, 'session' | 'device'>,
  plan: DevicePlan,
): { code: number; why: string } | null {
  const isRequired = settings.session.rejectWhenHeadsetMissing || settings.device.enforceHeadset;
  if (!isRequired || plan.hasHeadset) {
    return null;
  }
  return {
    code: settings.session.headsetMissingCode,
    why: `no device matches the headset rule '${settings.device.headsetName}'`,
  };
}

const FIELDS = { input: 'inputDeviceId', output: 'outputDeviceId', ring: 'ringDeviceId' } as const;

/**
 * The agent's Settings with each ruled role's device in place (a rule that matched nothing: the
 * system default); without a plan (device list not read yet, a follower's mirror) Settings as they are.
 */
export function withDeviceRules(settings: Settings, plan: DevicePlan | null | undefined): Settings {
  if (!plan) {
    return settings;
  }
  const audio = { ...settings.audio };
  for (const role of ['input', 'output', 'ring'] as const) {
    const decided = plan.roles[role];
    if (decided.by === 'rule') {
      audio[FIELDS[role]] = decided.deviceId;
    } else if (decided.by === 'unmatched') {
      delete audio[FIELDS[role]];
    }
  }
  return { ...settings, audio };
}
