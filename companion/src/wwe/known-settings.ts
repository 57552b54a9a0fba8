/**
 * Every Genesys Softphone 9 setting WWE can push, and what this endpoint does with it: one row a key
 * (its place in the tree, how its value is read, which effective field it sets, and when it takes
 * effect). The effective settings are folded from these rows over the layers default → machine → WWE;
 * a value of the wrong kind is kept out and reported, never allowed to disable the phone.
 */
import { DEFAULT_ENDPOINT_SETTINGS, type EndpointSettings, type SettingSource } from '../../../protocol/src/index.ts';
import type { SettingsTree, SettingValue } from './settings-tree.ts';

/** When a setting takes effect in a browser endpoint. */
export type SettingEffect =
  /** Applied at once, also to calls in progress. */
  | 'live'
  /** Applied from the next call (WebRTC cannot change it mid-call). */
  | 'next-call'
  /** Kept and shown; no browser equivalent is built for it (yet: a row with a field is typed and pushed to the PWA). */
  | 'stored'
  /** Meaningless in a browser endpoint (native sockets, audio APIs, the Softphone's own window). */
  | 'not-applicable'
  /** Read by the companion itself (WWE's ping watchdog). */
  | 'companion';

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };
type Reader = (raw: SettingValue) => Parsed;

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (reason: string): Parsed => ({ ok: false, reason });

const FLAG: Reader = (raw) => {
  const text = String(raw).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) {
    return ok(true);
  }
  if (['0', 'false', 'no', 'off'].includes(text)) {
    return ok(false);
  }
  return bad('expected 1/0, true/false');
};

const int =
  (min: number, max: number): Reader =>
  (raw) => {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max
      ? ok(n)
      : bad(`expected a whole number from ${min} to ${max}`);
  };

const decimal =
  (min: number, max: number): Reader =>
  (raw) => {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max
      ? ok(n)
      : bad(`expected a number from ${min} to ${max}`);
  };

const TEXT: Reader = (raw) => (typeof raw === 'string' ? ok(raw) : bad('expected text'));

/** A device name or regular expression; a pattern that does not compile is refused here, not at the device list. */
const DEVICE_RULE: Reader = (raw) => {
  if (typeof raw !== 'string') {
    return bad('expected a device name or regular expression');
  }
  try {
    new RegExp(raw === '*' ? '.*' : raw, 'i');
    return ok(raw);
  } catch {
    return bad('not a valid regular expression');
  }
};

const DTMF_METHOD: Reader = (raw) => {
  const text = String(raw).trim().toLowerCase();
  if (text === 'rfc2833' || text === 'rfc4733') {
    return ok('rfc4733');
  }
  return text === 'info' ? ok('info') : bad('expected rfc2833 or info');
};

const LANGUAGE: Reader = (raw) =>
  typeof raw === 'string' && /^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$/.test(raw.trim())
    ? ok(raw.trim().replace(/_/g, '-'))
    : bad('expected a language tag such as fr, pt_br or en-US');

const ANY: Reader = (raw) => ok(raw);

/** Paths into EndpointSettings that a row may set. */
type SettingsPath =
  | { [G in 'session' | 'device' | 'endpoint']: `${G}.${keyof EndpointSettings[G] & string}` }[
      'session' | 'device' | 'endpoint']
  | 'preferredLanguage';

export interface KnownSetting {
  /** The key in the tree, lower case. */
  key: string;
  read: Reader;
  /** The effective field it sets; none for stored-only and not-applicable keys. */
  field?: SettingsPath;
  effect: SettingEffect;
}

const row = (key: string, read: Reader, effect: SettingEffect, field?: SettingsPath): KnownSetting => ({
  key,
  read,
  effect,
  ...(field ? { field } : {}),
});

export const KNOWN_SETTINGS: readonly KnownSetting[] = [
  row('policy.session.auto_answer', FLAG, 'live', 'session.autoAnswer'),
  row('policy.session.auto_answer_delay', int(0, 60_000), 'live', 'session.autoAnswerDelayMs'),
  row('policy.session.dtmf_method', DTMF_METHOD, 'live', 'session.dtmfMethod'),
  row('policy.session.agc_mode', FLAG, 'live', 'session.autoGainControl'),
  row('policy.session.echo_control', FLAG, 'live', 'session.echoCancellation'),
  row('policy.session.noise_suppression', FLAG, 'live', 'session.noiseSuppression'),
  row('policy.session.reject_session_when_busy', FLAG, 'live', 'session.rejectWhenBusy'),
  row('policy.session.number_sessions_for_busy', int(1, 2), 'live', 'session.busyCallCount'),
  row('policy.session.sip_code_when_busy', int(400, 699), 'live', 'session.busyCode'),
  row('policy.session.reject_session_when_headset_na', FLAG, 'live', 'session.rejectWhenHeadsetMissing'),
  row('policy.session.sip_code_when_headset_na', int(400, 699), 'live', 'session.headsetMissingCode'),
  row('policy.session.ringing_enabled', FLAG, 'live', 'session.ringingEnabled'),
  row('policy.session.ringing_timeout', int(0, 3600), 'live', 'session.ringingTimeoutS'),
  row('policy.device.use_headset', FLAG, 'live', 'device.useHeadset'),
  row('policy.device.headset_name', DEVICE_RULE, 'live', 'device.headsetName'),
  row('policy.device.audio_in_device', DEVICE_RULE, 'live', 'device.audioIn'),
  row('policy.device.audio_out_device', DEVICE_RULE, 'live', 'device.audioOut'),
  row('policy.device.ringer_device', DEVICE_RULE, 'live', 'device.ringer'),
  row('policy.endpoint.vq_alarm_threshold', decimal(0, 5), 'live', 'endpoint.vqAlarmThreshold'),
  row('policy.endpoint.rtp_inactivity_timeout', int(0, 3600), 'live', 'endpoint.rtpInactivityTimeoutS'),
  // SetSIPEndpointParameters' pairs, kept under their own domain.
  row('parameters.enforceheadsetusage', FLAG, 'live', 'device.enforceHeadset'),
  row('parameters.enforce_headset_usage', FLAG, 'live', 'device.enforceHeadset'),
  row('parameters.preferred_language', LANGUAGE, 'live', 'preferredLanguage'),
  row('parameters.telemetry_url', TEXT, 'stored'),
  row('parameters.telemetry_token', TEXT, 'stored'),
  row('parameters.sipendpointtransportprotocol', ANY, 'not-applicable'),
  // WWE's own options: the companion's watchdog reads the ping ones.
  row('sipendpoint.ping-interval', int(100, 600_000), 'companion'),
  row('sipendpoint.max-failed-ping', int(1, 1000), 'companion'),
  row('sipendpoint.uri', TEXT, 'stored'),
  row('sipendpoint.sip-server-address', TEXT, 'stored'),
  row('sipendpoint.register-interval', ANY, 'stored'),
  row('sipendpoint.register-max-attempts', ANY, 'stored'),
  row('sipendpoint.wait-user-max-attempts', ANY, 'stored'),
  row('sipendpoint.headset-unplugged-set-not-ready', FLAG, 'stored'),
  row('sipendpoint.transport-protocol', ANY, 'not-applicable'),
  // Softphone settings kept for the record: no browser equivalent is built for them.
  ...[
    'policy.session.rx_agc_mode',
    'policy.session.dtx_mode',
    'policy.session.vad_level',
    'policy.session.ringing_file',
    'policy.session.ringback_enabled',
    'policy.session.ringback_file',
    'policy.session.restart_audio_if_stuck',
    'policy.endpoint.sip_transaction_timeout',
    'policy.endpoint.answer_sdp_priority',
    'policy.endpoint.defer_device_release',
    'policy.endpoint.vq_report_publish',
    'policy.endpoint.vq_report_collector',
  ].map((key) => row(key, ANY, 'stored')),
  ...[
    'policy.endpoint.sip_port_min',
    'policy.endpoint.sip_port_max',
    'policy.endpoint.rtp_port_min',
    'policy.endpoint.rtp_port_max',
    'policy.endpoint.tcp_port_min',
    'policy.endpoint.tcp_port_max',
    'policy.endpoint.sip_port_binding',
    'policy.endpoint.webrtc_audio_layer',
    'policy.endpoint.public_address',
    'policy.endpoint.ip_versions',
    'policy.endpoint.include_os_version_in_user_agent_header',
    'policy.endpoint.include_sdk_version_in_user_agent_header',
    'policy.endpoint.include_mac_address',
    'policy.endpoint.gui_tabs',
    'policy.endpoint.gui_call_lines',
  ].map((key) => row(key, ANY, 'not-applicable')),
];

const BY_KEY = new Map(KNOWN_SETTINGS.map((known) => [known.key, known]));

/** One layer of settings trees, lowest precedence first (the defaults are implicit). */
export interface SettingsLayer {
  source: Exclude<SettingSource, 'default'>;
  tree: SettingsTree;
}

/** One key of the trees as the dashboard shows it. */
export interface SettingReport {
  key: string;
  value: SettingValue;
  source: SettingsLayer['source'];
  /** What the endpoint does with it; `unknown` for keys this endpoint does not know (stored). */
  effect: SettingEffect | 'unknown';
  /** Set when the value was kept out of the effective settings. */
  refused?: string;
  /** Set when a later layer's value for the same field won over this one. */
  overridden?: true;
}

export interface EffectiveSettings {
  settings: EndpointSettings;
  /** Where each effective field's value came from (`session.autoAnswer` → `wwe`), for every field. */
  sources: Readonly<Record<string, SettingSource>>;
  reports: SettingReport[];
}

/** Folds the layers over the defaults: the last valid value of each field wins. */
export function effectiveSettings(layers: readonly SettingsLayer[]): EffectiveSettings {
  const settings = structuredClone<EndpointSettings>(DEFAULT_ENDPOINT_SETTINGS);
  const sources: Record<string, SettingSource> = {};
  for (const path of fieldPaths(settings)) {
    sources[path] = 'default';
  }
  const reports: SettingReport[] = [];
  const winner = new Map<string, SettingReport>();
  const codecPriorities = new Map<string, { priority: number; source: SettingsLayer['source'] }>();
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.tree)) {
      const lower = key.toLowerCase();
      const codec = /^codecs\.([^.]+(?:\/\d+)*)\.priority$/.exec(lower);
      const known = BY_KEY.get(lower);
      const report: SettingReport = { key, value, source: layer.source, effect: known?.effect ?? 'unknown' };
      reports.push(report);
      if (codec?.[1]) {
        const parsed = int(0, 1000)(value);
        if (parsed.ok) {
          report.effect = 'next-call';
          codecPriorities.set(codec[1].split('/')[0] ?? codec[1], {
            priority: parsed.value as number,
            source: layer.source,
          });
        } else {
          report.refused = parsed.reason;
        }
        continue;
      }
      if (!known) {
        continue;
      }
      const parsed = known.read(value);
      if (!parsed.ok) {
        report.refused = parsed.reason;
        continue;
      }
      if (known.field) {
        setField(settings, known.field, parsed.value);
        sources[known.field] = layer.source;
        const previous = winner.get(known.field);
        if (previous) {
          previous.overridden = true;
        }
        winner.set(known.field, report);
      }
    }
  }
  if (codecPriorities.size > 0) {
    settings.codecs = [...codecPriorities.entries()]
      .filter(([, p]) => p.priority > 0)
      .sort((a, b) => b[1].priority - a[1].priority)
      .map(([name]) => name);
    sources.codecs = [...codecPriorities.values()].some((p) => p.source === 'wwe') ? 'wwe' : 'machine';
  }
  return { settings, sources, reports };
}

/** When the effective field at `path` (`session.autoAnswer`, `codecs`) takes effect. */
export function fieldEffect(path: string): SettingEffect {
  if (path === 'codecs') {
    // Taken into the SIP account at the next REGISTER: WWE sends SetOptions before RegisterDn.
    return 'next-call';
  }
  return KNOWN_SETTINGS.find((known) => known.field === path)?.effect ?? 'stored';
}

function setField(settings: EndpointSettings, path: SettingsPath, value: unknown): void {
  if (path === 'preferredLanguage') {
    settings.preferredLanguage = value as string;
    return;
  }
  const [group, name] = path.split('.') as ['session' | 'device' | 'endpoint', string];
  (settings[group] as Record<string, unknown>)[name] = value;
}

function fieldPaths(settings: EndpointSettings): string[] {
  return Object.entries(settings).flatMap(([group, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.keys(value).map((name) => `${group}.${name}`)
      : [group],
  );
}
