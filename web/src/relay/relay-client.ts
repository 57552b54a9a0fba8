/**
 * The PWA end of the companion link: one WebSocket to `wss://<companion>/relay`, opened from the
 * window (never from a service worker: the SW is not alive to keep it). Sends `hello` first, waits
 * for `welcome`, parses every frame with parseToPwa, runs each `request` through the phone's one
 * `execute` and answers `response`, answers `ping` with `pong`, and pushes a full `snapshot` after the welcome and
 * on every phone change. Reconnects with jittered exponential backoff (first retry within ~0.5 s so a
 * companion restart relinks within a second; cap 1 s) except after REPLACED / UNPAIRED / MISMATCH.
 * Liveness: each incoming ping (and the welcome) re-arms one timer; no chained setInterval, which
 * Chrome's intensive throttling would cut to once a minute in a hidden page.
 */
import {
  CLOSE_CODES,
  PAIRING_SUBPROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  RELAY_PATH,
  RELAY_SUBPROTOCOL,
  RelayError,
  parseToPwa,
  type Command,
  type ErrorBody,
  type FromPwa,
} from '../../../protocol/src/index.ts';
import { backoffDelayMs, type BackoffOptions } from '../lib/backoff.ts';
import type { Clock, TimerHandle } from '../lib/clock.ts';
import { Emitter } from '../lib/emitter.ts';
import type { Logger } from '../lib/log.ts';
import type { PhoneService } from '../phone/phone-port.ts';
import { isInvalid } from '../phone/invalid.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { INITIAL_LINK, failedAttempts, reduceLink, type LinkEvent, type LinkState } from './link-machine.ts';

/** The part of the WebSocket API used here (browser WebSocket and `ws` both fit). */
export type WebSocketLike = {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};
export type WebSocketCtor = new (url: string, protocols: string[]) => WebSocketLike;

export interface RelayClient {
  start(): void;
  stop(): void;
  readonly state: LinkState;
  subscribe(listener: (state: LinkState) => void): () => void;
}

export type CreateRelayClientOptions = {
  phone: PhoneService;
  settings: SettingsSource;
  log: Logger;
  clock: Clock;
  /** Defaults to the browser's WebSocket (read at start(), not at import). Tests inject `ws`. */
  WebSocketImpl?: WebSocketCtor;
  appVersion?: string;
  windowId?: string;
  backoff?: Partial<BackoffOptions>;
  /** No ping (or welcome) for this long → the link is dead; close and reconnect. */
  livenessTimeoutMs?: number;
};

const OPEN = 1;
/**
 * The companion runs on the same machine: a refused loopback connect costs next to nothing, so retry
 * at least once a second — a restarted companion is relinked within about a second of listening.
 */
export const DEFAULT_RELAY_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 1_000, minMs: 100 };
export const DEFAULT_LIVENESS_TIMEOUT_MS = 35_000;

/** `https://host:port` → `wss://host:port/relay` (http → ws for tests). */
export function relayUrl(companionUrl: string): string {
  const url = new URL(companionUrl);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.pathname = RELAY_PATH;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** A RelayError keeps its code; anything else is INTERNAL with no stack and no details on the wire. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof RelayError) {
    return { code: error.code, message: error.message.slice(0, 500) };
  }
  return { code: 'INTERNAL', message: 'internal error in the PWA; see its log' };
}

export function createRelayClient(options: CreateRelayClientOptions): RelayClient {
  return new Client(options);
}

class Client implements RelayClient {
  #state: LinkState = INITIAL_LINK;
  #ws: WebSocketLike | null = null;
  #retry: TimerHandle | null = null;
  #liveness: TimerHandle | null = null;
  #unsubscribePhone: (() => void) | null = null;
  readonly #emitter: Emitter<{ state: LinkState }>;
  readonly #log: Logger;
  readonly #windowId: string;

  constructor(private readonly options: CreateRelayClientOptions) {
    this.#log = options.log;
    this.#emitter = new Emitter((_, error) => this.#log.error('a link state listener threw', error));
    this.#windowId =
      options.windowId ?? `w-${options.clock.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  get state(): LinkState {
    return this.#state;
  }

  subscribe(listener: (state: LinkState) => void): () => void {
    return this.#emitter.on('state', listener);
  }

  start(): void {
    if (!this.#dispatch({ type: 'start' })) {
      return;
    }
    this.#unsubscribePhone ??= this.options.phone.subscribe(() => this.#pushSnapshot());
    this.#connect();
  }

  stop(): void {
    this.#clearTimers();
    this.#unsubscribePhone?.();
    this.#unsubscribePhone = null;
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      this.#detach(ws);
      ws.close(1000, 'stopped');
    }
    this.#dispatch({ type: 'stop' });
  }

  #dispatch(event: LinkEvent): boolean {
    const next = reduceLink(this.#state, event, this.options.clock.now());
    if (isInvalid(next)) {
      this.#log.error(`invalid link transition: ${next.reason}`, { state: this.#state, event });
      return false;
    }
    if (next !== this.#state) {
      this.#log.info(`link ${this.#state.state} → ${next.state}`);
      this.#state = next;
      this.#emitter.emit('state', next);
    }
    return true;
  }

  #clearTimers(): void {
    this.#retry?.cancel();
    this.#retry = null;
    this.#liveness?.cancel();
    this.#liveness = null;
  }

  #detach(ws: WebSocketLike): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
  }

  #connect(): void {
    const settings = this.options.settings.current();
    const protocols = [RELAY_SUBPROTOCOL];
    if (settings.pairingSecret) {
      protocols.push(`${PAIRING_SUBPROTOCOL_PREFIX}${settings.pairingSecret}`);
    }
    const Impl = this.options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketCtor);
    let ws: WebSocketLike;
    try {
      ws = new Impl(relayUrl(settings.companionUrl), protocols);
    } catch (error) {
      this.#log.warn('cannot open the companion link', error);
      this.#onClose({ code: 1006, reason: 'cannot open the socket' });
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      this.#dispatch({ type: 'opened' });
      this.#send({
        type: 'hello',
        v: PROTOCOL_VERSION,
        protocol: PROTOCOL_VERSION,
        appVersion: this.options.appVersion ?? '0.0.0',
        windowId: this.#windowId,
      });
    };
    ws.onmessage = (event) => this.#onMessage(event.data);
    ws.onclose = (event) => {
      if (this.#ws === ws) {
        this.#ws = null;
        this.#onClose(event);
      }
    };
    ws.onerror = () => undefined; // a close event always follows
  }

  #onClose({ code, reason }: { code: number; reason: string }): void {
    this.#liveness?.cancel();
    this.#liveness = null;
    const delay = backoffDelayMs(failedAttempts(this.#state) - 1, {
      ...DEFAULT_RELAY_BACKOFF,
      ...this.options.backoff,
    });
    this.#log.info(`companion link closed (${code}${reason ? ` ${reason}` : ''})`);
    this.#dispatch({ type: 'closed', code, reason, nextAt: this.options.clock.now() + delay });
    if (this.#state.state === 'backoff') {
      this.#retry = this.options.clock.setTimeout(() => {
        this.#retry = null;
        if (this.#dispatch({ type: 'retry' })) {
          this.#connect();
        }
      }, delay);
    }
  }

  #armLiveness(): void {
    this.#liveness?.cancel();
    this.#liveness = this.options.clock.setTimeout(() => {
      this.#log.warn('no ping from the companion; reconnecting');
      this.#ws?.close(CLOSE_CODES.HEARTBEAT_LOST, 'heartbeat lost');
    }, this.options.livenessTimeoutMs ?? DEFAULT_LIVENESS_TIMEOUT_MS);
  }

  #send(frame: FromPwa): void {
    if (this.#ws?.readyState === OPEN) {
      this.#ws.send(JSON.stringify(frame));
    }
  }

  #pushSnapshot(): void {
    if (this.#state.state === 'ready') {
      this.#send({
        type: 'event',
        v: PROTOCOL_VERSION,
        event: { name: 'snapshot', phone: this.options.phone.snapshot },
      });
    }
  }

  #onMessage(data: unknown): void {
    const text = typeof data === 'string' ? data : String(data);
    const parsed = parseToPwa(text);
    if (!parsed.ok) {
      this.#log.warn(`bad frame from the companion: ${parsed.reason}`);
      this.#rejectMalformedRequest(text, parsed.reason);
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case 'welcome':
        this.#dispatch({ type: 'welcomed', companionVersion: frame.companionVersion });
        this.#armLiveness();
        this.#pushSnapshot();
        break;
      case 'wwe':
        this.#dispatch({ type: 'wweSession', session: frame.session });
        break;
      case 'ping':
        this.#send({ type: 'pong', v: PROTOCOL_VERSION, t: frame.t });
        this.#armLiveness();
        break;
      case 'request':
        void this.#handleRequest(frame.id, frame.command);
        break;
    }
  }

  /** A request whose command failed validation still gets an answer, so the companion need not time out. */
  #rejectMalformedRequest(text: string, reason: string): void {
    try {
      const raw = JSON.parse(text) as { type?: unknown; id?: unknown };
      if (raw.type === 'request' && typeof raw.id === 'string' && raw.id.length > 0 && raw.id.length <= 64) {
        this.#send({
          type: 'response',
          v: PROTOCOL_VERSION,
          id: raw.id,
          ok: false,
          error: { code: 'BAD_REQUEST', message: reason.slice(0, 500) },
        });
      }
    } catch {
      // not JSON: nothing to answer
    }
  }

  async #handleRequest(id: string, command: Command): Promise<void> {
    try {
      const result: unknown = await this.options.phone.execute(command.name, command.params);
      this.#send({ type: 'response', v: PROTOCOL_VERSION, id, ok: true, result });
    } catch (error) {
      if (!(error instanceof RelayError)) {
        this.#log.error(`command ${command.name} failed unexpectedly`, error);
      }
      this.#send({ type: 'response', v: PROTOCOL_VERSION, id, ok: false, error: toErrorBody(error) });
    }
  }
}
