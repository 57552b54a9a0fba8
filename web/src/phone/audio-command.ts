/**
 * The `setAudio` command (Connector v2's `POST /audio`): microphone and speaker mute and volume.
 * Muting the microphone mutes every call now and every call that starts while it stays muted; the
 * speaker's mute and volume are read by the remote-audio element from the snapshot. The microphone
 * volume is kept and reported only: a web page has no control of the capture device's level.
 */
import { applyAudioChange, type AudioChange, type AudioState } from '../../../protocol/src/index.ts';
import type { CallState } from './call-machine.ts';
import type { PhoneContext } from './phone-context.ts';

/** Brings an active call's mute in line with the microphone's. */
export function followMicrophoneMute(ctx: PhoneContext, call: CallState): void {
  const muted = ctx.audio().microphone.muted;
  if (call.state === 'active' && call.muted !== muted) {
    ctx.sip.setMute(call.callId, muted);
    ctx.applyCall(call.callId, { type: 'mute', muted });
  }
}

export function setAudio(ctx: PhoneContext, change: AudioChange): Promise<AudioState> {
  const audio = applyAudioChange(ctx.audio(), change);
  ctx.setAudio(audio);
  if (change.microphone?.muted !== undefined) {
    ctx.liveCalls().forEach((call) => followMicrophoneMute(ctx, call));
  }
  ctx.log.info('audio devices changed', change);
  return Promise.resolve(audio);
}
