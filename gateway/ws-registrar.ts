/**
 * Test helpers for the gateway's SIP over WebSocket: a minimal REGISTER client (one request, its
 * reply) and the digest it answers Kamailio's challenge with.
 */
import { createHash, randomBytes } from 'node:crypto';
import type WebSocket from 'ws';

/** A minimal SIP-over-WebSocket REGISTER with digest (RFC 2617, no qop, as Kamailio challenges). */
export class WsRegistrar {
  readonly #ws: WebSocket;
  readonly #replies: string[] = [];
  #waiter: ((m: string) => void) | undefined;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (this.#waiter) {
        this.#waiter(text);
        this.#waiter = undefined;
      } else {
        this.#replies.push(text);
      }
    });
  }

  async send(message: string): Promise<string> {
    this.#ws.send(message);
    const queued = this.#replies.shift();
    if (queued !== undefined) {
      return queued;
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SIP reply within 3 s')), 3000);
      this.#waiter = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  /** The first request `method` the gateway sent on this socket, e.g. 'CANCEL', within `timeoutMs`. */
  async waitForRequest(method: string, timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.#replies.find((m) => m.startsWith(`${method} `));
      if (found !== undefined) {
        return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return undefined;
  }

  static register(user: string, cseq: number, callId: string, authorization?: string): string {
    const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
    return [
      'REGISTER sip:127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/WSS wgbtest.invalid;branch=${branch}`,
      'Max-Forwards: 69',
      `To: <sip:${user}@127.0.0.1>`,
      `From: <sip:${user}@127.0.0.1>;tag=t${callId}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${user}x@wgbtest.invalid;transport=ws>;expires=300`,
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Expires: 300',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }
}

export function digest(challenge: string, user: string, password: string): string {
  const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  const uri = 'sip:127.0.0.1';
  const response = md5(`${md5(`${user}:${realm}:${password}`)}:${nonce}:${md5(`REGISTER:${uri}`)}`);
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5`;
}
