/**
 * The phone service: holds the one reducer's state (phone-machine.ts), feeds it every input — SIP
 * and environment events, commands from the relay and the UI (`execute`), timers, the microphone —
 * runs the effects it returns against the adapters (phone-effects.ts), publishes a new immutable
 * PhoneSnapshot after every step that changes it and emits PhoneEvents. It imports no adapter and no
 * browser global: web/src/main.ts builds the SipPort, LocalMediaPort and EnvironmentPort and passes
 * them in.
 */
import {
  homeRegistration,
  type AppliedSettings,
  type BrowserChecks,
  type Command,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type PhoneSnapshot,
  type PwaLogPage,
  type PwaLogPageParams,
} from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import type { Clock } from '../lib/clock.ts';
import { Emitter } from '../lib/emitter.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { callSnapshot } from './call-machine.ts';
import { IssuedCredentials } from './credential-renewal.ts';
import type { DevicePlan } from './device-rules.ts';
import { DeviceRulesWatch } from './device-rules-watch.ts';
import { mediaAlarmLimits } from './media-alarms.ts';
import type { EnvironmentEvent, EnvironmentPort, LocalMediaPort } from './media-port.ts';
import { MicrophonePrewarm } from './microphone-prewarm.ts';
import { runEffect, type EffectDeps, type InvalidTransition } from './phone-effects.ts';
import { reducePhone } from './phone-machine.ts';
import type { MediaPort, PhoneEvent, PhoneService } from './phone-port.ts';
import { callOf, initialPhoneState, phoneSnapshot, snapshotChanged, type PhoneState } from './phone-state.ts';
import type { InvalidEffect, LogEffect, PhoneInput } from './phone-step.ts';
import { DEFAULT_TIMINGS, type PhoneTimings } from './phone-timings.ts';
import { TimerSet } from './phone-timers.ts';
import { QualityMonitor } from './quality-monitor.ts';
import { cachedRuledSettings } from './ruled-settings.ts';
import type { SipCredentialsPort } from './sip-credentials-port.ts';
import type { SipPort } from './sip-port.ts';
import { TransportKeepalive } from './transport-keepalive.ts';
import type { TurnPort } from './turn-port.ts';

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
  /** Short-lived SIP credentials from the gateway, when settings name a SIP credentials URL. */
  sipCredentials?: SipCredentialsPort;
  appVersion?: string;
  /** Pages of the PWA's recent log lines for the companion's support bundle (storage/log-book.ts). */
  logPages?: (params: PwaLogPageParams) => Promise<PwaLogPage>;
  /** The browser-policy self-checks for the companion's connection test (app/browser-checks.ts). */
  browserChecks?: () => Promise<BrowserChecks>;
  timings?: Partial<PhoneTimings>;
  /** Called for every Invalid transition (tests install a hook that fails the test). */
  onInvalidTransition?: (detail: InvalidTransition) => void;
};

/** Creates the phone over the adapters it is given (it never builds or imports one itself). */
export function createPhone(options: CreatePhoneOptions): PhoneService {
  return new Phone(options);
}

type Reply = { resolve: (result: unknown) => void; reject: (error: Error) => void };

class Phone implements PhoneService {
  #state: PhoneState;
  #snapshot: PhoneSnapshot;
  /** The last snapshot handed to the listeners. */
  #published: PhoneSnapshot;
  /** Log lines and invalid transitions of the steps under way (#dispatch nests when an effect feeds the reducer again). */
  readonly #logLines: (LogEffect | InvalidEffect)[] = [];
  #depth = 0;
  #nextCommand = 0;
  readonly #replies = new Map<number, Reply>();
  readonly #timers: TimerSet;
  readonly #timings: PhoneTimings;
  readonly #effects: EffectDeps;
  readonly #snapshots: Emitter<{ snapshot: PhoneSnapshot }>;
  readonly #events: Emitter<{ event: PhoneEvent }>;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #devices: DeviceRulesWatch;
  readonly #issued: IssuedCredentials;
  /** The microphone the ruled settings name (undefined: the system default), to see it change. */
  #inputDevice: string | undefined;
  readonly media: MediaPort;

  constructor(private readonly deps: CreatePhoneOptions) {
    const { log, sip } = deps;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.#timers = new TimerSet(deps.clock);
    this.#state = initialPhoneState(deps.appVersion ?? '0.0.0');
    this.#snapshot = phoneSnapshot(this.#state);
    this.#published = this.#snapshot;
    const onListenerError = (name: string) => (_: unknown, error: unknown) =>
      log.error(`a ${name} listener threw`, error);
    this.#snapshots = new Emitter(onListenerError('snapshot'));
    this.#events = new Emitter(onListenerError('event'));
    this.media = {
      listDevices: () => deps.media.enumerateDevices(),
      remoteStream: (callId) => sip.remoteStream(callId),
      onRemoteStream: (listener) => sip.onRemoteStream(listener),
    };
    this.#issued = new IssuedCredentials({ issuer: deps.sipCredentials, sip, timers: this.#timers, log });
    this.#devices = new DeviceRulesWatch({
      media: deps.media,
      log,
      rules: () => this.#state.endpoint.settings.device,
      onChange: (plan) => {
        this.#dispatch({ type: 'devices', plan });
        this.#events.emit('event', { type: 'device-plan', plan });
      },
    });
    this.#effects = {
      sip,
      media: deps.media,
      settings: { current: () => this.#ruledSettings(), subscribe: (listener) => deps.settings.subscribe(listener) },
      turn: deps.turn,
      appVersion: this.#state.appVersion,
      log,
      timers: this.#timers,
      keepalive: new TransportKeepalive({
        sip,
        timers: this.#timers,
        timings: this.#timings,
        log,
        isConnected: () => this.#state.link.transport.state === 'connected',
        isRegistered: () => this.#state.link.slots.some((slot) => slot.registration.state === 'registered'),
        hasCalls: () => this.#state.calls.length > 0,
      }),
      quality: new QualityMonitor({
        sip,
        timers: this.#timers,
        log,
        pollMs: this.#timings.qualityPollMs,
        call: (callId) => callOf(this.#state, callId),
        apply: (callId, quality) => {
          this.#dispatch({ type: 'quality', callId, quality });
          return callOf(this.#state, callId) ?? null;
        },
        warn: (call) => this.#events.emit('event', { type: 'quality-warning', call: callSnapshot(call) }),
        limits: () => mediaAlarmLimits(this.#state.endpoint),
        alarm: (call, change) =>
          this.#events.emit('event', { type: 'media-alarm', call: callSnapshot(call), ...change }),
      }),
      microphones: new MicrophonePrewarm(),
      endpoint: () => this.#state.endpoint,
      dispatch: (input) => this.#dispatch(input),
      emit: (event) => this.#events.emit('event', event),
      reply: (id, outcome) => this.#reply(id, outcome),
      ...(deps.logPages ? { logPages: deps.logPages } : {}),
      ...(deps.browserChecks ? { browserChecks: deps.browserChecks } : {}),
      ...(deps.onInvalidTransition ? { onInvalidTransition: deps.onInvalidTransition } : {}),
    };
    this.#inputDevice = this.#ruledSettings().audio.inputDeviceId;
    this.#unsubscribe.push(
      deps.settings.subscribe(() => this.#followInputDevice()),
      sip.subscribe((event) => this.#dispatch({ type: 'sip', event, jitter: Math.random() })),
      deps.environment.subscribe((event) => this.#onEnvironment(event)),
    );
  }

  get snapshot(): PhoneSnapshot {
    return this.#snapshot;
  }

  get endpoint(): AppliedSettings {
    return this.#state.endpoint;
  }

  get devices(): DevicePlan | null {
    return this.#state.devices;
  }

  /** The agent's Settings with the issued credential, WWE's device rules and codec order in place (ruled-settings.ts). */
  readonly #ruledSettings = cachedRuledSettings(() => ({
    own: this.deps.settings.current(),
    issued: this.#issued.current,
    devices: this.#state.devices,
    endpoint: this.#state.endpoint,
  }));

  subscribe(listener: (snapshot: PhoneSnapshot) => void): () => void {
    return this.#snapshots.on('snapshot', listener);
  }

  onEvent(listener: (event: PhoneEvent) => void): () => void {
    return this.#events.on('event', listener);
  }

  execute<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    if (name !== 'register' && name !== 'unregister') {
      return this.#run(name, params);
    }
    const url = this.deps.settings.current().sipCredentialsUrl;
    if (name === 'register' && url) {
      const { dn } = params as CommandParams<'register'>;
      if (this.#isUpWithIssued(dn)) {
        return this.#run(name, params); // WWE registers the DN again: its credentials stay, renewed on their timer
      }
      return this.#issued.fetch(url, dn).then(() => this.#run(name, params));
    }
    this.#issued.stop();
    return this.#run(name, params);
  }

  /** `dn` is registered with credentials the gateway issued for it (and renews while it stays so). */
  #isUpWithIssued(dn: string): boolean {
    const home = homeRegistration(this.#snapshot);
    return this.#issued.current?.dn === dn && home.state === 'registered' && home.dn === dn;
  }

  #run<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    return new Promise<CommandResult<K>>((resolve, reject) => {
      const id = ++this.#nextCommand;
      this.#replies.set(id, { resolve: resolve as (result: unknown) => void, reject });
      try {
        this.#dispatch({ type: 'command', id, command: { name, params } as Command });
      } catch (error) {
        this.#reply(id, { error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
  }

  async shutdown(): Promise<void> {
    this.#timers.cancelAll();
    this.#devices.stop();
    this.#issued.stop();
    this.#dispatch({ type: 'shutdown' });
    for (const off of this.#unsubscribe.splice(0)) {
      off();
    }
    await this.deps.sip.stop();
  }

  /**
   * The one transition path: reduce, run the effects, then publish the snapshot when it changed. The
   * effects go first so the snapshot's listeners (the relay push, other windows, the UI) never hold back
   * a REGISTER, an answer or an INVITE; `snapshot` is already the new one while they run. An effect that
   * feeds the reducer again publishes this step's snapshot before its own, so listeners hear every step's
   * snapshot, in order (a transferred call may be `ending` for one step only). The steps' log lines
   * (invalid transitions too) come last, in order, once the outermost step has published (or failed):
   * writing a line has a cost (the console's is large with DevTools attached) that must not hold back
   * the REGISTER or the snapshot that reports it.
   */
  #dispatch(input: PhoneInput): void {
    this.#publish();
    this.#depth += 1;
    try {
      const before = this.#state;
      const env = { now: this.deps.clock.now(), settings: this.#ruledSettings(), timings: this.#timings };
      const step = reducePhone(before, input, env);
      this.#state = step.state;
      if (before.endpoint !== step.state.endpoint) {
        this.#devices.refresh(); // new device rules: look at the devices present again
      }
      if (snapshotChanged(before, step.state)) {
        this.#snapshot = phoneSnapshot(step.state);
      }
      for (const effect of step.effects) {
        if (effect.type === 'log' || effect.type === 'invalid') {
          this.#logLines.push(effect);
        } else {
          runEffect(this.#effects, effect);
        }
      }
      this.#publish();
      if (input.type === 'devices') {
        this.#followInputDevice();
      }
    } finally {
      this.#depth -= 1;
      if (this.#depth === 0) {
        this.#logLines.splice(0).forEach((line) => runEffect(this.#effects, line));
      }
    }
  }

  /** Hands the listeners the snapshot they have not heard yet, if any. */
  #publish(): void {
    if (this.#published !== this.#snapshot) {
      this.#published = this.#snapshot;
      this.#snapshots.emit('snapshot', this.#snapshot);
    }
  }

  /** A different microphone chosen (Settings, or a device rule's new pick): live calls move to it. */
  #followInputDevice(): void {
    const device = this.#ruledSettings().audio.inputDeviceId;
    if (device !== this.#inputDevice) {
      this.#inputDevice = device;
      this.#dispatch({ type: 'inputDeviceChanged' });
    }
  }

  #reply(id: number, outcome: { result: unknown } | { error: Error }): void {
    const reply = this.#replies.get(id);
    this.#replies.delete(id);
    if ('result' in outcome) {
      reply?.resolve(outcome.result);
    } else {
      reply?.reject(outcome.error);
    }
  }

  #onEnvironment(event: EnvironmentEvent): void {
    const log = this.deps.log;
    switch (event.type) {
      case 'online':
        log.info('network back online: probing the transport and restarting ICE');
        this.#dispatch({ type: 'link', event: { type: 'online' } });
        break;
      case 'visible':
        if (event.hiddenForMs >= this.#timings.longHiddenMs) {
          log.info(`visible after ${Math.round(event.hiddenForMs / 1000)} s hidden: fresh REGISTER`);
          this.#dispatch({ type: 'link', event: { type: 'recover' } });
        }
        break;
      case 'pagehide':
        this.shutdown().catch((error: unknown) => log.warn('shutdown on pagehide failed', error));
        break;
      case 'offline':
        log.warn('network offline');
        break;
      default:
        assertNever(event, 'environment event');
    }
  }
}
