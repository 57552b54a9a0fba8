/**
 * The whole phone as one pure reducer: `(state, input) → { state, effects }` over the link (transport
 * and registration slots, phone-link-machine.ts), the calls (call-machine.ts), audio, the endpoint
 * settings and the commands waiting on the SIP side. It does no I/O and holds no timers: the service
 * (phone-service.ts) feeds it SIP events, commands, timers and the microphone, and runs the effects.
 *
 * ```text
 * input ──▶ the part it concerns ──▶ every pending command re-checked ──▶ { state, effects }
 *   sip transport | registration ──▶ link-slice (retry timers, keepalive, ICE restart)
 *   sip incoming | remote-control ──▶ inbound-calls (refuse when busy, ring, auto-answer, NOTIFY)
 *   sip call ──▶ call-transitions (+ hang up after a transfer succeeded)
 *   command ──▶ registration-commands | call-commands | transfer-command | audio-command | settings-command
 *   microphone | dialed ──▶ call-commands (the 200 OK / INVITE goes out once the microphone is open)
 *   timers (retryDue, autoAnswerDue, ringingTimeout, commandTimeout) ──▶ the part that set them
 * ```
 */
import { RelayError, type Command } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { setAudio } from './audio-command.ts';
import type { CallState } from './call-machine.ts';
import {
  answer,
  dial,
  findCall,
  hangUp,
  hangup,
  onDialed,
  onMicrophone,
  sendDtmf,
  setHold,
  setMute,
} from './call-commands.ts';
import { applyCall } from './call-transitions.ts';
import { onCommandTimeout } from './command-timeouts.ts';
import { answerRinging, onIncoming, onRemoteControl, onRingingTimeout } from './inbound-calls.ts';
import { applyLink } from './link-slice.ts';
import { checkPending, replacePending, settle, startTimeout, type PendingCommand } from './pending-commands.ts';
import { callOf, phoneSnapshot, type PhoneState } from './phone-state.ts';
import { switchMicrophones } from './microphone-switch.ts';
import { StepDraft, type PhoneEnv, type PhoneInput, type PhoneStep } from './phone-step.ts';
import { onSipStopped, register, unregister } from './registration-commands.ts';
import { applySettings } from './settings-command.ts';
import type { SipEvent } from './sip-port.ts';
import { onTransferred, transfer } from './transfer-command.ts';

function onSipEvent(d: StepDraft, event: SipEvent, jitter: number): void {
  switch (event.type) {
    case 'transport':
      applyLink(d, { type: 'transport', event: event.event });
      break;
    case 'registration':
      applyLink(d, { type: 'registration', slot: event.slot, event: event.event, jitter });
      if (event.event.type === 'registrationFailed') {
        d.push({ type: 'emit', event: { type: 'registration-failed', cause: event.event.cause } });
      }
      break;
    case 'incoming':
      onIncoming(d, event);
      break;
    case 'call': {
      const before = callOf(d.state, event.callId);
      const next = applyCall(d, event.callId, event.event);
      if (event.event.type === 'transferSucceeded' && before?.state === 'active' && next?.state === 'ending') {
        onTransferred(d, event.callId, before.transfer?.withCallId ?? null);
      }
      break;
    }
    case 'remote-control':
      onRemoteControl(d, event.callId, event.action);
      break;
    default:
      assertNever(event, 'SIP event');
  }
}

/** Runs `then` on the call a command means, or fails the command when there is none. */
function withCall(
  d: StepDraft,
  id: number,
  callId: string | undefined,
  preference: CallState['state'][],
  then: (call: CallState) => void,
): void {
  const call = findCall(d, callId, preference);
  if (call instanceof RelayError) {
    d.push({ type: 'fail', id, error: call });
  } else {
    then(call);
  }
}

function onCommand(d: StepDraft, id: number, command: Command): void {
  switch (command.name) {
    case 'register':
      return register(d, id, command.params);
    case 'unregister':
      return unregister(d, id);
    case 'dial':
      return dial(d, id, command.params.target);
    case 'answer':
      return withCall(d, id, command.params.callId, ['incoming', 'answering', 'active'], (call) =>
        answer(d, call, { id }),
      );
    case 'hangup': {
      const preference: CallState['state'][] = ['active', 'incoming', 'answering', 'dialing', 'ringing', 'ending'];
      return withCall(d, id, command.params.callId, preference, (call) => hangup(d, call, id));
    }
    case 'setHold':
      return withCall(d, id, command.params.callId, ['active'], (call) =>
        setHold(d, call, command.params.held, { id }),
      );
    case 'setMute':
      return withCall(d, id, command.params.callId, ['active'], (call) => setMute(d, call, command.params.muted, id));
    case 'sendDtmf':
      return withCall(d, id, command.params.callId, ['active'], (call) => sendDtmf(d, call, command.params, id));
    case 'transfer':
      return transfer(d, id, command.params);
    case 'setAudio':
      return setAudio(d, id, command.params);
    case 'applySettings':
      return applySettings(d, id, command.params);
    case 'getStatus':
      d.push({ type: 'reply', id, result: phoneSnapshot(d.state) });
      return;
    case 'getLog':
      d.push({ type: 'readLog', id, params: command.params });
      return;
    case 'getBrowserChecks':
      d.push({ type: 'readBrowserChecks', id });
      return;
    default:
      return assertNever(command, 'command');
  }
}

/** Re-checks one wait after the input; a wait that moves on to its next phase is checked again. */
function settlePending(d: StepDraft, pending: PendingCommand, input: PhoneInput): void {
  let current = pending;
  while (d.state.pending.includes(current)) {
    const outcome = checkPending(d.state, current, input);
    switch (outcome.type) {
      case 'wait':
        return;
      case 'reply':
        settle(d, current, { result: outcome.result });
        return;
      case 'fail':
        settle(d, current, { error: outcome.error });
        return;
      case 'become':
        replacePending(d, outcome.next);
        startTimeout(d, outcome.next.ref, outcome.timeoutMs);
        current = outcome.next;
        break;
      default:
        assertNever(outcome, 'pending outcome');
    }
  }
}

function reduceInput(d: StepDraft, input: PhoneInput): void {
  switch (input.type) {
    case 'sip':
      return onSipEvent(d, input.event, input.jitter);
    case 'command':
      return onCommand(d, input.id, input.command);
    case 'link':
      applyLink(d, input.event);
      return;
    case 'microphone':
      return onMicrophone(d, input);
    case 'dialed':
    case 'dialFailed':
      return onDialed(d, input);
    case 'autoAnswerDue':
      return answerRinging(d, input.callId, 'auto-answer');
    case 'ringingTimeout':
      return onRingingTimeout(d, input.callId, input.ringingMs);
    case 'quality':
      applyCall(d, input.callId, { type: 'quality', quality: input.quality });
      return;
    case 'commandTimeout':
      return onCommandTimeout(d, input.ref);
    case 'devices':
      d.update({ devices: input.plan });
      return;
    case 'inputDeviceChanged':
      return switchMicrophones(d);
    case 'sipStopped':
      return onSipStopped(d);
    case 'shutdown':
      d.state.calls.filter((call) => call.state !== 'ending').forEach((call) => hangUp(d, call));
      return;
    default:
      return assertNever(input, 'phone input');
  }
}

export function reducePhone(state: PhoneState, input: PhoneInput, env: PhoneEnv): PhoneStep {
  const d = new StepDraft(state, env);
  reduceInput(d, input);
  d.state.pending.forEach((pending) => settlePending(d, pending, input));
  if (state.calls.length === 0 && d.state.calls.length > 0) {
    d.push({ type: 'updateKeepalive' }); // a call began: the keepalive beats at its call period
  }
  return { state: d.state, effects: d.effects };
}
