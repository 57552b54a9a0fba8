/**
 * Digest reuse for REGISTER: a registration that has authenticated with a nonce sends its next REGISTER
 * (WWE's logout/login, an un-REGISTER, a refresh) with credentials for that nonce at once, nonce count one
 * higher and a new cnonce (RFC 3261 §22.1 allows credentials before a challenge; RFC 2617 §3.2.2 counts the
 * nonce's uses), instead of sending it bare and answering the 401 — one round trip instead of two.
 *
 * JsSIP cannot do this: its RequestSender builds a new DigestAuthentication for each request (starting at
 * nc 1) and has no hook to seed one, and its Registrator rebuilds the REGISTER each time. So this works on
 * the socket's messages: it reads JsSIP's authenticated answer to a challenge, and once a 2xx proves
 * those credentials, adds an Authorization header to the next bare REGISTER of the same registration
 * (Call-ID). The digest is
 * computed with JsSIP's MD5 as its DigestAuthentication does. A gateway that no longer takes the nonce
 * (expired: `stale=true`, restarted, another node) answers 401 as it would have anyway, and JsSIP
 * authenticates from it: never a round trip more than without reuse. Only `qop=auth` or no qop, MD5, and
 * a password are reused (what JsSIP itself answers, bar `auth-int`); anything else passes untouched.
 */
import { Utils } from 'jssip';

/** Credentials for one nonce: who answered it, how, and the last nonce count used. */
type Credentials = { username: string; realm: string; nonce: string; opaque?: string; qop: 'auth' | null; nc: number };

/** A REGISTER that went out with credentials, until its final response. */
type PendingRegister = { cseq: number; credentials: Credentials };

/** The start line and the first value of each header, names lower-cased (`i` read as Call-ID). */
function sipHead(message: string): { start: string; headers: Map<string, string> } {
  const end = message.indexOf('\r\n\r\n');
  const [start = '', ...lines] = (end < 0 ? message : message.slice(0, end)).split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = raw === 'i' ? 'call-id' : raw;
    if (colon > 0 && !headers.has(name)) {
      headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return { start, headers };
}

/** CSeq `42 REGISTER` → 42, for a REGISTER only. */
function registerCseq(headers: Map<string, string>): number | null {
  const match = /^(\d+)\s+REGISTER$/i.exec(headers.get('cseq') ?? '');
  return match ? Number(match[1]) : null;
}

/** A parameter of a Digest header value (`name="value"` or `name=value`). */
function param(header: string, name: string): string | undefined {
  return new RegExp(`\\b${name}=(?:"([^"]*)"|([^\\s,]+))`, 'i')
    .exec(header)
    ?.slice(1)
    .find((v) => v !== undefined);
}

/** A random cnonce. */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class DigestReuse {
  /** Credentials a 2xx has accepted, by Call-ID. */
  readonly #proven = new Map<string, Credentials>();
  /** The REGISTER with credentials now in flight, by Call-ID. */
  readonly #pending = new Map<string, PendingRegister>();

  /** `password()`: the account's SIP password now (null: none, nothing is reused). */
  constructor(private readonly password: () => string | null) {}

  /** The account's credentials changed: nothing proven before may be reused. */
  forget(): void {
    this.#proven.clear();
    this.#pending.clear();
  }

  /**
   * A message from the gateway: the final response to a REGISTER with credentials proves them (2xx) or
   * ends their reuse (anything else: a 401 then brings JsSIP's own answer, learnt afresh). Nothing is
   * read while no such REGISTER is in flight.
   */
  received(data: unknown): void {
    if (this.#pending.size === 0 || typeof data !== 'string' || !data.startsWith('SIP/2.0 ')) {
      return;
    }
    const { start, headers } = sipHead(data);
    const callId = headers.get('call-id') ?? '';
    const pending = this.#pending.get(callId);
    const status = Number(start.split(' ')[1]);
    if (pending?.cseq !== registerCseq(headers) || status < 200) {
      return;
    }
    this.#pending.delete(callId);
    if (status < 300) {
      this.#proven.set(callId, pending.credentials);
    } else {
      this.#proven.delete(callId);
    }
  }

  /** A message to the gateway: a bare REGISTER of a proven registration leaves with credentials. */
  outgoing(message: string): string {
    if (!message.startsWith('REGISTER ')) {
      return message;
    }
    const { start, headers } = sipHead(message);
    const cseq = registerCseq(headers);
    const callId = headers.get('call-id');
    if (cseq === null || callId === undefined) {
      return message;
    }
    const authorization = headers.get('authorization');
    if (authorization !== undefined) {
      this.#noteAnswered(callId, cseq, authorization);
      return message;
    }
    const proven = this.#proven.get(callId);
    const password = this.password();
    const at = message.indexOf('\r\n\r\n');
    if (!proven || password === null || at < 0) {
      return message;
    }
    const next: Credentials = { ...proven, nc: proven.nc + 1 };
    this.#proven.set(callId, next);
    this.#pending.set(callId, { cseq, credentials: next });
    const uri = start.split(' ')[1] ?? '';
    return `${message.slice(0, at)}\r\nAuthorization: ${digest(next, uri, password)}${message.slice(at)}`;
  }

  /**
   * JsSIP answered a challenge: its Authorization header names everything the next REGISTER needs (user,
   * realm, nonce, opaque, qop, nonce count). Kept for when the 2xx proves it — and only when the
   * account's password now gives the very response JsSIP sent: a registration of another DN keeps the
   * credentials it was built with (jssip-slot-registrator.ts), so after a renewal its answers are not
   * ours to repeat, and repeating them would be a failed login each time.
   */
  #noteAnswered(callId: string, cseq: number, authorization: string): void {
    const [username, realm, nonce, uri] = ['username', 'realm', 'nonce', 'uri'].map((name) =>
      param(authorization, name),
    );
    const qop = param(authorization, 'qop') ?? null;
    const opaque = param(authorization, 'opaque');
    const password = this.password();
    if (
      username === undefined ||
      realm === undefined ||
      nonce === undefined ||
      uri === undefined ||
      password === null
    ) {
      return;
    }
    if ((qop !== null && qop !== 'auth') || (param(authorization, 'algorithm') ?? 'MD5').toUpperCase() !== 'MD5') {
      return;
    }
    const nc = parseInt(param(authorization, 'nc') ?? '1', 16);
    const credentials: Credentials = { username, realm, nonce, qop, nc, ...(opaque === undefined ? {} : { opaque }) };
    if (
      digestResponse(credentials, uri, password, param(authorization, 'cnonce') ?? '') ===
      param(authorization, 'response')
    ) {
      this.#pending.set(callId, { cseq, credentials });
    }
  }
}

const ncHex = (nc: number): string => nc.toString(16).padStart(8, '0');

/** The digest `response` for REGISTER to `uri` (RFC 2617 §3.2.2.1, with JsSIP's MD5). */
function digestResponse(credentials: Credentials, uri: string, password: string, cnonce: string): string {
  const { username, realm, nonce, qop, nc } = credentials;
  const ha1 = Utils.calculateMD5(`${username}:${realm}:${password}`);
  const ha2 = Utils.calculateMD5(`REGISTER:${uri}`);
  return Utils.calculateMD5(qop ? `${ha1}:${nonce}:${ncHex(nc)}:${cnonce}:${qop}:${ha2}` : `${ha1}:${nonce}:${ha2}`);
}

/** The Authorization value for REGISTER to `uri` (RFC 2617 §3.2.2, as JsSIP's DigestAuthentication writes it). */
function digest(credentials: Credentials, uri: string, password: string): string {
  const { username, realm, nonce, opaque, qop, nc } = credentials;
  const cnonce = randomHex(12);
  const response = digestResponse(credentials, uri, password, cnonce);
  return [
    `Digest algorithm=MD5`,
    `username="${username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${uri}"`,
    `response="${response}"`,
    ...(opaque ? [`opaque="${opaque}"`] : []),
    ...(qop ? [`qop=${qop}`, `cnonce="${cnonce}"`, `nc=${ncHex(nc)}`] : []),
  ].join(', ');
}
