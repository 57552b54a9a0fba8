/**
 * A JsSIP socket over the `ws` package, for agents simulated in Node (which has no global WebSocket):
 * JsSIP's WebSocketInterface with the one thing a browser does not need, the gateway's CA to trust.
 * It behaves as WebSocketInterface does for JsSIP: subprotocol `sip`, text frames, and a close that
 * JsSIP's transport recovery sees.
 */
import WebSocket from 'ws';

export class WssSocket {
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: (data: unknown) => void = () => undefined;
  via_transport = 'WSS';
  readonly sip_uri: string;
  #ws: WebSocket | null = null;

  constructor(
    readonly url: string,
    private readonly ca: Buffer,
  ) {
    const { hostname, port } = new URL(url);
    this.sip_uri = `sip:${hostname}${port ? `:${port}` : ''};transport=ws`;
  }

  connect(): void {
    if (this.isConnected() || this.isConnecting()) {
      return;
    }
    this.disconnect();
    const ws = new WebSocket(this.url, 'sip', { ca: this.ca, perMessageDeflate: false });
    this.#ws = ws;
    ws.on('open', () => this.onconnect());
    ws.on('message', (data: Buffer, isBinary: boolean) => this.ondata(isBinary ? data : data.toString('utf8')));
    ws.on('close', (code: number, reason: Buffer) => this.ondisconnect(code !== 1000, code, reason.toString()));
    // A failed handshake or reset socket is followed by 'close'; without a listener it would throw.
    ws.on('error', () => undefined);
  }

  /** Like WebSocketInterface.disconnect(): closes without telling JsSIP (it asked for it). */
  disconnect(): void {
    const ws = this.#ws;
    this.#ws = null;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
  }

  send(message: string): boolean {
    if (!this.isConnected()) {
      return false;
    }
    this.#ws?.send(message);
    return true;
  }

  isConnected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  isConnecting(): boolean {
    return this.#ws?.readyState === WebSocket.CONNECTING;
  }
}
