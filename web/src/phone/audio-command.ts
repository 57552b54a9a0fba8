/**
 * The `setAudio` command (Connector v2's `POST /audio`): microphone and speaker mute and volume.
 * Muting the microphone mutes every call now and every call that starts while it stays muted; the
 * speaker's mute and volume are read by the remote-audio element from the snapshot. The microphone
 * volume is kept and reported only: a web page has no control of the capture device's level. A change
 * that changes nothing (WWE unmuting an unmuted speaker) keeps the state as it is: no new snapshot, no log line.
 */
import { applyAudioChange, type AudioChange } from '../../../protocol/src/index.ts';
import { followMicrophoneMute } from './call-transitions.ts';
import { respond } from './pending-commands.ts';
import type { StepDraft } from './phone-step.ts';

export function setAudio(d: StepDraft, id: number, change: AudioChange): void {
  const audio = applyAudioChange(d.state.audio, change);
  if (audio !== d.state.audio) {
    d.update({ audio });
    d.log('info', 'audio devices changed', change);
  }
  if (change.microphone?.muted !== undefined) {
    d.state.calls.forEach((call) => followMicrophoneMute(d, call));
  }
  respond(d, { id }, { result: audio });
}
