/**
 * The ONLY importer of JsSIP. Builds the UA from a SipAccount in one place, maps UA and session events
 * to machine events (SipEvent) and executes the phone service's SIP actions. It holds no call or
 * registration state of its own beyond the JsSIP objects, and never reads JsSIP's internal `_status`.
 *
 * Reconnect policy (decided here): JsSIP's own transport recovery is kept — it is already a jittered
 * exponential backoff scheduled from the socket's close (not a chained timer), and it re-REGISTERs by
 * itself on reconnect — tuned from its 2–30 s default to 1–10 s. On top of it: a stale-socket probe
 * (OPTIONS keepalive from the service) that drops the socket through DroppableSocket so recovery starts,
 * a fresh REGISTER on `online` / long-hidden `visible`, and the reconnect watch (reconnect-watch.ts):
 * while the link is in doubt a fresh probe socket that opens replaces the stuck one at once, instead
 * of waiting for TCP's and JsSIP's backoff.
 */
import { UA, WebSocketInterface } from 'jssip';
import type { DTMFOptions, RTCSession } from 'jssip/lib/RTCSession';
import type { UAConfiguration } from 'jssip/lib/UA';
import type { Clock } from '../lib/clock.ts';
import { Emitter } from '../lib/emitter.ts';
import type { Logger } from '../lib/log.ts';
import type {
  DtmfMode,
  HangupMode,
  MicrophoneProcessing,
  RtpStatsSample,
  SipAccount,
  SipEvent,
  SipPort,
  TransferTarget,
} from '../phone/sip-port.ts';
import { callerDisplayName } from './caller-identity.ts';
import { installCodecOrder, withPreferredAudio } from './codec-order.ts';
import { createIceReadyGate, hasTurnServer, type IceReadyGate } from './ice-ready.ts';
import { genesysCallUuid, installGenesysSeam, parseAutoAnswer, type SeamRequest } from './jssip-genesys.ts';
import { PreparedAnswer } from './jssip-prepared-answer.ts';
import { reoffer } from './jssip-reoffer.ts';
import { watchMediaPath } from './media-path-check.ts';
import { DigestReuse } from './digest-reuse.ts';
import { DroppableSocket, type SocketLike } from './jssip-socket.ts';
import { FailoverSocket } from './failover-socket.ts';
import { watchFailback } from './failback-watch.ts';
import { probeWebSocket } from './websocket-probe.ts';
import { RECONNECT_PROBE, ReconnectWatch } from './reconnect-watch.ts';
import type { TimerHandle } from '../lib/clock.ts';
import { SlotRegistrator, type SlotOutcome } from './jssip-slot-registrator.ts';
import { registrationFailedEvent, type JsSipRegistrationFailure } from './jssip-registration-failure.ts';
import { sendRefer } from './jssip-transfer.ts';
import { aorHost, targetUri } from './sip-uri.ts';
import { normaliseStats } from './rtp-stats.ts';
import { DEFAULT_SETTINGS, type AudioCodec } from '../settings/settings.ts';

/**
 * SIP timers and UA behaviour, one place (issue #4): every UA the product starts uses them, and so do the
 * gateway bench's simulated agents (bench/gateway/agents.ts).
 */
export const UA_BEHAVIOUR = {
  register: true,
  /** Re-REGISTER at ~half of it (JsSIP); short enough that a lost registration heals within minutes. */
  register_expires: 300,
  session_timers: false,
  /** SIP Server's long ring (ACD queues); JsSIP's 60 s default would answer 408 by itself. */
  no_answer_timeout: 120,
  connection_recovery_min_interval: 1,
  connection_recovery_max_interval: 10,
} as const satisfies Partial<UAConfiguration>;

/** How long the silent-socket check's OPTIONS may go unanswered (as the service's keepalive). */
const SILENT_SOCKET_PING_TIMEOUT_MS = 10_000;

export type JsSipAdapterOptions = {
  log: Logger;
  clock: Clock;
  /** The socket to wrap; defaults to JsSIP's WebSocketInterface (tests pass a loop socket). */
  createSocket?: (url: string) => SocketLike;
  /** Whether a gateway URL answers (within `timeoutMs`), for fail-back and the reconnect watch; defaults to opening a WebSocket to it. */
  probeGateway?: (url: string, timeoutMs?: number) => Promise<boolean>;
  iceGraceMs?: number;
};

type CallEntry = {
  session: RTCSession;
  /** The INVITE of an inbound call, until the call is accepted (to send a final error response). */
  invite: SeamRequest | null;
  gate: IceReadyGate;
  local: MediaStream | null;
  remote: MediaStream | null;
  pc: RTCPeerConnection | null;
  /** The answer negotiated while the call rings (prepareAnswer), until answer() adopts or drops it. */
  prepared: PreparedAnswer | null;
};

/**
 * EventEmitter and OPTIONS methods JsSIP's UA has at runtime but its .d.ts omits (UA extends Node's
 * EventEmitter from the `events` package; `sendOptions` is undeclared), and the public `transport`
 * getter, whose connect() starts an attempt now (its recovery timer then finds it connecting and stands down).
 */
type UaRuntime = UA & {
  readonly transport: { connect(): void; isConnected(): boolean; isConnecting(): boolean };
  once(event: 'disconnected', listener: () => void): void;
  removeAllListeners(): void;
  sendOptions(
    target: string,
    body: undefined,
    options: { eventHandlers: { succeeded(): void; failed(e: { originator?: string }): void } },
  ): void;
};

type NewSessionData = {
  originator: 'local' | 'remote';
  session: RTCSession;
  request: SeamRequest & { call_id: string };
};

/** Two accounts that would build the same UA (same DN, server, socket, credentials and ICE servers). */
function sameAccount(a: SipAccount | null, b: SipAccount): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

export function createJsSipAdapter(options: JsSipAdapterOptions): SipPort {
  return new JsSipAdapter(options);
}

class JsSipAdapter implements SipPort {
  readonly #events: Emitter<{ sip: SipEvent; remoteStream: string }>;
  readonly #calls = new Map<string, CallEntry>();
  #ua: UaRuntime | null = null;
  /** Registration slots 1… (Business Continuity); slot 0 is the UA's own registration. */
  #extraSlots: SlotRegistrator[] = [];
  #socket: DroppableSocket | null = null;
  /** The UA's REGISTERs after the first authenticated one carry their credentials at once. */
  #digests: DigestReuse | null = null;
  #gateways: FailoverSocket | null = null;
  #failback: TimerHandle | null = null;
  #reconnectWatch: ReconnectWatch | null = null;
  /** Armed by a message out, cancelled by any message in: see #onSent. */
  #silence: TimerHandle | null = null;
  #pingsInFlight = 0;
  /** When the UA's current connect attempt began (JsSIP's `connecting`). */
  #connectingSince = 0;
  #account: SipAccount | null = null;
  #unregisterRequested = false;
  #lastLocalCallId: string | null = null;
  readonly #log: Logger;

  constructor(private readonly options: JsSipAdapterOptions) {
    this.#log = options.log;
    this.#events = new Emitter((_, error) => this.#log.error('a SIP event listener threw', error));
  }

  subscribe(listener: (event: SipEvent) => void): () => void {
    return this.#events.on('sip', listener);
  }

  #emit(event: SipEvent): void {
    this.#events.emit('sip', event);
  }

  start(account: SipAccount): void {
    const running = this.#ua;
    if (running?.isConnected() && sameAccount(this.#account, account)) {
      // WWE's logout/login for the same DN: the socket is up, so only a REGISTER is needed — no new
      // UA, no reconnect (the transport machine sees nothing happen, and registration is one round trip).
      this.#unregisterRequested = false;
      running.register();
      this.#extraSlots.forEach((slot) => slot.register());
      this.#log.info(`REGISTER again on the running UA for ${account.dn}`);
      return;
    }
    this.#teardown();
    this.#account = account;
    const gateways = new FailoverSocket(
      account.webSocketUrls,
      (url) => this.options.createSocket?.(url) ?? new WebSocketInterface(url),
    );
    const digests = new DigestReuse(() => this.#account?.password ?? null);
    this.#digests = digests;
    const socket = new DroppableSocket(gateways, {
      sent: (message) => {
        this.#onSent();
        return this.#digestSafely(() => digests.outgoing(message), message);
      },
      received: (data) => {
        this.#onReceived();
        this.#digestSafely(() => digests.received(data), undefined);
      },
    });
    this.#socket = socket;
    this.#gateways = gateways;
    const probe = this.options.probeGateway ?? probeWebSocket;
    this.#failback = watchFailback({
      clock: this.options.clock,
      socket: gateways,
      probe,
      isIdle: () => this.#calls.size === 0,
      failBack: (url) => {
        this.#log.info(`the gateway ${url} answers again: failing back to it`);
        socket.drop(`fail-back to ${url}`);
      },
    });
    const config: UAConfiguration = {
      sockets: [socket] as UAConfiguration['sockets'],
      uri: `sip:${account.dn}@${aorHost(account.server)}`,
      // The SIP Server WWE named: a gateway routes each slot's REGISTER by its Request-URI.
      registrar_server: `sip:${account.server}`,
      ...UA_BEHAVIOUR,
      user_agent: account.userAgent,
    };
    if (account.password !== undefined) {
      config.password = account.password;
    }
    if (account.authorizationUser) {
      config.authorization_user = account.authorizationUser;
    }
    const ua = new UA(config) as UaRuntime;
    this.#ua = ua;
    this.#reconnectWatch = new ReconnectWatch({
      clock: this.options.clock,
      probe: (timeoutMs) => this.#probeOrRestart(ua, socket, timeoutMs, () => probe(gateways.url, timeoutMs)),
      reachable: () => this.#reconnectNow(ua, socket, gateways.url),
    });
    this.#unregisterRequested = false;
    this.#extraSlots = account.extraSlots.map(
      (target, i) => new SlotRegistrator(ua, target, (outcome) => this.#onSlotOutcome(ua, i + 1, outcome)),
    );
    this.#wireUa(ua);
    this.#log.info(`starting UA ${config.uri} via ${account.webSocketUrls.join(', then ')}`);
    ua.start();
  }

  #wireUa(ua: UaRuntime): void {
    const live = (): boolean => this.#ua === ua;
    ua.on('connecting', (e: { attempts: number }) => {
      if (live()) {
        this.#connectingSince = this.options.clock.now();
        this.#reconnectWatch?.doubt();
        this.#emit({ type: 'transport', event: { type: 'connecting', attempt: e.attempts } });
      }
    });
    ua.on('connected', () => {
      if (live()) {
        this.#log.info(`connected to the gateway ${this.#gateways?.url ?? ''}`);
        this.#reconnectWatch?.settle();
        this.#emit({ type: 'transport', event: { type: 'connected' } });
        // JsSIP REGISTERs its own slot on every connect; the further slots follow it.
        this.#extraSlots.forEach((slot) => slot.register());
      }
    });
    ua.on('disconnected', (e: { error?: boolean; code?: number; reason?: string }) => {
      if (live()) {
        this.#extraSlots.forEach((slot) => slot.onTransportClosed());
        this.#reconnectWatch?.doubt();
        const cause = e.error
          ? `socket closed (${e.code ?? 'no code'}${e.reason ? ` ${e.reason}` : ''})`
          : 'socket closed';
        this.#emit({ type: 'transport', event: { type: 'disconnected', cause } });
        this.#endUnanswerable();
      }
    });
    ua.on('registered', () => this.#onSlotOutcome(ua, 0, { type: 'registered' }));
    ua.on('unregistered', (e: { cause?: string | null }) =>
      this.#onSlotOutcome(ua, 0, { type: 'unregistered', cause: e.cause ?? null }),
    );
    ua.on('registrationFailed', (e: JsSipRegistrationFailure) =>
      this.#onSlotOutcome(ua, 0, registrationFailedEvent(e)),
    );
    ua.on('newRTCSession', (data: unknown) => {
      if (live()) {
        this.#onNewSession(data as NewSessionData);
      }
    });
  }

  #onNewSession({ originator, session, request }: NewSessionData): void {
    const callId = request.call_id;
    installGenesysSeam(session as unknown as Parameters<typeof installGenesysSeam>[0], originator, request, {
      log: this.#log.child('genesys'),
      onRemoteControl: (action) => this.#emit({ type: 'remote-control', callId, action }),
    });
    const gate = createIceReadyGate({
      hasTurnServer: hasTurnServer(this.#account?.iceServers ?? []),
      clock: this.options.clock,
      ...(this.options.iceGraceMs !== undefined ? { graceMs: this.options.iceGraceMs } : {}),
    });
    const entry: CallEntry = {
      session,
      invite: originator === 'remote' ? request : null,
      gate,
      local: null,
      remote: null,
      pc: null,
      prepared: null,
    };
    this.#calls.set(callId, entry);
    this.#wireSession(callId, entry);
    if (originator === 'local') {
      this.#lastLocalCallId = callId;
      return;
    }
    const identity = session.remote_identity;
    const displayName = callerDisplayName(
      request.getHeaders('P-Asserted-Identity'),
      identity.display_name ? String(identity.display_name) : undefined,
    );
    const uuid = genesysCallUuid(request);
    this.#emit({
      type: 'incoming',
      callId,
      remote: identity.uri.user ?? identity.uri.toString(),
      ...(displayName ? { displayName } : {}),
      ...(uuid ? { genesysCallUuid: uuid } : {}),
      autoAnswer: parseAutoAnswer(request),
    });
  }

  #wireSession(callId: string, entry: CallEntry): void {
    const { session } = entry;
    const call = (event: Extract<SipEvent, { type: 'call' }>['event']): void =>
      this.#emit({ type: 'call', callId, event });
    session.on('sending', () => call({ type: 'inviteSent' }));
    session.on('progress', (e: { originator: string }) => {
      if (e.originator === 'remote') {
        call({ type: 'progress' });
      }
    });
    session.on('accepted', () => {
      entry.invite = null;
      call({ type: 'accepted' });
    });
    const end = (e: { cause?: string }): void => {
      this.#release(callId);
      call({ type: 'ended', cause: e.cause ?? 'Terminated' });
    };
    session.on('ended', end);
    session.on('failed', (e: { originator?: string; cause?: string }) => {
      if (e.originator === 'system') {
        this.#finalErrorResponse(entry, callId);
      }
      end(e);
    });
    session.on('hold', (e: { originator: string }) => {
      if (e.originator === 'remote') {
        call({ type: 'remoteHold', held: true });
      }
    });
    session.on('unhold', (e: { originator: string }) => {
      if (e.originator === 'remote') {
        call({ type: 'remoteHold', held: false });
      }
    });
    session.on('icecandidate', (e: { candidate: RTCIceCandidate; ready: () => void }) =>
      entry.gate.onCandidate(e.candidate, e.ready),
    );
    session.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) =>
      this.#attachPc(callId, entry, e.peerconnection),
    );
    session.on('sdp', (e: { originator: string; sdp: string }) => {
      if (e.originator === 'remote') {
        e.sdp = withPreferredAudio(e.sdp, this.#audioCodecs());
      }
    });
    session.on('reinvite', (e: { request: { body?: string } }) =>
      this.#log.debug(`re-INVITE on ${callId}${e.request.body ? '' : ' without SDP (late offer)'}`),
    );
    session.on('peerconnection:setremotedescriptionfailed', (error: unknown) =>
      this.#log.warn(`remote SDP rejected on ${callId}`, error),
    );
  }

  #attachPc(callId: string, entry: CallEntry, pc: RTCPeerConnection | null): void {
    if (!pc || entry.pc === pc) {
      return;
    }
    entry.pc = pc;
    installCodecOrder(pc, this.#audioCodecs());
    watchMediaPath(pc, this.#account?.iceTransportPolicy ?? 'all', (reason) => {
      if (this.#calls.get(callId) !== entry) {
        return;
      }
      this.#log.warn(`call ${callId}: ${reason}`);
      this.#endHere(callId, entry, reason);
    });
    pc.addEventListener('track', (e: RTCTrackEvent) => {
      entry.remote = e.streams[0] ?? new MediaStream([e.track]);
      this.#events.emit('remoteStream', callId);
    });
  }

  #audioCodecs(): readonly AudioCodec[] {
    return this.#account?.audioCodecs ?? DEFAULT_SETTINGS.audioCodecs;
  }

  #release(callId: string): void {
    const entry = this.#calls.get(callId);
    if (!entry) {
      return;
    }
    entry.gate.dispose();
    this.#dropPrepared(callId, entry);
    entry.local?.getTracks().forEach((t) => t.stop());
    this.#calls.delete(callId);
  }

  #entry(callId: string): CallEntry {
    const entry = this.#calls.get(callId);
    if (!entry) {
      throw new Error(`no SIP session for call ${callId}`);
    }
    return entry;
  }

  /**
   * Calls still ringing when the socket closes can no longer be answered: the replies to an INVITE leave
   * on the socket it came in on, the only way the gateway reaches us. (A frozen page that thaws reads
   * such an INVITE late, after the gateway gave up on it and closed the socket: without this it would
   * ring for a call that no longer exists and hold a line.)
   */
  #endUnanswerable(): void {
    for (const [callId, entry] of [...this.#calls]) {
      if (entry.invite !== null) {
        this.#log.warn(`call ${callId} was still ringing when the socket closed: it cannot be answered`);
        this.#endHere(callId, entry, 'Connection lost before the call was answered');
      }
    }
  }

  /**
   * Ends a call on our side with `cause` (the machine hears it now, with the reason), then tells
   * JsSIP; JsSIP's own `ended`/`failed` that follows is about a call the phone no longer holds.
   */
  #endHere(callId: string, entry: CallEntry, cause: string): void {
    this.#release(callId);
    this.#emit({ type: 'call', callId, event: { type: 'ended', cause } });
    try {
      entry.session.terminate();
    } catch (error) {
      this.#log.debug(`terminating ${callId} after it ended here (${cause})`, error);
    }
  }

  /** A slot's REGISTER outcome as a machine event; an un-REGISTER nobody asked for is a lost registration. */
  #onSlotOutcome(ua: UaRuntime, slot: number, outcome: SlotOutcome): void {
    if (this.#ua !== ua) {
      return;
    }
    switch (outcome.type) {
      case 'registered':
        this.#emit({ type: 'registration', slot, event: { type: 'registered' } });
        break;
      case 'unregistered':
        this.#emit({
          type: 'registration',
          slot,
          event: this.#unregisterRequested
            ? { type: 'unregistered' }
            : { type: 'registrationLost', cause: outcome.cause ?? 'Connection Error' },
        });
        break;
      case 'registrationFailed':
        this.#emit({ type: 'registration', slot, event: outcome });
        break;
    }
  }

  /** Every slot's un-REGISTER, or `unregistered` at once for a slot that holds no binding. */
  #unregisterSlots(ua: UaRuntime): void {
    if (ua.isRegistered()) {
      ua.unregister();
    } else {
      queueMicrotask(() => this.#onSlotOutcome(ua, 0, { type: 'unregistered', cause: null }));
    }
    this.#extraSlots.forEach((slot, i) => {
      if (slot.isRegistered) {
        slot.unregister();
      } else {
        queueMicrotask(() => this.#onSlotOutcome(ua, i + 1, { type: 'unregistered', cause: null }));
      }
    });
  }

  #teardown(): void {
    const ua = this.#ua;
    this.#ua = null;
    this.#stopWatches();
    if (ua) {
      this.#unregisterRequested = true;
      this.#extraSlots.forEach((slot) => slot.close());
      this.#extraSlots = [];
      ua.stop();
      ua.removeAllListeners();
      // Its listeners are gone, so JsSIP's own `disconnected` will never be seen: report it here, so
      // the next UA's `connecting` starts from `disconnected` (not "connecting while connected").
      this.#emit({ type: 'transport', event: { type: 'disconnected', cause: 'UA replaced' } });
    }
    for (const callId of [...this.#calls.keys()]) {
      this.#release(callId);
    }
  }

  /**
   * Nothing has come back for a second after a message went out. With an OPTIONS among the messages
   * (the keepalive, or the one sent here) the socket may be stuck in TCP's backoff: the reconnect watch
   * doubts it. Otherwise the silence may be right (a response to SIP Server's NOTIFY expects no answer),
   * so an OPTIONS asks for one — a network dropping packets is noticed within two seconds, not at the
   * next keepalive, 25 s away.
   */
  #onSent(): void {
    this.#silence ??= this.options.clock.setTimeout(() => {
      this.#silence = null;
      if (this.#pingsInFlight > 0) {
        this.#reconnectWatch?.doubt();
      } else {
        void this.ping(SILENT_SOCKET_PING_TIMEOUT_MS);
      }
    }, RECONNECT_PROBE.everyMs);
  }

  /** Digest reuse only adds to the traffic: should it fail, the message goes through as it was. */
  #digestSafely<T>(run: () => T, otherwise: T): T {
    try {
      return run();
    } catch (error) {
      this.#log.warn('digest reuse failed on a SIP message', error);
      return otherwise;
    }
  }

  #onReceived(): void {
    this.#silence?.cancel();
    this.#silence = null;
  }

  #stopWatches(): void {
    this.#onReceived();
    this.#failback?.cancel();
    this.#failback = null;
    this.#reconnectWatch?.settle();
    this.#reconnectWatch = null;
  }

  /**
   * The reconnect watch's beat. While the UA's own attempt is still connecting, a probe would only queue
   * behind it — a browser lets one WebSocket per address be in CONNECTING at a time (RFC 6455 §4.1) — so
   * an attempt that has had the shortest beat (¾ of the probe's timeout; a working handshake takes far
   * less) is started afresh instead: a new SYN, not the backed-off retransmission of a lost one, to the
   * next URL of the list when there is one.
   * Otherwise (the socket is up but unanswered, or JsSIP waits on its recovery timer) `probe` runs.
   */
  #probeOrRestart(
    ua: UaRuntime,
    socket: DroppableSocket,
    timeoutMs: number,
    probe: () => Promise<boolean>,
  ): Promise<boolean> {
    if (!ua.transport.isConnecting()) {
      return probe();
    }
    if (this.#ua === ua && this.options.clock.now() - this.#connectingSince >= timeoutMs * 0.75) {
      // Counted as that URL's failure, so a node that drops packets (powered off) hands over to the next URL.
      this.#gateways?.markFailed();
      socket.drop('connect attempt unanswered: starting a fresh one');
      ua.transport.connect();
    }
    return Promise.resolve(false);
  }

  /** The reconnect watch's probe opened while this UA's socket is down, connecting or unanswered: replace it now. */
  #reconnectNow(ua: UaRuntime, socket: DroppableSocket, url: string): void {
    if (this.#ua !== ua) {
      return;
    }
    this.#log.info(`a fresh socket to ${url} opens while the one in use is stuck: reconnecting now`);
    if (ua.transport.isConnected() || ua.transport.isConnecting()) {
      socket.drop('stuck while a fresh socket opens');
    }
    ua.transport.connect();
  }

  unregister(): void {
    const ua = this.#ua;
    this.#unregisterRequested = true;
    if (ua) {
      this.#unregisterSlots(ua);
    } else {
      queueMicrotask(() => this.#emit({ type: 'registration', slot: 0, event: { type: 'unregistered' } }));
    }
  }

  stop(): Promise<void> {
    const ua = this.#ua;
    if (!ua) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = this.options.clock.setTimeout(done, 2_500);
      ua.once('disconnected', done);
      function done(): void {
        timer.cancel();
        resolve();
      }
      this.#unregisterRequested = true;
      this.#extraSlots.forEach((slot) => slot.close());
      this.#stopWatches();
      ua.stop();
    }).then(() => {
      if (this.#ua === ua) {
        const slots = this.#extraSlots.length + 1;
        for (let slot = 0; slot < slots; slot += 1) {
          this.#emit({ type: 'registration', slot, event: { type: 'unregistered' } });
        }
        this.#ua = null;
        this.#extraSlots = [];
        ua.removeAllListeners();
      }
    });
  }

  renewCredentials({ authorizationUser, password }: { authorizationUser: string; password: string }): void {
    // set('password') makes JsSIP derive a new digest (HA1) instead of the one cached from the old password.
    this.#ua?.set('authorization_user', authorizationUser);
    this.#ua?.set('password', password);
    this.#extraSlots.forEach((slot) => slot.renewCredentials(authorizationUser, password));
    this.#digests?.forget();
    if (this.#account) {
      this.#account = { ...this.#account, authorizationUser, password };
    }
  }

  refreshRegistration(slot: number): void {
    if (this.#ua?.isConnected()) {
      this.#unregisterRequested = false;
      if (slot === 0) {
        this.#ua.register();
      } else {
        this.#extraSlots[slot - 1]?.register();
      }
    }
  }

  ping(timeoutMs: number): Promise<'alive' | 'dead'> {
    const ua = this.#ua;
    const account = this.#account;
    if (!ua?.isConnected() || !account) {
      return Promise.resolve('dead');
    }
    this.#pingsInFlight += 1;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: 'alive' | 'dead'): void => {
        if (!settled) {
          settled = true;
          this.#pingsInFlight -= 1;
          timer.cancel();
          if (result === 'alive' && ua.isConnected()) {
            this.#reconnectWatch?.settle();
          }
          resolve(result);
        }
      };
      const timer = this.options.clock.setTimeout(() => finish('dead'), timeoutMs);
      ua.sendOptions(`sip:${aorHost(account.server)}`, undefined, {
        eventHandlers: {
          succeeded: () => finish('alive'),
          // Any final response from the far side proves the path; a local timeout or transport error does not.
          failed: (e: { originator?: string }) => finish(e.originator === 'remote' ? 'alive' : 'dead'),
        },
      });
    });
  }

  reconnect(): void {
    this.#log.warn(`dropping the SIP socket to ${this.#gateways?.url ?? 'the gateway'} to force a reconnect`);
    this.#gateways?.markFailed();
    this.#socket?.drop('stale transport');
  }

  dial(target: string, stream: MediaStream, slot: number): string {
    const ua = this.#ua;
    const account = this.#account;
    if (!ua || !account) {
      throw new Error('the UA is not started');
    }
    const from = slot === 0 ? account : account.extraSlots[slot - 1];
    if (!from) {
      throw new Error(`no registration slot ${slot}`);
    }
    const uri = targetUri(target, from.server);
    this.#lastLocalCallId = null;
    const session = ua.call(uri, {
      ...(slot === 0 ? {} : { fromUserName: from.dn }),
      mediaStream: stream,
      mediaConstraints: { audio: true, video: false },
      pcConfig: this.#pcConfig(),
    });
    const callId = this.#lastLocalCallId as string | null;
    if (callId === null) {
      throw new Error('JsSIP created no session');
    }
    const entry = this.#entry(callId);
    entry.local = stream;
    this.#attachPc(callId, entry, session.connection);
    return callId;
  }

  /** The peer connection's ICE configuration, the same for an INVITE and a 200 OK. */
  #pcConfig(): RTCConfiguration {
    return {
      iceServers: this.#account?.iceServers ?? [],
      iceTransportPolicy: this.#account?.iceTransportPolicy ?? 'all',
    };
  }

  prepareAnswer(callId: string, stream: MediaStream): void {
    const entry = this.#calls.get(callId);
    const offer = entry?.invite?.body;
    if (!entry || !offer || entry.pc) {
      return; // gone, answered, offerless (the 200 carries an offer), or prepared already
    }
    try {
      const pc = new RTCPeerConnection(this.#pcConfig());
      this.#attachPc(callId, entry, pc);
      const applied = withPreferredAudio(offer, this.#audioCodecs());
      entry.prepared = new PreparedAnswer(pc, stream, applied, entry.gate, this.#log.child(`call ${callId}`));
    } catch (error) {
      this.#log.warn(`the answer to ${callId} could not be prepared while it rings; it is built on answer`, error);
      this.#dropPrepared(callId, entry);
    }
  }

  /** Closes the connection prepared for a call that will not use it (also one whose preparation failed). */
  #dropPrepared(callId: string, entry: CallEntry): void {
    if (entry.pc && entry.session.connection !== entry.pc) {
      entry.pc.close();
      entry.pc = null;
      entry.remote = null;
      this.#events.emit('remoteStream', callId);
    }
    entry.prepared = null;
  }

  answer(callId: string, stream: MediaStream): void {
    const entry = this.#entry(callId);
    entry.local = stream;
    const prepared = entry.prepared?.stream === stream && entry.prepared.usable ? entry.prepared : null;
    if (prepared) {
      prepared.adoptInto(entry.session);
      entry.prepared = null;
    } else {
      this.#dropPrepared(callId, entry);
    }
    // A prepared connection has the microphone's track already: JsSIP is given no stream to add.
    const media = prepared
      ? { mediaConstraints: { audio: false, video: false } }
      : { mediaStream: stream, mediaConstraints: { audio: true, video: false } };
    try {
      entry.session.answer({ ...media, pcConfig: this.#pcConfig() });
    } catch (error) {
      prepared?.close();
      // JsSIP throws after it has marked the call answered (e.g. RTCPeerConnection's constructor
      // refuses the configuration): no 200 OK can follow, so decline now instead of leaving SIP
      // Server to CANCEL on its own timer.
      this.#log.warn(`the 200 OK for ${callId} cannot be built; answering 500`, error);
      this.#reject(entry, callId);
    }
  }

  /** Ends an inbound call that cannot be answered with a 500 (JsSIP's `failed` follows). */
  #reject(entry: CallEntry, callId: string): void {
    try {
      entry.session.terminate({ status_code: 500, reason_phrase: 'Server Internal Error' });
    } catch (error) {
      this.#log.warn(`terminate ${callId} failed; treating the call as ended`, error);
      this.#finalErrorResponse(entry, callId);
      this.#release(callId);
      this.#emit({ type: 'call', callId, event: { type: 'ended', cause: 'Internal Error' } });
    }
  }

  /**
   * JsSIP gives up on some answer failures (a track it cannot add, a session-timer header) without
   * any final response to the INVITE. Send 500 then; when a final response already left, the INVITE
   * server transaction is no longer proceeding and ignores this one (RFC 3261 §17.2.1).
   */
  #finalErrorResponse(entry: CallEntry, callId: string): void {
    const invite = entry.invite;
    entry.invite = null;
    if (invite) {
      this.#log.warn(`call ${callId} failed before it was answered; the INVITE gets 500`);
      invite.reply(500, 'Server Internal Error');
    }
  }

  hangup(callId: string, mode: HangupMode): void {
    const entry = this.#calls.get(callId);
    if (!entry) {
      queueMicrotask(() => this.#emit({ type: 'call', callId, event: { type: 'ended', cause: 'Terminated' } }));
      return;
    }
    try {
      if (mode === 'normal') {
        entry.session.terminate();
      } else {
        // JsSIP fills the reason phrase of a known status (486 Busy Here, 480 Temporarily Unavailable…).
        entry.session.terminate({ status_code: mode === 'reject' ? 603 : mode.refuse });
      }
    } catch (error) {
      this.#log.warn(`terminate ${callId} failed; treating the call as ended`, error);
      this.#release(callId);
      this.#emit({ type: 'call', callId, event: { type: 'ended', cause: 'Terminated' } });
    }
  }

  setHold(callId: string, held: boolean): void {
    const { session } = this.#entry(callId);
    reoffer(session, { held })
      .then((result) => {
        this.#emit({
          type: 'call',
          callId,
          event: result.ok ? { type: 'holdSucceeded' } : { type: 'holdFailed', cause: result.cause },
        });
      })
      .catch((error: unknown) => {
        this.#log.error(`hold re-INVITE on ${callId} threw`, error);
        this.#emit({ type: 'call', callId, event: { type: 'holdFailed', cause: 'internal error' } });
      });
  }

  setMute(callId: string, muted: boolean): void {
    const { session, local } = this.#entry(callId);
    if (muted) {
      session.mute({ audio: true });
    } else {
      session.unmute({ audio: true });
    }
    // JsSIP mutes the tracks on the senders; a prepared answer's microphone may still be on its way there.
    local?.getAudioTracks().forEach((track) => (track.enabled = !muted));
  }

  async applyMicrophone(callId: string, processing: MicrophoneProcessing): Promise<void> {
    const senders = this.#entry(callId).session.connection?.getSenders() ?? [];
    const tracks = senders.flatMap((sender) => (sender.track?.kind === 'audio' ? [sender.track] : []));
    await Promise.all(tracks.map((track) => track.applyConstraints(processing)));
  }

  async switchMicrophone(callId: string, stream: MediaStream): Promise<void> {
    const entry = this.#entry(callId);
    const track = stream.getAudioTracks()[0];
    const sender = entry.session.connection?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!track || !sender) {
      throw new Error('no audio sender or no audio track to switch to');
    }
    track.enabled = sender.track?.enabled ?? true; // a muted call stays muted
    await sender.replaceTrack(track);
    entry.local?.getTracks().forEach((t) => t.stop());
    entry.local = stream;
  }

  sendDtmf(callId: string, tones: string, mode: DtmfMode): void {
    const transportType = (mode === 'info' ? 'INFO' : 'RFC2833') as unknown as DTMFOptions['transportType'];
    this.#entry(callId).session.sendDTMF(tones, { transportType });
  }

  transfer(callId: string, to: TransferTarget): void {
    const { session } = this.#entry(callId);
    const other = to.type === 'attended' ? this.#entry(to.withCallId).session : undefined;
    // Attended: Refer-To the consulted party (its AOR, routed by the registrar) with Replaces.
    const target = other
      ? other.remote_identity.uri.toString()
      : targetUri(to.type === 'blind' ? to.target : '', this.#account?.server);
    const emit = (event: Extract<SipEvent, { type: 'call' }>['event']): void =>
      this.#emit({ type: 'call', callId, event });
    sendRefer(session, target, { ...(other ? { replaces: other } : {}), log: this.#log })
      .then((result) =>
        emit(result.ok ? { type: 'transferSucceeded' } : { type: 'transferFailed', cause: result.cause }),
      )
      .catch((error: unknown) => {
        this.#log.error(`REFER on ${callId} threw`, error);
        emit({ type: 'transferFailed', cause: error instanceof Error ? error.message : 'internal error' });
      });
  }

  restartIce(callId: string): void {
    const entry = this.#calls.get(callId);
    if (!entry) {
      return;
    }
    reoffer(entry.session, { iceRestart: true })
      .then((r) => this.#log.info(`ICE restart on ${callId}: ${r.ok ? 'ok' : r.cause}`))
      .catch((error: unknown) => this.#log.warn(`ICE restart on ${callId} failed`, error));
  }

  async getStats(callId: string): Promise<RtpStatsSample | null> {
    const pc = this.#calls.get(callId)?.pc;
    if (!pc) {
      return null;
    }
    const report = await pc.getStats();
    return normaliseStats(report.values() as Iterable<Record<string, unknown>>, this.options.clock.now());
  }

  remoteStream(callId: string): MediaStream | null {
    return this.#calls.get(callId)?.remote ?? null;
  }

  onRemoteStream(listener: (callId: string) => void): () => void {
    return this.#events.on('remoteStream', listener);
  }
}
