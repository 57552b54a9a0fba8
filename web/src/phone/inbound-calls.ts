/**
 * Inbound calls in the phone reducer: a new INVITE is refused when busy or rings (the microphone opens
 * at once, auto-answer and ringing_timeout timers start), and Genesys SIP Server's NOTIFY remote
 * control answers, holds or retrieves.
 */
import { callSnapshot, createCall } from './call-machine.ts';
import { answer, hangUp, setHold } from './call-commands.ts';
import { addCall, autoAnswerKey, ringingKey } from './call-transitions.ts';
import { autoAnswerDelayMs, effectiveAutoAnswer } from './auto-answer.ts';
import { RINGING_TIMEOUT_CODE, autoAnswerPolicy, busyRefusal, ringingTimeoutMs } from './endpoint-policy.ts';
import { callOf, headsetRefusalOf } from './phone-state.ts';
import type { StepDraft } from './phone-step.ts';
import type { RemoteControlAction, SipEvent } from './sip-port.ts';

export function onIncoming(d: StepDraft, event: Extract<SipEvent, { type: 'incoming' }>): void {
  const { endpoint } = d.state;
  const refusal = busyRefusal(d.state.calls.length, endpoint) ?? headsetRefusalOf(d.state);
  if (refusal) {
    d.log('warn', `call ${event.callId} refused with ${refusal.code}: ${refusal.why}`);
    d.sip({ method: 'hangup', callId: event.callId, mode: { refuse: refusal.code } });
    return;
  }
  const { callId, remote, displayName, genesysCallUuid } = event;
  const call = createCall(
    {
      callId,
      direction: 'inbound',
      remote,
      ...(displayName !== undefined ? { displayName } : {}),
      ...(genesysCallUuid !== undefined ? { genesysCallUuid } : {}),
    },
    d.env.now,
  );
  addCall(d, call);
  d.log('info', `incoming call ${callId} from ${remote}`, { genesysCallUuid, autoAnswer: event.autoAnswer });
  d.push({ type: 'openMicrophone', key: callId, report: true });
  d.sip({ method: 'prepareAnswer', callId });
  d.push({ type: 'emit', event: { type: 'incoming', call: callSnapshot(call) } });
  const mode = effectiveAutoAnswer(d.env.settings.autoAnswer, autoAnswerPolicy(endpoint));
  const delay = autoAnswerDelayMs(mode, event.autoAnswer, endpoint.settings.session.autoAnswerDelayMs);
  if (delay !== null) {
    d.log('info', `auto-answering ${callId} in ${delay} ms (${mode})`);
    d.push({ type: 'setTimer', key: autoAnswerKey(callId), delayMs: delay, input: { type: 'autoAnswerDue', callId } });
  }
  const ringingMs = ringingTimeoutMs(endpoint);
  if (ringingMs !== null) {
    const input = { type: 'ringingTimeout', callId, ringingMs } as const;
    d.push({ type: 'setTimer', key: ringingKey(callId), delayMs: ringingMs, input });
  }
}

/** ringing_timeout: a call still ringing is refused (480) and ends on our side. */
export function onRingingTimeout(d: StepDraft, callId: string, ringingMs: number): void {
  const call = callOf(d.state, callId);
  if (call?.state !== 'incoming') {
    return;
  }
  d.log('info', `call ${callId} rang ${ringingMs} ms unanswered: refused with ${RINGING_TIMEOUT_CODE}`);
  hangUp(d, call, RINGING_TIMEOUT_CODE);
}

/** Auto-answer or NOTIFY talk: answers a call that still rings. */
export function answerRinging(d: StepDraft, callId: string, why: string): void {
  const call = callOf(d.state, callId);
  if (call?.state === 'incoming') {
    answer(d, call, { warn: `${why} of ${callId} failed` });
  }
}

/** Genesys SIP Server's NOTIFY (already answered 200 by the seam): talk = answer or retrieve, hold = hold. */
export function onRemoteControl(d: StepDraft, callId: string, action: RemoteControlAction): void {
  const call = callOf(d.state, callId);
  d.log('info', `remote control '${action}' for ${callId} (${call?.state ?? 'unknown call'})`);
  if (action === 'talk' && call?.state === 'incoming') {
    answerRinging(d, callId, 'NOTIFY talk');
  } else if (call?.state === 'active' && (action === 'talk') === call.hold.local && !call.hold.pending) {
    setHold(d, call, action === 'hold', { warn: `NOTIFY ${action} on ${callId} failed` });
  }
}
