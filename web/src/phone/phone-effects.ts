/**
 * Runs the phone reducer's effects against the adapters: SIP actions, the microphone, named timers,
 * the keepalive and the quality polls, events and command replies. Whatever comes back (a timer firing,
 * the microphone opening, the INVITE's call id) goes back into the reducer through `dispatch`.
 */
import {
  RelayError,
  UNKNOWN_BROWSER_CHECKS,
  type AppliedSettings,
  type BrowserChecks,
  type PwaLogPage,
  type PwaLogPageParams,
} from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { acquireMicrophone } from './local-media.ts';
import type { LocalMediaPort } from './media-port.ts';
import type { MicrophonePrewarm } from './microphone-prewarm.ts';
import type { PhoneEvent } from './phone-port.ts';
import type { PhoneEffect, PhoneInput, SipAction } from './phone-step.ts';
import type { TimerSet } from './phone-timers.ts';
import type { QualityMonitor } from './quality-monitor.ts';
import { sipAccount, turnServers } from './sip-account.ts';
import type { SipPort } from './sip-port.ts';
import type { TransportKeepalive } from './transport-keepalive.ts';
import type { TurnPort } from './turn-port.ts';

export type InvalidTransition = { machine: string; state: unknown; event: unknown; reason: string };

export type EffectDeps = {
  sip: SipPort;
  media: LocalMediaPort;
  settings: SettingsSource;
  turn: TurnPort | undefined;
  appVersion: string;
  log: Logger;
  timers: TimerSet;
  keepalive: TransportKeepalive;
  quality: QualityMonitor;
  microphones: MicrophonePrewarm;
  endpoint(): AppliedSettings;
  dispatch(input: PhoneInput): void;
  emit(event: PhoneEvent): void;
  reply(id: number, outcome: { result: unknown } | { error: RelayError }): void;
  /** Pages of the PWA's recent log lines for the companion's support bundle (storage/log-book.ts). */
  logPages?: (params: PwaLogPageParams) => Promise<PwaLogPage>;
  /** The browser-policy self-checks (app/browser-checks.ts); without it every check is `unknown`. */
  browserChecks?: () => Promise<BrowserChecks>;
  onInvalidTransition?: (detail: InvalidTransition) => void;
};

const asRelayError = (error: unknown): RelayError =>
  error instanceof RelayError
    ? error
    : new RelayError('INTERNAL', error instanceof Error ? error.message : String(error));

/** Replies to command `id` with what `answer` resolves to, or with the error it fails with. */
function replyWhenSettled(deps: EffectDeps, id: number, answer: Promise<unknown>): void {
  void answer.then(
    (result) => deps.reply(id, { result }),
    (error: unknown) => deps.reply(id, { error: asRelayError(error) }),
  );
}

function startSip(deps: EffectDeps, action: Extract<SipAction, { method: 'start' }>): void {
  const { dn, server, extraSlots } = action;
  const settings = deps.settings.current();
  const start = (turn: readonly RTCIceServer[]): void =>
    deps.sip.start(sipAccount({ dn, server, extraSlots }, settings, turn, deps.appVersion));
  if (settings.turnCredentialsUrl) {
    void turnServers(deps.turn, settings.turnCredentialsUrl, deps.log).then(start);
  } else {
    start([]);
  }
}

function dialSip(deps: EffectDeps, action: Extract<SipAction, { method: 'dial' }>): void {
  const { key, target, slot } = action;
  void deps.microphones.take(key)?.then((stream) => {
    try {
      deps.dispatch({ type: 'dialed', key, callId: deps.sip.dial(target, stream, slot) });
    } catch (error) {
      stream.getTracks().forEach((t) => t.stop());
      const why = error instanceof Error ? error.message : 'error';
      deps.dispatch({ type: 'dialFailed', key, error: new RelayError('BAD_REQUEST', `cannot call ${target}: ${why}`) });
    }
  });
}

function runSip(deps: EffectDeps, action: SipAction): void {
  const { sip, log } = deps;
  switch (action.method) {
    case 'start':
      return startSip(deps, action);
    case 'unregister':
      return sip.unregister();
    case 'stop':
      sip
        .stop()
        .catch((error: unknown) => log.warn('stopping the SIP stack failed', error))
        .finally(() => deps.dispatch({ type: 'sipStopped' }));
      return;
    case 'refreshRegistration':
      return sip.refreshRegistration(action.slot);
    case 'dial':
      return dialSip(deps, action);
    case 'prepareAnswer':
      deps.microphones.peek(action.callId)?.then(
        (stream) => sip.prepareAnswer(action.callId, stream),
        () => undefined, // the answer reports a microphone that did not open
      );
      return;
    case 'answer': {
      // Open since the call started ringing (the usual case): the 200 OK is under way in this very step,
      // before the snapshot's listeners (relay push, UI render) take the main thread.
      const opened = deps.microphones.takeOpened(action.callId);
      if (opened) {
        return sip.answer(action.callId, opened);
      }
      void deps.microphones.take(action.callId)?.then((stream) => sip.answer(action.callId, stream));
      return;
    }
    case 'hangup':
      return sip.hangup(action.callId, action.mode);
    case 'setHold':
      return sip.setHold(action.callId, action.held);
    case 'setMute':
      return sip.setMute(action.callId, action.muted);
    case 'applyMicrophone':
      sip
        .applyMicrophone(action.callId, action.processing)
        .catch((error: unknown) => log.warn(`microphone processing not applied to ${action.callId}`, error));
      return;
    case 'switchMicrophone': {
      const { callId, key } = action;
      void deps.microphones.take(key)?.then(
        (stream) =>
          sip.switchMicrophone(callId, stream).catch((error: unknown) => {
            stream.getTracks().forEach((t) => t.stop());
            log.warn(`call ${callId} keeps its microphone: the new one could not be switched in`, error);
          }),
        (error: unknown) => log.warn(`call ${callId} keeps its microphone: the new one did not open`, error),
      );
      return;
    }
    case 'sendDtmf':
      return sip.sendDtmf(action.callId, action.tones, action.mode);
    case 'transfer':
      return sip.transfer(action.callId, action.to);
    case 'restartIce':
      return sip.restartIce(action.callId);
    default:
      return assertNever(action, 'SIP action');
  }
}

function openMicrophone(deps: EffectDeps, key: string, report: boolean): void {
  const stream = deps.microphones.start(key, () =>
    acquireMicrophone(deps.media, deps.settings.current(), deps.endpoint(), deps.log),
  );
  if (report) {
    stream.then(
      () => deps.dispatch({ type: 'microphone', key, error: null }),
      (error: unknown) => deps.dispatch({ type: 'microphone', key, error: asRelayError(error) }),
    );
  }
}

export function runEffect(deps: EffectDeps, effect: PhoneEffect): void {
  switch (effect.type) {
    case 'sip':
      return runSip(deps, effect.action);
    case 'openMicrophone':
      return openMicrophone(deps, effect.key, effect.report);
    case 'releaseMicrophone':
      return deps.microphones.release(effect.key);
    case 'setTimer':
      return deps.timers.set(effect.key, effect.delayMs, () => deps.dispatch(effect.input));
    case 'cancelTimer':
      return deps.timers.cancel(effect.key);
    case 'probeTransport':
      return deps.keepalive.probeNow();
    case 'updateKeepalive':
      return deps.keepalive.update();
    case 'startQuality':
      return deps.quality.start(effect.callId);
    case 'stopQuality':
      return deps.quality.stop(effect.callId);
    case 'emit':
      return deps.emit(effect.event);
    case 'reply':
      return deps.reply(effect.id, { result: effect.result });
    case 'fail':
      return deps.reply(effect.id, { error: effect.error });
    case 'readLog':
      return replyWhenSettled(
        deps,
        effect.id,
        deps.logPages?.(effect.params) ?? Promise.resolve({ lines: [], more: false }),
      );
    case 'readBrowserChecks':
      return replyWhenSettled(deps, effect.id, deps.browserChecks?.() ?? Promise.resolve(UNKNOWN_BROWSER_CHECKS));
    case 'log':
      return deps.log[effect.level](effect.message, effect.detail);
    case 'invalid': {
      const { machine, state, event, reason } = effect;
      deps.log.error(`invalid ${machine} transition: ${reason}`, { state, event });
      return deps.onInvalidTransition?.({ machine, state, event, reason });
    }
    default:
      return assertNever(effect, 'phone effect');
  }
}
