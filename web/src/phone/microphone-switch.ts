/**
 * A microphone picked mid-call (the agent's Settings, or WWE's device rules after a headset was plugged
 * in) reaches every live call at once: each opens the new microphone and sends from it through
 * RTCRtpSender.replaceTrack — no re-INVITE, mute kept. A call still being set up takes the microphone
 * it opened; the next call opens the new one anyway.
 */
import type { StepDraft } from './phone-step.ts';

export function switchMicrophones(d: StepDraft): void {
  for (const call of d.state.calls.filter((c) => c.state === 'active')) {
    const key = `switch:${call.callId}`;
    d.log('info', `call ${call.callId} moves to the microphone now chosen`);
    d.push({ type: 'openMicrophone', key, report: false });
    d.sip({ method: 'switchMicrophone', callId: call.callId, key });
  }
}
