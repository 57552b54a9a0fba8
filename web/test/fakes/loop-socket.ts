/**
 * JsSIP's Socket interface in memory (JsSIP tests itself with a LoopSocket): what the UA sends is
 * recorded and handed to the test, which plays the gateway/SIP Server and feeds raw SIP back in.
 * Also minimal SIP helpers to read headers and build replies.
 */
import type { SocketLike } from '../../src/adapters/jssip-socket.ts';

export class LoopSocket implements SocketLike {
  via_transport = 'WSS';
  readonly sip_uri = 'sip:gateway.test;transport=ws';
  readonly sent: string[] = [];
  #connected = false;
  #waiters: { pred: (m: string) => boolean; resolve: (m: string) => void }[] = [];
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: (data: unknown) => void = () => undefined;

  constructor(readonly url = 'wss://gateway.test/ws') {}

  /** connect() calls so far. */
  connects = 0;
  /** How many of the next connect() calls never open (a SYN lost to a dropped network). */
  hangConnects = 0;

  connect(): void {
    this.connects += 1;
    if (this.hangConnects > 0) {
      this.hangConnects -= 1;
      return;
    }
    queueMicrotask(() => {
      this.#connected = true;
      this.onconnect();
    });
  }
  disconnect(): void {
    this.#connected = false;
  }
  /** The gateway closes the socket (e.g. after an INVITE went unanswered). */
  closeFromGateway(): void {
    this.#connected = false;
    this.ondisconnect(true, 1006, 'closed by the gateway');
  }
  isConnected(): boolean {
    return this.#connected;
  }
  isConnecting(): boolean {
    return false;
  }
  send(message: string): boolean {
    this.sent.push(message);
    for (const w of [...this.#waiters]) {
      if (w.pred(message)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
    return true;
  }
  /** Resolves with the first message (already sent or future) whose first line matches. */
  waitFor(firstLine: RegExp, pred: (m: string) => boolean = () => true): Promise<string> {
    const match = (m: string): boolean => firstLine.test(m.split('\r\n')[0] ?? '') && pred(m);
    const found = this.sent.find(match);
    if (found) {
      return Promise.resolve(found);
    }
    return new Promise((resolve) => this.#waiters.push({ pred: match, resolve }));
  }
  /** Feeds a message from the far side. */
  receive(message: string): void {
    this.ondata(message);
  }
}

export function header(message: string, name: string): string | undefined {
  const re = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'im');
  return re.exec(message.split('\r\n\r\n')[0] ?? '')?.[1]?.trim();
}

export function body(message: string): string {
  return message.split('\r\n\r\n').slice(1).join('\r\n\r\n');
}

export function tagOf(value: string | undefined): string {
  return /;tag=([^;>\s]+)/.exec(value ?? '')?.[1] ?? '';
}

/** A SIP message with a correct Content-Length. */
export function sip(startLine: string, headers: string[], content = ''): string {
  return [startLine, ...headers, `Content-Length: ${Buffer.byteLength(content)}`, '', content].join('\r\n');
}

/** A response to `request` copying Via/From/To/Call-ID/CSeq (and adding a To tag when given). */
export function reply(
  request: string,
  code: number,
  reason: string,
  extra: string[] = [],
  toTag?: string,
  content = '',
): string {
  const to = header(request, 'To') ?? '';
  return sip(
    `SIP/2.0 ${code} ${reason}`,
    [
      `Via: ${header(request, 'Via')}`,
      `From: ${header(request, 'From')}`,
      `To: ${toTag && !to.includes('tag=') ? `${to};tag=${toTag}` : to}`,
      `Call-ID: ${header(request, 'Call-ID')}`,
      `CSeq: ${header(request, 'CSeq')}`,
      ...extra,
    ],
    content,
  );
}

export const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');
