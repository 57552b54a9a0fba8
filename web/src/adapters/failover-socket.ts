/**
 * One JsSIP socket over the gateway's ordered list of SIP WebSocket URLs (gateway-failover.ts decides
 * which). JsSIP sees a single socket and keeps its own recovery (jittered backoff, re-REGISTER on
 * reconnect); each connect() goes to the first URL not marked down, and a socket that closes marks its
 * URL down, so JsSIP's next attempt reaches the next node. JsSIP's own list of weighted sockets is not
 * used: it picks at random among equal weights, forgets a failed socket only when all have failed, and
 * never fails back.
 */
import type { SocketLike } from './jssip-socket.ts';
import { failbackTarget, failover, initialFailover, type FailoverState } from './gateway-failover.ts';

export class FailoverSocket implements SocketLike {
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: (data: unknown) => void = () => undefined;
  #state: FailoverState;
  readonly #sockets: SocketLike[];

  constructor(
    readonly urls: readonly string[],
    createSocket: (url: string) => SocketLike,
  ) {
    this.#state = initialFailover(urls.length);
    this.#sockets = urls.map(createSocket);
  }

  get #inner(): SocketLike {
    return this.#sockets[this.#state.current]!;
  }

  get via_transport(): string {
    return this.#inner.via_transport;
  }
  set via_transport(value: string) {
    this.#sockets.forEach((socket) => (socket.via_transport = value));
  }
  get url(): string {
    return this.#inner.url;
  }
  get sip_uri(): string {
    return this.#inner.sip_uri;
  }
  /** Index in `urls` of the URL in use (or last used). */
  get current(): number {
    return this.#state.current;
  }

  connect(): void {
    this.#state = failover(this.#state, { type: 'connect' });
    const inner = this.#inner;
    const active = (): boolean => this.#inner === inner;
    inner.onconnect = () => {
      if (active()) {
        this.onconnect();
      }
    };
    inner.ondisconnect = (error, code, reason) => {
      if (active()) {
        this.markFailed();
        this.ondisconnect(error, code, reason);
      }
    };
    inner.ondata = (data) => {
      if (active()) {
        this.ondata(data);
      }
    };
    inner.connect();
  }

  disconnect(): void {
    this.#inner.disconnect();
  }

  send(message: string): boolean {
    return this.#inner.send(message);
  }

  isConnected(): boolean {
    return this.#inner.isConnected?.() ?? false;
  }

  isConnecting(): boolean {
    return this.#inner.isConnecting?.() ?? false;
  }

  /** The URL in use is not to be tried again until a probe reaches it (e.g. its socket went stale). */
  markFailed(): void {
    this.#state = failover(this.#state, { type: 'failed' });
  }

  /** A probe reached `urls[index]`. */
  markHealthy(index: number): void {
    this.#state = failover(this.#state, { type: 'healthy', index });
  }

  /** The best-ranked healthy URL before the one in use, to fail back to; null when there is none. */
  failbackTarget(): number | null {
    return failbackTarget(this.#state);
  }
}
