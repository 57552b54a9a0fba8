/**
 * The endpoint's effective settings: what Genesys Softphone 9 would do with the settings tree WWE
 * pushes (SetOptions, SetSIPEndpointParameters), the machine's policy and the defaults, as one typed
 * object the companion validates once and the PWA applies. Fields default to the Softphone's
 * defaults, except where a browser endpoint is better served by the browser's own.
 */
import * as v from 'valibot';

const SipCodeSchema = v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(699));
const NonNegativeIntSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A device rule: a name or a regular expression, matched against the browser's device labels. */
export const DeviceRuleSchema = v.pipe(v.string(), v.maxLength(256));

export const EndpointSettingsSchema = v.object({
  session: v.object({
    autoAnswer: v.boolean(),
    autoAnswerDelayMs: NonNegativeIntSchema,
    dtmfMethod: v.picklist(['rfc4733', 'info']),
    autoGainControl: v.boolean(),
    echoCancellation: v.boolean(),
    noiseSuppression: v.boolean(),
    rejectWhenBusy: v.boolean(),
    busyCallCount: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2)),
    busyCode: SipCodeSchema,
    rejectWhenHeadsetMissing: v.boolean(),
    headsetMissingCode: SipCodeSchema,
    ringingEnabled: v.boolean(),
    /** Seconds a call may ring before it is refused; 0 rings until the caller gives up. */
    ringingTimeoutS: NonNegativeIntSchema,
  }),
  device: v.object({
    useHeadset: v.boolean(),
    headsetName: DeviceRuleSchema,
    audioIn: DeviceRuleSchema,
    audioOut: DeviceRuleSchema,
    ringer: DeviceRuleSchema,
    /** SetSIPEndpointParameters' EnforceHeadsetUsage: calls need a device matching the headset rule. */
    enforceHeadset: v.boolean(),
  }),
  endpoint: v.object({
    /** MOS below which the voice-quality alarm is raised; 0 switches the alarm off. */
    vqAlarmThreshold: v.pipe(v.number(), v.minValue(0), v.maxValue(5)),
    /** Seconds without inbound RTP before a call is flagged as silent; 0 switches the check off. */
    rtpInactivityTimeoutS: NonNegativeIntSchema,
  }),
  /** Audio codecs in order of preference (lower-case names: opus, pcmu, pcma, g722, …); empty keeps the browser's order. */
  codecs: v.array(v.pipe(v.string(), v.maxLength(32))),
  /** BCP 47 language WWE asked for (SetSIPEndpointParameters' preferred_language), or null. */
  preferredLanguage: v.nullable(v.pipe(v.string(), v.maxLength(35))),
});
export type EndpointSettings = v.InferOutput<typeof EndpointSettingsSchema>;

export const DEFAULT_ENDPOINT_SETTINGS: EndpointSettings = {
  session: {
    autoAnswer: false,
    autoAnswerDelayMs: 0,
    dtmfMethod: 'rfc4733',
    // The browser's audio processing stays on unless a setting turns it off: the Softphone's native
    // defaults (echo_control 0, noise_suppression 0) would leave a browser microphone unprocessed.
    autoGainControl: true,
    echoCancellation: true,
    noiseSuppression: true,
    rejectWhenBusy: false,
    busyCallCount: 1,
    busyCode: 486,
    rejectWhenHeadsetMissing: false,
    headsetMissingCode: 480,
    ringingEnabled: true,
    ringingTimeoutS: 0,
  },
  device: {
    useHeadset: false,
    headsetName: '*',
    audioIn: '',
    audioOut: '',
    ringer: '',
    enforceHeadset: false,
  },
  endpoint: { vqAlarmThreshold: 0, rtpInactivityTimeoutS: 30 },
  codecs: [],
  preferredLanguage: null,
};

/** Where an effective value came from, lowest precedence first. */
export const SETTING_SOURCES = ['default', 'machine', 'wwe'] as const;
export type SettingSource = (typeof SETTING_SOURCES)[number];
export const SettingSourceSchema = v.picklist(SETTING_SOURCES);

/**
 * `applySettings`: the whole effective settings, pushed to the PWA whenever they change and on every
 * link, with where each field came from (`session.autoAnswer` → `wwe`). A field still at its
 * `default` leaves the agent's own choice in the PWA's Settings standing, where the PWA has one.
 */
export const AppliedSettingsSchema = v.object({
  settings: EndpointSettingsSchema,
  sources: v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), SettingSourceSchema), v.maxEntries(64)),
});
export type AppliedSettings = v.InferOutput<typeof AppliedSettingsSchema>;

export const DEFAULT_APPLIED_SETTINGS: AppliedSettings = { settings: DEFAULT_ENDPOINT_SETTINGS, sources: {} };

/** True when the field at `path` (`session.autoAnswer`) was set by the machine or WWE, not left at its default. */
export function isDecided(applied: AppliedSettings, path: string): boolean {
  const source = applied.sources[path];
  return source !== undefined && source !== 'default';
}
