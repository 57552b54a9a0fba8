/**
 * The softphone's audio devices as Genesys Softphone's Connector v2 reports and changes them
 * (`GET /session` → `devices`, `POST /audio`): microphone and speaker with a name, a mute flag and a
 * volume in percent, and whether the devices in use are a headset.
 */
import * as v from 'valibot';

export const VolumeSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100));

const DeviceStateSchema = v.object({ name: v.string(), muted: v.boolean(), volume: VolumeSchema });

export const AudioStateSchema = v.object({
  microphone: DeviceStateSchema,
  speaker: DeviceStateSchema,
  headsetUsed: v.boolean(),
});
export type AudioState = v.InferOutput<typeof AudioStateSchema>;

const DeviceChangeSchema = v.strictObject({ muted: v.optional(v.boolean()), volume: v.optional(VolumeSchema) });

/** A change to the audio devices; fields left out stay as they are. */
export const AudioChangeSchema = v.strictObject({
  microphone: v.optional(DeviceChangeSchema),
  speaker: v.optional(DeviceChangeSchema),
});
export type AudioChange = v.InferOutput<typeof AudioChangeSchema>;

/** Before the PWA has opened a device: nothing muted, full volume, no headset known. */
export const INITIAL_AUDIO_STATE: AudioState = {
  microphone: { name: '', muted: false, volume: 100 },
  speaker: { name: '', muted: false, volume: 100 },
  headsetUsed: false,
};

type DeviceState = AudioState['microphone'];
type DeviceChange = NonNullable<AudioChange['microphone']>;

function applyDeviceChange(device: DeviceState, change: DeviceChange | undefined): DeviceState {
  const muted = change?.muted ?? device.muted;
  const volume = change?.volume ?? device.volume;
  return muted === device.muted && volume === device.volume ? device : { ...device, muted, volume };
}

/**
 * The audio state after a change; fields the change leaves out stay as they are. A change that changes
 * nothing returns `audio` itself, so callers can tell (and the PWA pushes no new state for it).
 */
export function applyAudioChange(audio: AudioState, change: AudioChange): AudioState {
  const microphone = applyDeviceChange(audio.microphone, change.microphone);
  const speaker = applyDeviceChange(audio.speaker, change.speaker);
  return microphone === audio.microphone && speaker === audio.speaker ? audio : { ...audio, microphone, speaker };
}
