/**
 * The phone: owns the transport, registration and call machines, executes the relay/UI commands,
 * publishes a new immutable PhoneSnapshot after every accepted transition and emits PhoneEvents.
 * It performs side effects (SIP actions, timers, media) in reaction to transitions; it never imports
 * JsSIP (the SipPort does) and never touches DOM globals itself (LocalMediaPort, EnvironmentPort).
 */
import {
  COMMAND_TIMEOUT_MS,
  RelayError,
  type CallSnapshot,
  type CommandHandlers,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type EndpointPolicy,
  type PhoneSnapshot,
} from '../../../protocol/src/index.ts';
import { createBrowserEnvironment } from '../adapters/browser-environment.ts';
import { createBrowserMedia } from '../adapters/browser-media.ts';
import { createJsSipAdapter } from '../adapters/jssip-adapter.ts';
import { assertNever } from '../lib/assert-never.ts';
import { backoffDelayMs } from '../lib/backoff.ts';
import type { Clock } from '../lib/clock.ts';
import { Emitter } from '../lib/emitter.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { autoAnswerDelayMs, effectiveAutoAnswer } from './auto-answer.ts';
import { callSnapshot, createCall, reduceCall, type CallEvent, type CallState } from './call-machine.ts';
import { computeQuality, MOS_WARNING_THRESHOLD } from './call-quality.ts';
import { isInvalid } from './invalid.ts';
import { acquireMicrophone } from './local-media.ts';
import type { EnvironmentEvent, EnvironmentPort, LocalMediaPort } from './media-port.ts';
import type { MediaPort, PhoneEvent, PhoneService } from './phone-port.ts';
import { TimerSet } from './phone-timers.ts';
import {
  INITIAL_REGISTRATION,
  reduceRegistration,
  type RegistrationEvent,
  type RegistrationState,
} from './registration-machine.ts';
import type { RemoteControlAction, RtpStatsSample, SipEvent, SipPort } from './sip-port.ts';
import {
  INITIAL_TRANSPORT,
  reduceTransport,
  type TransportEvent,
  type TransportMachineState,
} from './transport-machine.ts';

/** Tunables; defaults suit production, tests shorten them. */
export type PhoneTimings = {
  /** OPTIONS keepalive period, scheduled from the previous response (< a 60 s proxy idle timeout). */
  keepaliveMs: number;
  keepaliveTimeoutMs: number;
  /** getStats period during a call. */
  qualityPollMs: number;
  /** A page hidden longer than this gets a fresh REGISTER and a probe when it becomes visible. */
  longHiddenMs: number;
  registerTimeoutMs: number;
  reofferTimeoutMs: number;
};

export const DEFAULT_TIMINGS: PhoneTimings = {
  keepaliveMs: 25_000,
  keepaliveTimeoutMs: 10_000,
  qualityPollMs: 2_000,
  longHiddenMs: 60_000,
  registerTimeoutMs: COMMAND_TIMEOUT_MS.register - 1_000,
  reofferTimeoutMs: COMMAND_TIMEOUT_MS.setHold - 1_000,
};

export type InvalidTransition = { machine: string; state: unknown; event: unknown; reason: string };

export type CreatePhoneOptions = {
  settings: SettingsSource;
  log: Logger;
  clock: Clock;
  /** Defaults to the JsSIP adapter. */
  sip?: SipPort;
  /** Defaults to navigator.mediaDevices (created lazily, never at import). */
  media?: LocalMediaPort;
  /** Defaults to window/document events. */
  environment?: EnvironmentPort;
  appVersion?: string;
  timings?: Partial<PhoneTimings>;
  /** Called for every Invalid transition (tests install a hook that fails the test). */
  onInvalidTransition?: (detail: InvalidTransition) => void;
};

const USER_AGENT = 'WebRTC Gateway Bridge';
const MAX_LINES = 2;
/** Registration failures that are worth retrying by ourselves (others need the agent or an admin). */
const RETRYABLE_CAUSES = new Set([
  'Connection Error',
  'Request Timeout',
  'Unavailable',
  'Internal Error',
  'SIP Failure Code',
]);

/** Settles a pending command; re-checked after every SIP event. Returns true when done. */
type Waiter = (event: SipEvent | null) => boolean;

/** Creates the phone; `sip`, `media` and `environment` default to the browser/JsSIP adapters. */
export function createPhone(options: CreatePhoneOptions): PhoneService {
  const sip = options.sip ?? createJsSipAdapter({ log: options.log.child('sip'), clock: options.clock });
  return new Phone({
    ...options,
    sip,
    media: options.media ?? createBrowserMedia(),
    environment: options.environment ?? createBrowserEnvironment(),
  });
}

type PhoneDeps = CreatePhoneOptions & { sip: SipPort; media: LocalMediaPort; environment: EnvironmentPort };

class Phone implements PhoneService {
  #transport: TransportMachineState = INITIAL_TRANSPORT;
  #registration: RegistrationState = INITIAL_REGISTRATION;
  readonly #calls = new Map<string, CallState>();
  readonly #lastStats = new Map<string, RtpStatsSample>();
  readonly #qualityWarned = new Set<string>();
  /** Final snapshots of the last few ended calls (the hangup result after the call left the map). */
  readonly #ended = new Map<string, CallSnapshot>();
  #policy: EndpointPolicy = {};
  #snapshot: PhoneSnapshot;
  #registerRetries = 0;
  readonly #waiters = new Set<Waiter>();
  readonly #timers: TimerSet;
  readonly #snapshots: Emitter<{ snapshot: PhoneSnapshot }>;
  readonly #events: Emitter<{ event: PhoneEvent }>;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #timings: PhoneTimings;
  readonly #log: Logger;
  readonly #handlers: CommandHandlers;
  readonly media: MediaPort;

  constructor(private readonly deps: PhoneDeps) {
    this.#log = deps.log;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.#timers = new TimerSet(deps.clock);
    const onListenerError = (name: string) => (_: unknown, error: unknown) =>
      this.#log.error(`a ${name} listener threw`, error);
    this.#snapshots = new Emitter(onListenerError('snapshot'));
    this.#events = new Emitter(onListenerError('event'));
    this.#snapshot = this.#buildSnapshot();
    this.media = {
      listDevices: () => deps.media.enumerateDevices(),
      remoteStream: (callId) => deps.sip.remoteStream(callId),
    };
    this.#handlers = {
      register: (p) => this.#register(p.dn, p.server),
      unregister: () => this.#unregister(),
      dial: (p) => this.#dial(p.target),
      answer: (p) => this.#answer(this.#findCall(p.callId, ['incoming', 'answering', 'active'])),
      hangup: (p) =>
        this.#hangup(this.#findCall(p.callId, ['active', 'incoming', 'answering', 'dialing', 'ringing', 'ending'])),
      setHold: (p) => this.#setHold(this.#findCall(p.callId, ['active']), p.held),
      setMute: (p) => this.#setMute(this.#findCall(p.callId, ['active']), p.muted),
      sendDtmf: (p) => this.#sendDtmf(this.#findCall(p.callId, ['active']), p.tones),
      applyPolicy: (p) => this.#applyPolicy(p),
      getStatus: () => Promise.resolve(this.#snapshot),
    };
    this.#unsubscribe.push(
      deps.sip.subscribe((event) => this.#onSipEvent(event)),
      deps.environment.subscribe((event) => this.#onEnvironment(event)),
    );
  }

  get snapshot(): PhoneSnapshot {
    return this.#snapshot;
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

  #applyTransport(event: TransportEvent): boolean {
    const next = reduceTransport(this.#transport, event, this.deps.clock.now());
    if (isInvalid(next)) {
      this.#invalid('transport', this.#transport, event, next.reason);
      return false;
    }
    if (next === this.#transport) {
      return false;
    }
    this.#log.info(`transport ${this.#transport.state} → ${next.state}`);
    this.#transport = next;
    this.#publish();
    return true;
  }

  #applyRegistration(event: RegistrationEvent): boolean {
    const next = reduceRegistration(this.#registration, event, this.deps.clock.now());
    if (isInvalid(next)) {
      this.#invalid('registration', this.#registration, event, next.reason);
      return false;
    }
    if (next === this.#registration) {
      return false;
    }
    this.#log.info(`registration ${this.#registration.state} → ${next.state}`, next);
    this.#registration = next;
    this.#publish();
    return true;
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
    } else if (next.state === 'active' && call.state !== 'active') {
      this.#timers.cancel(`autoanswer:${callId}`);
      this.#scheduleQualityPoll(callId);
    }
    this.#publish();
    if (next.state === 'ended') {
      this.#calls.delete(callId);
    }
    return next;
  }

  #onCallEnded(call: CallState): void {
    this.#timers.cancelPrefix(`autoanswer:${call.callId}`);
    this.#timers.cancelPrefix(`quality:${call.callId}`);
    this.#lastStats.delete(call.callId);
    this.#qualityWarned.delete(call.callId);
    const final = callSnapshot(call);
    this.#ended.set(call.callId, final);
    for (const key of [...this.#ended.keys()].slice(0, Math.max(0, this.#ended.size - 8))) {
      this.#ended.delete(key);
    }
    this.#events.emit('event', { type: 'ended', call: final });
  }

  #buildSnapshot(): PhoneSnapshot {
    return {
      transport: this.#transport.state,
      registration: this.#registration,
      calls: [...this.#calls.values()].filter((c) => c.state !== 'ended').map(callSnapshot),
      appVersion: this.deps.appVersion ?? '0.0.0',
    };
  }

  #publish(): void {
    this.#snapshot = this.#buildSnapshot();
    this.#snapshots.emit('snapshot', this.#snapshot);
  }

  #settle(event: SipEvent | null): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter(event)) {
        this.#waiters.delete(waiter);
      }
    }
  }

  /** Waits until `check` returns a value (or throws), with a timeout that rejects with `onTimeout()`. */
  #waitFor<T>(check: (event: SipEvent | null) => T | undefined, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const key = `wait:${Math.random()}`;
      const waiter: Waiter = (event) => {
        try {
          const value = check(event);
          if (value === undefined) {
            return false;
          }
          resolve(value);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
        this.#timers.cancel(key);
        return true;
      };
      if (waiter(null)) {
        return;
      }
      this.#waiters.add(waiter);
      this.#timers.set(key, timeoutMs, () => {
        this.#waiters.delete(waiter);
        reject(onTimeout());
      });
    });
  }

  // ── SIP and environment events ───────────────────────────────────────────────────────────────

  #onSipEvent(event: SipEvent): void {
    switch (event.type) {
      case 'transport':
        this.#applyTransport(event.event);
        this.#afterTransportChange();
        break;
      case 'registration':
        this.#onRegistrationEvent(event.event);
        break;
      case 'incoming':
        this.#onIncoming(event);
        break;
      case 'call':
        this.#applyCall(event.callId, event.event);
        break;
      case 'remote-control':
        this.#onRemoteControl(event.callId, event.action);
        break;
      default:
        assertNever(event, 'SIP event');
    }
    this.#settle(event);
  }

  #afterTransportChange(): void {
    if (this.#transport.state === 'connected' && this.#registration.state === 'registered') {
      this.#scheduleKeepalive();
    } else if (this.#transport.state !== 'connected') {
      this.#timers.cancel('keepalive');
    }
  }

  #onRegistrationEvent(event: Extract<SipEvent, { type: 'registration' }>['event']): void {
    if (event.type === 'registrationFailed' && RETRYABLE_CAUSES.has(event.cause)) {
      const delay = backoffDelayMs(this.#registerRetries++, { baseMs: 2_000, capMs: 60_000, minMs: 1_000 });
      const retryAt = this.deps.clock.now() + delay;
      if (this.#applyRegistration({ ...event, retryAt })) {
        this.#timers.set('register-retry', delay, () => this.#retryRegistration());
      }
    } else {
      this.#applyRegistration(event);
    }
    if (event.type === 'registered') {
      this.#registerRetries = 0;
      this.#timers.cancel('register-retry');
      this.#afterTransportChange();
    }
    if (event.type === 'registrationFailed') {
      this.#events.emit('event', { type: 'registration-failed', cause: event.cause });
    }
  }

  #retryRegistration(): void {
    if (this.#registration.state === 'failed') {
      this.#log.info('retrying REGISTER');
      this.#applyRegistration({ type: 'register', dn: this.#registration.dn, server: this.#registration.server });
      this.deps.sip.refreshRegistration();
    }
  }

  #onIncoming(event: Extract<SipEvent, { type: 'incoming' }>): void {
    const lines = [...this.#calls.values()].filter((c) => c.state !== 'ended').length;
    if (lines >= MAX_LINES) {
      this.#log.warn(`third call ${event.callId} refused with 486: both lines are busy`);
      this.deps.sip.hangup(event.callId, 'busy');
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
    this.#events.emit('event', { type: 'incoming', call: callSnapshot(call) });
    const mode = effectiveAutoAnswer(this.deps.settings.current().autoAnswer, this.#policy.autoAnswer);
    const delay = autoAnswerDelayMs(mode, event.autoAnswer);
    if (delay !== null) {
      this.#log.info(`auto-answering ${callId} in ${delay} ms (${mode})`);
      this.#timers.set(`autoanswer:${callId}`, delay, () => this.#answerInBackground(callId, 'auto-answer'));
    }
  }

  #answerInBackground(callId: string, why: string): void {
    const call = this.#calls.get(callId);
    if (call?.state !== 'incoming') {
      return;
    }
    this.#answer(call).catch((error: unknown) => this.#log.warn(`${why} of ${callId} failed`, error));
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
      this.#setHold(call, action === 'hold').catch((error: unknown) =>
        this.#log.warn(`NOTIFY ${action} on ${callId} failed`, error),
      );
    }
  }

  #onEnvironment(event: EnvironmentEvent): void {
    switch (event.type) {
      case 'online':
        this.#log.info('network back online: probing the transport and restarting ICE');
        this.#recover();
        for (const call of this.#calls.values()) {
          if (call.state === 'active' && !call.hold.pending) {
            this.deps.sip.restartIce(call.callId);
          }
        }
        break;
      case 'visible':
        if (event.hiddenForMs >= this.#timings.longHiddenMs) {
          this.#log.info(`visible after ${Math.round(event.hiddenForMs / 1000)} s hidden: fresh REGISTER`);
          this.#recover();
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

  /** Forces a fresh REGISTER and probes the socket at once (stale after sleep or a network change). */
  #recover(): void {
    const reg = this.#registration.state;
    if (this.#transport.state !== 'connected' || reg === 'unregistered' || reg === 'unregistering') {
      return;
    }
    this.deps.sip.refreshRegistration();
    this.#keepaliveNow();
  }

  #scheduleKeepalive(): void {
    this.#timers.set('keepalive', this.#timings.keepaliveMs, () => this.#keepaliveNow());
  }

  #keepaliveNow(): void {
    this.#timers.cancel('keepalive');
    this.deps.sip
      .ping(this.#timings.keepaliveTimeoutMs)
      .then((result) => {
        if (result === 'alive') {
          this.#afterTransportChange();
        } else if (this.#transport.state === 'connected') {
          this.#log.warn('keepalive OPTIONS got no answer: the transport is stale, reconnecting');
          this.deps.sip.reconnect();
        }
      })
      .catch((error: unknown) => this.#log.warn('keepalive failed', error));
  }

  #scheduleQualityPoll(callId: string): void {
    this.#timers.set(`quality:${callId}`, this.#timings.qualityPollMs, () => {
      this.deps.sip
        .getStats(callId)
        .then((sample) => this.#onStats(callId, sample))
        .catch((error: unknown) => this.#log.debug(`getStats failed for ${callId}`, error))
        .finally(() => {
          if (this.#calls.get(callId)?.state === 'active') {
            this.#scheduleQualityPoll(callId);
          }
        });
    });
  }

  #onStats(callId: string, sample: RtpStatsSample | null): void {
    if (!sample) {
      return;
    }
    const quality = computeQuality(this.#lastStats.get(callId) ?? null, sample);
    this.#lastStats.set(callId, sample);
    const call = this.#applyCall(callId, { type: 'quality', quality });
    if (call?.state !== 'active') {
      return;
    }
    if (quality.mos < MOS_WARNING_THRESHOLD && !this.#qualityWarned.has(callId)) {
      this.#qualityWarned.add(callId);
      this.#events.emit('event', { type: 'quality-warning', call: callSnapshot(call) });
    } else if (quality.mos >= MOS_WARNING_THRESHOLD) {
      this.#qualityWarned.delete(callId);
    }
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────────

  #findCall(callId: string | undefined, preference: CallState['state'][]): CallState {
    if (callId !== undefined) {
      const call = this.#calls.get(callId);
      if (!call || call.state === 'ended') {
        throw new RelayError('NO_SUCH_CALL', `no call ${callId}`);
      }
      return call;
    }
    const calls = [...this.#calls.values()].filter((c) => c.state !== 'ended');
    if (calls.length === 1 && calls[0]) {
      return calls[0];
    }
    for (const state of preference) {
      const match = calls.find((c) => c.state === state && !(c.state === 'active' && c.hold.local));
      if (match) {
        return match;
      }
    }
    throw new RelayError('NO_SUCH_CALL', calls.length === 0 ? 'there is no call' : 'several calls: give a callId');
  }

  #requireRegistered(): void {
    if (this.#registration.state !== 'registered') {
      throw new RelayError('NOT_REGISTERED', `the phone is ${this.#registration.state}; register the DN first`);
    }
  }

  async #register(dn: string, server: string): Promise<CommandResult<'register'>> {
    const settings = this.deps.settings.current();
    if (!settings.sipWebSocketUrl) {
      throw new RelayError('NOT_REGISTERED', 'no SIP WebSocket URL is configured; set it in Settings');
    }
    const reg = this.#registration;
    const same = reg.state !== 'unregistered' && reg.dn === dn && reg.server === server;
    const busy = [...this.#calls.values()].some((c) => c.state !== 'ended');
    if (!same && busy && reg.state !== 'unregistered') {
      throw new RelayError('BUSY', `calls are in progress on DN ${reg.dn}`);
    }
    if (!(same && (reg.state === 'registered' || reg.state === 'registering'))) {
      const credential = settings.credentials[dn];
      if (!credential) {
        this.#log.warn(`no credentials for DN ${dn}; registering without a password`);
      }
      this.#registerRetries = 0;
      this.#timers.cancel('register-retry');
      this.#applyRegistration({ type: 'register', dn, server });
      this.deps.sip.start({
        dn,
        server,
        webSocketUrl: settings.sipWebSocketUrl,
        ...(credential?.authorizationUser ? { authorizationUser: credential.authorizationUser } : {}),
        ...(credential ? { password: credential.password } : {}),
        iceServers: settings.iceServers,
        userAgent: `${USER_AGENT}/${this.deps.appVersion ?? '0.0.0'}`,
      });
    }
    return this.#waitFor(
      (event) => {
        const r = this.#registration;
        if (r.state === 'registered' && r.dn === dn) {
          return r;
        }
        if (event?.type === 'registration' && event.event.type === 'registrationFailed') {
          throw new RelayError('NOT_REGISTERED', event.event.cause);
        }
        if (r.state === 'unregistered' || r.state === 'unregistering' || r.dn !== dn) {
          throw new RelayError('NOT_REGISTERED', `registration ${r.state}`);
        }
        return undefined;
      },
      this.#timings.registerTimeoutMs,
      () => new RelayError('NOT_REGISTERED', 'no answer to REGISTER from the gateway in time'),
    );
  }

  async #unregister(): Promise<CommandResult<'unregister'>> {
    this.#timers.cancel('register-retry');
    this.#timers.cancel('keepalive');
    const before = this.#registration.state;
    this.#applyRegistration({ type: 'unregister' });
    if (before === 'failed') {
      await this.deps.sip.stop();
    } else if (this.#registration.state === 'unregistering') {
      this.deps.sip.unregister();
    }
    return this.#waitFor(
      () => (this.#registration.state === 'unregistered' ? this.#registration : undefined),
      COMMAND_TIMEOUT_MS.unregister - 1_000,
      () => {
        this.#applyRegistration({ type: 'unregistered' });
        return new RelayError('INVALID_STATE', 'no answer to the un-REGISTER; considered unregistered');
      },
    );
  }

  #holdOthers(exceptCallId: string | null): void {
    for (const call of this.#calls.values()) {
      if (call.callId !== exceptCallId && call.state === 'active' && !call.hold.local && !call.hold.pending) {
        this.#setHold(call, true).catch((error: unknown) =>
          this.#log.warn(`could not hold ${call.callId} for the other line`, error),
        );
      }
    }
  }

  async #dial(target: string): Promise<CallSnapshot> {
    this.#requireRegistered();
    if ([...this.#calls.values()].filter((c) => c.state !== 'ended').length >= MAX_LINES) {
      throw new RelayError('BUSY', 'both lines are in use');
    }
    const stream = await acquireMicrophone(this.deps.media, this.deps.settings.current(), this.#policy, this.#log);
    this.#holdOthers(null);
    let callId: string;
    try {
      callId = this.deps.sip.dial(target, stream);
    } catch (error) {
      stream.getTracks().forEach((t) => t.stop());
      throw new RelayError('BAD_REQUEST', `cannot call ${target}: ${error instanceof Error ? error.message : 'error'}`);
    }
    this.#calls.set(callId, createCall({ callId, direction: 'outbound', remote: target }, this.deps.clock.now()));
    this.#publish();
    return this.#waitFor(
      (event) => {
        const call = this.#calls.get(callId);
        if (!call || call.state === 'ended') {
          throw new RelayError('INVALID_STATE', `the call failed before the INVITE was sent`);
        }
        const sent =
          (event?.type === 'call' && event.callId === callId && event.event.type === 'inviteSent') ||
          call.state !== 'dialing';
        return sent ? callSnapshot(call) : undefined;
      },
      COMMAND_TIMEOUT_MS.dial - 1_000,
      () => new RelayError('INTERNAL', 'the INVITE was not sent in time (media or ICE stalled)'),
    );
  }

  async #answer(call: CallState): Promise<CallSnapshot> {
    if (call.state === 'active') {
      return callSnapshot(call);
    }
    if (call.state !== 'incoming' && call.state !== 'answering') {
      throw new RelayError('INVALID_STATE', `cannot answer a call that is ${call.state}`);
    }
    const { callId } = call;
    if (call.state === 'incoming') {
      this.#timers.cancel(`autoanswer:${callId}`);
      this.#applyCall(callId, { type: 'answer' });
      let stream: MediaStream;
      try {
        stream = await acquireMicrophone(this.deps.media, this.deps.settings.current(), this.#policy, this.#log);
      } catch (error) {
        this.deps.sip.hangup(callId, 'reject');
        throw error;
      }
      if (this.#calls.get(callId)?.state !== 'answering') {
        stream.getTracks().forEach((t) => t.stop());
        throw new RelayError('INVALID_STATE', 'the call ended while the microphone opened');
      }
      this.#holdOthers(callId);
      this.deps.sip.answer(callId, stream);
    }
    return this.#waitFor(
      () => {
        const now = this.#calls.get(callId);
        if (!now || now.state === 'ended') {
          throw new RelayError('INVALID_STATE', `the call ended before it was answered`);
        }
        return now.state === 'active' ? callSnapshot(now) : undefined;
      },
      COMMAND_TIMEOUT_MS.answer - 1_000,
      () => new RelayError('INTERNAL', 'the 200 OK was not sent in time'),
    );
  }

  async #hangup(call: CallState): Promise<CallSnapshot> {
    const { callId } = call;
    if (call.state !== 'ending') {
      this.#timers.cancel(`autoanswer:${callId}`);
      const mode = call.state === 'incoming' ? 'reject' : 'normal';
      this.#applyCall(callId, { type: 'hangup' });
      this.deps.sip.hangup(callId, mode);
    }
    return this.#waitFor(
      () => {
        const now = this.#calls.get(callId);
        return now && now.state !== 'ended' ? undefined : (this.#ended.get(callId) ?? callSnapshot(now ?? call));
      },
      COMMAND_TIMEOUT_MS.hangup - 1_000,
      () => {
        this.#applyCall(callId, { type: 'ended', cause: 'local timeout' });
        return new RelayError('INTERNAL', 'the call did not end in time; it was dropped locally');
      },
    );
  }

  async #setHold(call: CallState, held: boolean): Promise<CallSnapshot> {
    if (call.state !== 'active') {
      throw new RelayError('INVALID_STATE', `cannot ${held ? 'hold' : 'retrieve'} a call that is ${call.state}`);
    }
    if (call.hold.pending) {
      throw new RelayError('BUSY', 'a hold or retrieve is already in progress on this call');
    }
    if (call.hold.local === held) {
      return callSnapshot(call);
    }
    const { callId } = call;
    this.#applyCall(callId, { type: 'holdRequested', held });
    this.deps.sip.setHold(callId, held);
    return this.#waitFor(
      (event) => {
        const now = this.#calls.get(callId);
        if (now?.state !== 'active') {
          throw new RelayError('INVALID_STATE', 'the call ended during the re-INVITE');
        }
        if (event?.type === 'call' && event.callId === callId && event.event.type === 'holdFailed') {
          throw new RelayError(
            'INVALID_STATE',
            `the peer refused the re-INVITE (${event.event.cause}); hold unchanged`,
          );
        }
        return now.hold.pending ? undefined : callSnapshot(now);
      },
      this.#timings.reofferTimeoutMs,
      () => new RelayError('INTERNAL', 'no answer to the re-INVITE yet'),
    );
  }

  #setMute(call: CallState, muted: boolean): Promise<CallSnapshot> {
    if (call.state !== 'active') {
      throw new RelayError('INVALID_STATE', `cannot mute a call that is ${call.state}`);
    }
    this.deps.sip.setMute(call.callId, muted);
    const next = this.#applyCall(call.callId, { type: 'mute', muted });
    return Promise.resolve(callSnapshot(next ?? call));
  }

  #sendDtmf(call: CallState, tones: string): Promise<CallSnapshot> {
    if (call.state !== 'active') {
      throw new RelayError('INVALID_STATE', `cannot send DTMF on a call that is ${call.state}`);
    }
    this.deps.sip.sendDtmf(call.callId, tones, this.deps.settings.current().dtmfMode);
    return Promise.resolve(callSnapshot(call));
  }

  #applyPolicy(policy: EndpointPolicy): Promise<EndpointPolicy> {
    this.#policy = { ...this.#policy, ...policy };
    this.#log.info('endpoint policy applied', this.#policy);
    return Promise.resolve(this.#policy);
  }
}
