/**
 * A stand-in for the PWA over a real `ws` client: it pairs with the secret, says hello, answers
 * commands through a handler table mapped over CommandName (one handler per command, as the PWA has) and
 * pushes a full snapshot after every change. Tests steer it: hold a command unanswered, fail one,
 * finish a registration, ring an inbound call.
 */
import { EventEmitter, once } from 'node:events';
import WebSocket from 'ws';
import {
  PAIRING_SUBPROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  RELAY_PATH,
  RELAY_SUBPROTOCOL,
  RelayError,
  applyAudioChange,
  idlePhoneSnapshot,
  parseToPwa,
  singleSlot,
  type BrowserChecks,
  type CallSnapshot,
  type CommandParams,
  type CommandResult,
  type CommandName,
  type PhoneSnapshot,
  type PwaLogLine,
  type RegistrationSnapshot,
  type ToPwa,
  endedCall,
} from '../../protocol/src/index.ts';
import { shapeCall, type LooseCall } from '../../protocol/test/call-snapshots.ts';

/** Small pages, so a test walks several. */
const LOG_PAGE_LINES = 2;

type SyncHandlers = { [K in CommandName]: (params: CommandParams<K>) => CommandResult<K> };

export type RequestFrame = Extract<ToPwa, { type: 'request' }>;

export interface FakePwaOptions {
  port: number;
  ca: string;
  secret?: string;
  origin?: string;
  protocols?: string[];
  /** Complete REGISTER right after answering `register` (default true). */
  autoRegister?: boolean;
  /** Send hello and wait for welcome (default true). */
  hello?: boolean;
  helloFrame?: Record<string, unknown>;
}

type FakePwaEvents = {
  request: [frame: RequestFrame];
  ping: [t: number];
};

export class FakePwa extends EventEmitter<FakePwaEvents> {
  readonly requests: RequestFrame[] = [];
  /** The WWE session states the companion told this PWA, in order. */
  readonly wweSessions: string[] = [];
  snapshot: PhoneSnapshot = { ...idlePhoneSnapshot('0.1.0-test'), transport: 'connected' };
  /** Commands left unanswered (to provoke TIMEOUT or PWA_DISCONNECTED). */
  readonly silent = new Set<CommandName>();
  answerPings = true;
  /** The PWA's stored log lines, served LOG_PAGE_LINES to a `getLog` page. */
  logLines: PwaLogLine[] = [];
  /** What `getBrowserChecks` answers. */
  browserChecks: BrowserChecks = { localNetworkAccess: 'granted', autoplay: 'allowed' };
  autoRegister: boolean;
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextCall = 1;

  private constructor(
    readonly ws: WebSocket,
    options: FakePwaOptions,
  ) {
    super();
    this.autoRegister = options.autoRegister ?? true;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data: Buffer) => this.onMessage(data.toString('utf8')));
    ws.on('error', () => undefined);
  }

  static open(options: FakePwaOptions): WebSocket {
    const protocols = options.protocols ?? [RELAY_SUBPROTOCOL, `${PAIRING_SUBPROTOCOL_PREFIX}${options.secret ?? ''}`];
    return new WebSocket(`wss://127.0.0.1:${options.port}${RELAY_PATH}`, protocols, {
      ca: options.ca,
      origin: options.origin ?? 'https://127.0.0.1:8443',
    });
  }

  /** Connects, says hello, waits for welcome and sends the first snapshot. */
  static async connect(options: FakePwaOptions): Promise<FakePwa> {
    const ws = FakePwa.open(options);
    const pwa = new FakePwa(ws, options);
    await once(ws, 'open');
    if (options.hello ?? true) {
      const welcome = once(ws, 'message');
      pwa.send(
        options.helloFrame ?? {
          type: 'hello',
          v: PROTOCOL_VERSION,
          protocol: PROTOCOL_VERSION,
          appVersion: '0.1.0-test',
          windowId: 'w-1',
        },
      );
      const refused = pwa.closed.then(({ code, reason }) => {
        throw new Error(`the companion closed the link instead of welcoming it: ${code} ${reason}`);
      });
      await Promise.race([welcome, refused]);
      pwa.push();
    }
    return pwa;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  push(): void {
    this.send({ type: 'event', v: PROTOCOL_VERSION, event: { name: 'snapshot', phone: this.snapshot } });
  }

  /** One slot's registration (slot 0 by default, the only one unless `register` named more). */
  setRegistration(registration: RegistrationSnapshot, slot = 0): void {
    const slots = this.snapshot.slots.map((s, i) =>
      i === slot ? { registration, settled: registration.state !== 'registering' } : s,
    );
    this.snapshot = { ...this.snapshot, slots };
    this.push();
  }

  /** An inbound call starts ringing. */
  ring(remote = '5002', extra: Partial<LooseCall> = {}): CallSnapshot {
    const call = shapeCall({
      callId: `in-${this.nextCall++}`,
      direction: 'inbound',
      state: 'incoming',
      remote,
      startedAt: 1_732_467_600_000,
      ...extra,
    });
    this.snapshot = { ...this.snapshot, calls: [...this.snapshot.calls, call] };
    this.push();
    return call;
  }

  /** Resolves with the next request for `name` (or one already received). */
  async nextRequest(name: CommandName): Promise<RequestFrame> {
    // Re-read the list after every wake-up: requests arriving in one socket read are emitted
    // back to back, before this loop runs again.
    for (;;) {
      const seen = this.requests.find((r) => r.command.name === name && !this.consumed.has(r));
      if (seen) {
        this.consumed.add(seen);
        return seen;
      }
      await once(this, 'request');
    }
  }
  private readonly consumed = new Set<RequestFrame>();

  close(code = 1000): Promise<{ code: number; reason: string }> {
    this.ws.close(code);
    return this.closed;
  }

  private onMessage(text: string): void {
    const parsed = parseToPwa(text);
    if (!parsed.ok) {
      throw new Error(`fake PWA got a bad frame: ${parsed.reason}`);
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case 'welcome':
        return;
      case 'wwe':
        this.wweSessions.push(frame.session);
        return;
      case 'ping':
        this.emit('ping', frame.t);
        if (this.answerPings) {
          this.send({ type: 'pong', v: PROTOCOL_VERSION, t: frame.t });
        }
        return;
      case 'request':
        this.requests.push(frame);
        this.emit('request', frame);
        if (!this.silent.has(frame.command.name)) {
          void this.answer(frame);
        }
        return;
      default: {
        const never: never = frame;
        return never;
      }
    }
  }

  private async answer(frame: RequestFrame): Promise<void> {
    const handler = this.handlers[frame.command.name] as (params: unknown) => unknown;
    try {
      const result = await Promise.resolve().then(() => handler(frame.command.params));
      this.send({ type: 'response', v: PROTOCOL_VERSION, id: frame.id, ok: true, result });
    } catch (err) {
      const error = err instanceof RelayError ? err.toJSON() : { code: 'INTERNAL', message: 'fake PWA handler failed' };
      this.send({ type: 'response', v: PROTOCOL_VERSION, id: frame.id, ok: false, error });
    }
  }

  private findCall(callId?: string): CallSnapshot {
    const call = callId ? this.snapshot.calls.find((c) => c.callId === callId) : this.snapshot.calls[0];
    if (!call) {
      throw new RelayError('NO_SUCH_CALL', 'no such call');
    }
    return call;
  }

  private updateCall(callId: string, patch: Partial<LooseCall>): CallSnapshot {
    let updated: CallSnapshot | undefined;
    this.snapshot = {
      ...this.snapshot,
      calls: this.snapshot.calls.map((c) => (c.callId === callId ? (updated = shapeCall({ ...c, ...patch })) : c)),
    };
    this.push();
    if (!updated) {
      throw new RelayError('NO_SUCH_CALL', 'no such call');
    }
    return updated;
  }

  /** One handler per command, answering synchronously. */
  readonly handlers: SyncHandlers = {
    register: ({ dn, server, extraSlots = [] }) => {
      const targets = [{ dn, server }, ...extraSlots];
      const slots = targets.map((t) => ({
        registration: { state: 'registering', dn: t.dn, server: t.server, since: 1 } as const,
        settled: false,
      }));
      this.snapshot = { ...this.snapshot, slots };
      this.push();
      if (this.autoRegister) {
        setImmediate(() =>
          targets.forEach((t, i) =>
            this.setRegistration({ state: 'registered', dn: t.dn, server: t.server, since: 2 }, i),
          ),
        );
      }
      return slots[0]!.registration;
    },
    unregister: () => {
      const registration: RegistrationSnapshot = { state: 'unregistered', since: 3 };
      this.snapshot = { ...this.snapshot, slots: singleSlot(registration) };
      this.push();
      return registration;
    },
    setAudio: (change) => {
      const next = applyAudioChange(this.snapshot.audio, change);
      this.snapshot = { ...this.snapshot, audio: next };
      this.push();
      return next;
    },
    dial: ({ target }) => {
      const call: CallSnapshot = {
        callId: `out-${this.nextCall++}`,
        direction: 'outbound',
        state: 'dialing',
        remote: target,
        startedAt: 1_732_467_600_000,
      };
      this.snapshot = { ...this.snapshot, calls: [...this.snapshot.calls, call] };
      this.push();
      return call;
    },
    answer: ({ callId }) => {
      const call = this.findCall(callId);
      if (call.state !== 'incoming') {
        throw new RelayError('INVALID_STATE', `call ${call.callId} is ${call.state}`);
      }
      return this.updateCall(call.callId, { state: 'active', answeredAt: 1_732_467_601_000 });
    },
    hangup: ({ callId }) => {
      const call = this.findCall(callId);
      this.snapshot = { ...this.snapshot, calls: this.snapshot.calls.filter((c) => c.callId !== call.callId) };
      this.push();
      return endedCall(call, 1_732_467_602_000, 'Terminated');
    },
    setHold: ({ callId, held }) => this.updateCall(this.findCall(callId).callId, { isHeld: held }),
    setMute: ({ callId, muted }) => this.updateCall(this.findCall(callId).callId, { isMuted: muted }),
    sendDtmf: ({ callId }) => this.findCall(callId),
    transfer: ({ callId }) => {
      const call = this.findCall(callId);
      this.snapshot = { ...this.snapshot, calls: this.snapshot.calls.filter((c) => c.callId !== call.callId) };
      this.push();
      return endedCall(call, 1_732_467_603_000, 'Transferred');
    },
    applySettings: () => ({}),
    getStatus: () => this.snapshot,
    getLog: ({ beforeId }) => {
      const older = this.logLines.filter((line) => beforeId === undefined || line.id < beforeId);
      return { lines: older.slice(-LOG_PAGE_LINES), more: older.length > LOG_PAGE_LINES };
    },
    getBrowserChecks: () => this.browserChecks,
  };
}
