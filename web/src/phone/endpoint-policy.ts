/**
 * What the endpoint settings WWE (or the machine) decided mean for this phone (pure). A field the
 * companion reports at its `default` leaves the agent's own Settings standing where the PWA has one
 * (DTMF method, microphone processing, auto-answer); the rules with no agent setting (busy, ringing)
 * follow the endpoint settings as they are.
 */
import { MAX_LINES, isDecided, type AppliedSettings } from '../../../protocol/src/index.ts';
import type { Settings } from '../settings/settings.ts';
import type { DtmfMode, MicrophoneProcessing } from './sip-port.ts';

/** SIP status for a call that rang past `ringing_timeout` without an answer. */
export const RINGING_TIMEOUT_CODE = 480;

export function dtmfMethod(settings: Settings, applied: AppliedSettings): DtmfMode {
  return isDecided(applied, 'session.dtmfMethod') ? applied.settings.session.dtmfMethod : settings.dtmfMode;
}

/** The browser's audio processing: each switch from the endpoint settings where decided, else from Settings. */
export function microphoneProcessing(settings: Settings, applied: AppliedSettings): MicrophoneProcessing {
  const pick = (field: 'echoCancellation' | 'noiseSuppression' | 'autoGainControl'): boolean =>
    isDecided(applied, `session.${field}`) ? applied.settings.session[field] : settings.audio[field];
  return {
    echoCancellation: pick('echoCancellation'),
    noiseSuppression: pick('noiseSuppression'),
    autoGainControl: pick('autoGainControl'),
  };
}

/** WWE's auto_answer where decided, else undefined (Settings alone decide). */
export function autoAnswerPolicy(applied: AppliedSettings): boolean | undefined {
  return isDecided(applied, 'session.autoAnswer') ? applied.settings.session.autoAnswer : undefined;
}

/**
 * Whether a new inbound call is refused before it rings, and with which SIP status: both lines taken
 * always refuse 486; `reject_session_when_busy` refuses with `sip_code_when_busy` once the agent has
 * `number_sessions_for_busy` calls.
 */
export function busyRefusal(liveCalls: number, applied: AppliedSettings): { code: number; why: string } | null {
  if (liveCalls >= MAX_LINES) {
    return { code: 486, why: 'both lines are busy' };
  }
  const { rejectWhenBusy, busyCallCount, busyCode } = applied.settings.session;
  if (rejectWhenBusy && liveCalls >= busyCallCount) {
    return { code: busyCode, why: `reject_session_when_busy with ${liveCalls} call(s)` };
  }
  return null;
}

/** Whether an incoming call rings aloud (`ringing_enabled`); without endpoint settings (a follower's mirror), it does. */
export function ringsAloud(applied: AppliedSettings | undefined): boolean {
  return applied?.settings.session.ringingEnabled ?? true;
}

/** How long an inbound call may ring before it is refused, or null to ring until the caller gives up. */
export function ringingTimeoutMs(applied: AppliedSettings): number | null {
  const seconds = applied.settings.session.ringingTimeoutS;
  return seconds > 0 ? seconds * 1000 : null;
}
