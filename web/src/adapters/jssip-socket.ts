/**
 * A JsSIP Socket that wraps another (WebSocketInterface in the browser, a loop socket in tests) and
 * can be dropped on purpose. JsSIP's WebSocketInterface.disconnect() unbinds its close handler, so the
 * Transport never learns the socket is gone; `drop()` closes the inner socket and reports the loss, so
 * JsSIP's own recovery (jittered exponential, 1–10 s here) reconnects and re-REGISTERs. Used when the
 * OPTIONS keepalive finds the transport stale. Every message out and in passes its `traffic` watcher,
 * which may add to a message before it leaves (digest reuse).
 */
export type SocketLike = {
  via_transport: string;
  readonly url: string;
  readonly sip_uri: string;
  connect(): void;
  disconnect(): void;
  send(message: string): boolean;
  isConnected?(): boolean;
  isConnecting?(): boolean;
  onconnect: () => void;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void;
  ondata: (data: unknown) => void;
};

export type SocketTraffic = { sent(message: string): string; received(data: unknown): void };

export class DroppableSocket implements SocketLike {
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: (data: unknown) => void = () => undefined;

  constructor(
    private readonly inner: SocketLike,
    /** Told of every message out (and returns what is sent) and in: the silent-socket check, digest reuse. */
    private readonly traffic: SocketTraffic = { sent: (message) => message, received: () => undefined },
  ) {}

  get via_transport(): string {
    return this.inner.via_transport;
  }
  set via_transport(value: string) {
    this.inner.via_transport = value;
  }
  get url(): string {
    return this.inner.url;
  }
  get sip_uri(): string {
    return this.inner.sip_uri;
  }

  connect(): void {
    this.inner.onconnect = () => this.onconnect();
    this.inner.ondisconnect = (error, code, reason) => this.ondisconnect(error, code, reason);
    this.inner.ondata = (data) => {
      this.traffic.received(data);
      this.ondata(data);
    };
    this.inner.connect();
  }

  disconnect(): void {
    this.inner.disconnect();
  }

  send(message: string): boolean {
    return this.inner.send(this.traffic.sent(message));
  }

  isConnected(): boolean {
    return this.inner.isConnected?.() ?? false;
  }

  isConnecting(): boolean {
    return this.inner.isConnecting?.() ?? false;
  }

  /** Closes the inner socket and reports an abnormal close to JsSIP's Transport. */
  drop(reason: string): void {
    this.inner.disconnect();
    this.ondisconnect(true, 4000, reason);
  }
}
