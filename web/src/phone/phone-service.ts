/**
 * The phone: owns the transport, registration and call machines, executes the relay/UI commands,
 * publishes a new immutable PhoneSnapshot after every accepted transition and emits PhoneEvents.
 * It performs side effects (SIP actions, timers, media) in reaction to transitions; it imports no
 * adapter and no browser global: web/src/main.ts builds the SipPort, LocalMediaPort and
 * EnvironmentPort and passes them in.
 * The commands themselves live in registration-commands.ts, call-commands.ts and transfer-command.ts;
 * they see the phone through PhoneContext (phone-context.ts).
 */
import {
  type CallSnapshot,
  type CommandHandlers,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type AppliedSettings,
  type AudioState,
  DEFAULT_APPLIED_SETTINGS,
  INITIAL_AUDIO_STATE,
  type PhoneSnapshot,
  type PwaLogPage,
  type PwaLogPageParams,
} from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import type { Clock } from '../lib/clock.ts';
import { Emitter } from '../lib/emitter.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { autoAnswerDelayMs, effectiveAutoAnswer } from './auto-answer.ts';
import { followMicrophoneMute } from './audio-command.ts';
import { answer, setHold } from './call-commands.ts';
import { callSnapshot, createCall, reduceCall, type CallEvent, type CallState } from './call-machine.ts';
import { CommandWaiters } from './command-waiters.ts';
import {
  RINGING_TIMEOUT_CODE,
  autoAnswerPolicy,
  busyRefusal,
  microphoneProcessing,
  ringingTimeoutMs,
} from './endpoint-policy.ts';
import { acquireMicrophone } from './local-media.ts';
import { isInvalid } from './invalid.ts';
import type { EnvironmentEvent, EnvironmentPort, LocalMediaPort } from './media-port.ts';
import { MicrophonePrewarm } from './microphone-prewarm.ts';
import { createPhoneCommands } from './phone-commands.ts';
import { DEFAULT_TIMINGS, type PhoneContext, type PhoneTimings } from './phone-context.ts';
import type { MediaPort, PhoneEvent, PhoneService } from './phone-port.ts';
import { TimerSet } from './phone-timers.ts';
import { TransportKeepalive } from './transport-keepalive.ts';
import type { TurnPort } from './turn-port.ts';
import {
  INITIAL_PHONE_LINK,
  reducePhoneLink,
  type PhoneLinkEffect,
  type PhoneLinkEvent,
  type PhoneLinkState,
} from './phone-link-machine.ts';
import { QualityMonitor } from './quality-monitor.ts';
import type { RemoteControlAction, SipEvent, SipPort } from './sip-port.ts';
import { onTransferred } from './transfer-command.ts';

export { DEFAULT_TIMINGS, type PhoneTimings } from './phone-context.ts';

export type InvalidTransition = { machine: string; state: unknown; event: unknown; reason: string };

export type CreatePhoneOptions = {
  settings: SettingsSource;
  log: Logger;
  clock: Clock;
  /** The SIP stack (the composition root passes the JsSIP adapter). */
  sip: SipPort;
  /** The microphone and device list (the composition root passes the browser's). */
  media: LocalMediaPort;
  /** Network, visibility and page lifecycle events (the composition root passes the window's). */
  environment: EnvironmentPort;
  /** TURN credentials from the gateway, when settings name a credentials URL. */
  turn?: TurnPort;
  appVersion?: string;
  /** Pages of the PWA's recent log lines for the companion's support bundle (storage/log-book.ts). */
  logPages?: (params: PwaLogPageParams) => Promise<PwaLogPage>;
  timings?: Partial<PhoneTimings>;
  /** Called for every Invalid transition (tests install a hook that fails the test). */
  onInvalidTransition?: (detail: InvalidTransition) => void;
};

/** Creates the phone over the adapters it is given (it never builds or imports one itself). */
export function createPhone(options: CreatePhoneOptions): PhoneService {
  return new Phone(options);
}

type PhoneDeps = CreatePhoneOptions;

class Phone implements PhoneService {
  /** Transport, registration slots, register retries and a pending ICE restart (phone-link-machine.ts). */
  #link: PhoneLinkState = INITIAL_PHONE_LINK;
  readonly #calls = new Map<string, CallState>();
  readonly #quality: QualityMonitor;
  /** Final snapshots of the last few ended calls (the hangup result after the call left the map). */
  readonly #ended = new Map<string, CallSnapshot>();
  #endpoint: AppliedSettings = DEFAULT_APPLIED_SETTINGS;
  #audio: AudioState = INITIAL_AUDIO_STATE;
  #snapshot: PhoneSnapshot;
  readonly #waiters: CommandWaiters;
  readonly #timers: TimerSet;
  readonly #snapshots: Emitter<{ snapshot: PhoneSnapshot }>;
  readonly #events: Emitter<{ event: PhoneEvent }>;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #timings: PhoneTimings;
  readonly #log: Logger;
  readonly #handlers: CommandHandlers;
  readonly #ctx: PhoneContext;
  readonly #microphones = new MicrophonePrewarm();
  readonly #keepalive: TransportKeepalive;
  readonly media: MediaPort;

  constructor(private readonly deps: PhoneDeps) {
    this.#log = deps.log;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.#timers = new TimerSet(deps.clock);
    this.#waiters = new CommandWaiters(this.#timers);
    this.#quality = new QualityMonitor({
      sip: deps.sip,
      timers: this.#timers,
      log: this.#log,
      pollMs: this.#timings.qualityPollMs,
      call: (callId) => this.#calls.get(callId),
      apply: (callId, quality) => this.#applyCall(callId, { type: 'quality', quality }),
      warn: (call) => this.#events.emit('event', { type: 'quality-warning', call: callSnapshot(call) }),
    });
    const onListenerError = (name: string) => (_: unknown, error: unknown) =>
      this.#log.error(`a ${name} listener threw`, error);
    this.#snapshots = new Emitter(onListenerError('snapshot'));
    this.#events = new Emitter(onListenerError('event'));
    this.#snapshot = this.#buildSnapshot();
    this.media = {
      listDevices: () => deps.media.enumerateDevices(),
      remoteStream: (callId) => deps.sip.remoteStream(callId),
    };
    this.#keepalive = new TransportKeepalive({
      sip: deps.sip,
      timers: this.#timers,
      timings: this.#timings,
      log: this.#log,
      isConnected: () => this.#link.transport.state === 'connected',
      isRegistered: () => this.#link.slots.some((slot) => slot.registration.state === 'registered'),
    });
    this.#ctx = this.#createContext();
    this.#handlers = createPhoneCommands(this.#ctx, {
      applySettings: (p) => this.#applySettings(p),
      getStatus: () => Promise.resolve(this.#snapshot),
      getLog: (p) => deps.logPages?.(p) ?? Promise.resolve({ lines: [], more: false }),
    });
    this.#unsubscribe.push(
      deps.sip.subscribe((event) => this.#onSipEvent(event)),
      deps.environment.subscribe((event) => this.#onEnvironment(event)),
    );
  }

  /** The view the command modules get (phone-context.ts). */
  #createContext(): PhoneContext {
    const { sip, media, settings, clock } = this.deps;
    return {
      sip,
      media,
      settings,
      clock,
      log: this.#log,
      timings: this.#timings,
      timers: this.#timers,
      appVersion: this.deps.appVersion ?? '0.0.0',
      microphones: this.#microphones,
      registration: () => this.#registration(),
      turn: this.deps.turn,
      slots: () => this.#link.slots,
      audio: () => this.#audio,
      setAudio: (audio) => {
        this.#audio = audio;
        this.#publish();
      },
      call: (callId) => this.#calls.get(callId),
      liveCalls: () => [...this.#calls.values()].filter((c) => c.state !== 'ended'),
      endpoint: () => this.#endpoint,
      endedSnapshot: (callId) => this.#ended.get(callId),
      applyLink: (event) => this.#applyLink(event),
      applyCall: (callId, event) => this.#applyCall(callId, event),
      addCall: (call) => {
        this.#calls.set(call.callId, call);
        this.#publish();
      },
      waitFor: (check, timeoutMs, onTimeout) => this.#waiters.waitFor(check, timeoutMs, onTimeout),
    };
  }

  get snapshot(): PhoneSnapshot {
    return this.#snapshot;
  }

  get endpoint(): AppliedSettings {
    return this.#endpoint;
  }

  subscribe(listener: (snapshot: PhoneSnapshot) => void): () => void {
    return this.#snapshots.on('snapshot', listener);
  }

  onEvent(listener: (event: PhoneEvent) => void): () => void {
    return this.#events.on('event', listener);
  }

  execute<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    const handler = this.#handlers[name] as (p: CommandParams<K>) => Promise<CommandResult<K>>;
    try {
      return handler(params);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async shutdown(): Promise<void> {
    this.#timers.cancelAll();
    for (const call of this.#calls.values()) {
      if (call.state !== 'ending' && call.state !== 'ended') {
        this.#applyCall(call.callId, { type: 'hangup' });
        this.deps.sip.hangup(call.callId, call.state === 'incoming' ? 'reject' : 'normal');
      }
    }
    for (const off of this.#unsubscribe.splice(0)) {
      off();
    }
    await this.deps.sip.stop();
  }

  // ── transitions ──────────────────────────────────────────────────────────────────────────────

  #invalid(machine: string, state: unknown, event: unknown, reason: string): void {
    this.#log.error(`invalid ${machine} transition: ${reason}`, { state, event });
    this.deps.onInvalidTransition?.({ machine, state, event, reason });
  }

  #registration(): PhoneLinkState['slots'][0]['registration'] {
    return this.#link.slots[0].registration;
  }

  /** The one transition path for transport and registration: reduce, log, publish, run the effects. */
  #applyLink(event: PhoneLinkEvent): boolean {
    const before = this.#link;
    const step = reducePhoneLink(before, event, this.deps.clock.now());
    if (isInvalid(step)) {
      const part = step.machine === 'transport' ? before.transport : before.slots[step.slot ?? 0]?.registration;
      this.#invalid(step.machine, part, event, step.reason);
      return false;
    }
    const next = step.state;
    this.#link = next;
    if (next.transport !== before.transport && next.transport.state !== before.transport.state) {
      this.#log.info(`transport ${before.transport.state} → ${next.transport.state}`);
    }
    next.slots.forEach((slot, index) => {
      const was = before.slots[index]?.registration;
      if (was !== slot.registration) {
        const label = next.slots.length > 1 ? `registration (slot ${index})` : 'registration';
        this.#log.info(`${label} ${was?.state ?? 'unused'} → ${slot.registration.state}`, slot.registration);
      }
    });
    const changed = next.transport !== before.transport || next.slots !== before.slots;
    if (changed) {
      this.#publish();
    }
    step.effects.forEach((effect) => this.#runLinkEffect(effect));
    return changed;
  }

  #runLinkEffect(effect: PhoneLinkEffect): void {
    switch (effect.type) {
      case 'scheduleRegisterRetry':
        this.#timers.set(`register-retry:${effect.slot}`, effect.delayMs, () => {
          this.#log.info(`retrying REGISTER (slot ${effect.slot})`);
          this.#applyLink({ type: 'retryDue', slot: effect.slot });
        });
        break;
      case 'cancelRegisterRetry':
        this.#timers.cancel(`register-retry:${effect.slot}`);
        break;
      case 'refreshRegistration':
        this.deps.sip.refreshRegistration(effect.slot);
        break;
      case 'probeTransport':
        this.#keepalive.probeNow();
        break;
      case 'restartIce':
        for (const call of this.#calls.values()) {
          if (call.state === 'active' && !call.hold.pending) {
            this.deps.sip.restartIce(call.callId);
          }
        }
        break;
      case 'updateKeepalive':
        this.#keepalive.update();
        break;
      default:
        assertNever(effect, 'phone link effect');
    }
  }

  #applyCall(callId: string, event: CallEvent): CallState | null {
    const call = this.#calls.get(callId);
    if (!call) {
      this.#log.debug(`event for an unknown call ${callId}`, event);
      return null;
    }
    const next = reduceCall(call, event, this.deps.clock.now());
    if (isInvalid(next)) {
      this.#invalid('call', call, event, next.reason);
      return null;
    }
    if (next === call) {
      return call;
    }
    if (next.state !== call.state) {
      this.#log.info(`call ${callId} ${call.state} → ${next.state}`);
    }
    this.#calls.set(callId, next);
    if (next.state === 'ended') {
      this.#onCallEnded(next);
    } else if (next.state !== 'incoming' && call.state === 'incoming') {
      this.#timers.cancel(`autoanswer:${callId}`);
      this.#timers.cancel(`ringing-timeout:${callId}`);
    }
    if (next.state === 'active' && call.state !== 'active') {
      this.#quality.start(callId);
      followMicrophoneMute(this.#ctx, next);
    }
    this.#publish();
    if (next.state === 'ended') {
      this.#calls.delete(callId);
    }
    return next;
  }

  #onCallEnded(call: CallState): void {
    this.#timers.cancelPrefix(`autoanswer:${call.callId}`);
    this.#timers.cancel(`ringing-timeout:${call.callId}`);
    this.#microphones.release(call.callId);
    this.#quality.stop(call.callId);
    const final = callSnapshot(call);
    this.#ended.set(call.callId, final);
    for (const key of [...this.#ended.keys()].slice(0, Math.max(0, this.#ended.size - 8))) {
      this.#ended.delete(key);
    }
    this.#events.emit('event', { type: 'ended', call: final });
  }

  #buildSnapshot(): PhoneSnapshot {
    return {
      transport: this.#link.transport.state,
      slots: this.#link.slots.map(({ registration, settled }) => ({ registration, settled })),
      audio: this.#audio,
      calls: [...this.#calls.values()].filter((c) => c.state !== 'ended').map(callSnapshot),
      appVersion: this.deps.appVersion ?? '0.0.0',
    };
  }

  #publish(): void {
    this.#snapshot = this.#buildSnapshot();
    this.#snapshots.emit('snapshot', this.#snapshot);
  }

  // ── SIP and environment events ───────────────────────────────────────────────────────────────

  #onSipEvent(event: SipEvent): void {
    switch (event.type) {
      case 'transport':
        this.#applyLink({ type: 'transport', event: event.event });
        break;
      case 'registration':
        this.#applyLink({ type: 'registration', slot: event.slot, event: event.event, jitter: Math.random() });
        if (event.event.type === 'registrationFailed') {
          this.#events.emit('event', { type: 'registration-failed', cause: event.event.cause });
        }
        break;
      case 'incoming':
        this.#onIncoming(event);
        break;
      case 'call':
        this.#onCallEvent(event.callId, event.event);
        break;
      case 'remote-control':
        this.#onRemoteControl(event.callId, event.action);
        break;
      default:
        assertNever(event, 'SIP event');
    }
    this.#waiters.settle(event);
  }

  #onCallEvent(callId: string, event: Extract<SipEvent, { type: 'call' }>['event']): void {
    const before = this.#calls.get(callId);
    const next = this.#applyCall(callId, event);
    if (event.type === 'transferSucceeded' && before?.state === 'active' && next?.state === 'ending') {
      onTransferred(this.#ctx, callId, before.transfer?.withCallId ?? null);
    }
  }

  #onIncoming(event: Extract<SipEvent, { type: 'incoming' }>): void {
    const lines = [...this.#calls.values()].filter((c) => c.state !== 'ended').length;
    const refusal = busyRefusal(lines, this.#endpoint);
    if (refusal) {
      this.#log.warn(`call ${event.callId} refused with ${refusal.code}: ${refusal.why}`);
      this.deps.sip.hangup(event.callId, { refuse: refusal.code });
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
      this.deps.clock.now(),
    );
    this.#calls.set(callId, call);
    this.#log.info(`incoming call ${callId} from ${remote}`, { genesysCallUuid, autoAnswer: event.autoAnswer });
    this.#publish();
    this.#microphones.start(callId, () =>
      acquireMicrophone(this.deps.media, this.deps.settings.current(), this.#endpoint, this.#log),
    );
    this.#events.emit('event', { type: 'incoming', call: callSnapshot(call) });
    const mode = effectiveAutoAnswer(this.deps.settings.current().autoAnswer, autoAnswerPolicy(this.#endpoint));
    const delay = autoAnswerDelayMs(mode, event.autoAnswer, this.#endpoint.settings.session.autoAnswerDelayMs);
    if (delay !== null) {
      this.#log.info(`auto-answering ${callId} in ${delay} ms (${mode})`);
      this.#timers.set(`autoanswer:${callId}`, delay, () => this.#answerInBackground(callId, 'auto-answer'));
    }
    const ringingMs = ringingTimeoutMs(this.#endpoint);
    if (ringingMs !== null) {
      this.#timers.set(`ringing-timeout:${callId}`, ringingMs, () => this.#refuseUnanswered(callId, ringingMs));
    }
  }

  /** ringing_timeout: a call still ringing is refused (480) and ends on our side. */
  #refuseUnanswered(callId: string, ringingMs: number): void {
    if (this.#calls.get(callId)?.state !== 'incoming') {
      return;
    }
    this.#log.info(`call ${callId} rang ${ringingMs} ms unanswered: refused with ${RINGING_TIMEOUT_CODE}`);
    this.#applyCall(callId, { type: 'hangup' });
    this.deps.sip.hangup(callId, { refuse: RINGING_TIMEOUT_CODE });
  }

  #answerInBackground(callId: string, why: string): void {
    const call = this.#calls.get(callId);
    if (call?.state !== 'incoming') {
      return;
    }
    answer(this.#ctx, call).catch((error: unknown) => this.#log.warn(`${why} of ${callId} failed`, error));
  }

  /** Genesys SIP Server's NOTIFY (already answered 200 by the seam): talk = answer or retrieve, hold = hold. */
  #onRemoteControl(callId: string, action: RemoteControlAction): void {
    const call = this.#calls.get(callId);
    this.#log.info(`remote control '${action}' for ${callId} (${call?.state ?? 'unknown call'})`);
    if (!call) {
      return;
    }
    if (action === 'talk' && call.state === 'incoming') {
      this.#answerInBackground(callId, 'NOTIFY talk');
    } else if (call.state === 'active' && (action === 'talk') === call.hold.local && !call.hold.pending) {
      setHold(this.#ctx, call, action === 'hold').catch((error: unknown) =>
        this.#log.warn(`NOTIFY ${action} on ${callId} failed`, error),
      );
    }
  }

  #onEnvironment(event: EnvironmentEvent): void {
    switch (event.type) {
      case 'online':
        this.#log.info('network back online: probing the transport and restarting ICE');
        this.#applyLink({ type: 'online' });
        break;
      case 'visible':
        if (event.hiddenForMs >= this.#timings.longHiddenMs) {
          this.#log.info(`visible after ${Math.round(event.hiddenForMs / 1000)} s hidden: fresh REGISTER`);
          this.#applyLink({ type: 'recover' });
        }
        break;
      case 'pagehide':
        this.shutdown().catch((error: unknown) => this.#log.warn('shutdown on pagehide failed', error));
        break;
      case 'offline':
        this.#log.warn('network offline');
        break;
      default:
        assertNever(event, 'environment event');
    }
  }

  // ── commands kept here (they touch only the service's own fields) ──────────────────────────

  /** The endpoint settings from the companion: kept for the next call, the microphone's processing applied to live calls. */
  #applySettings(applied: AppliedSettings): Promise<Record<string, never>> {
    this.#endpoint = applied;
    this.#log.info('endpoint settings applied', applied);
    const processing = microphoneProcessing(this.deps.settings.current(), applied);
    for (const call of this.#calls.values()) {
      if (call.state === 'active') {
        this.deps.sip
          .applyMicrophone(call.callId, processing)
          .catch((error: unknown) => this.#log.warn(`microphone processing not applied to ${call.callId}`, error));
      }
    }
    this.#publish();
    this.#events.emit('event', { type: 'endpoint-settings', applied });
    return Promise.resolve({});
  }
}
