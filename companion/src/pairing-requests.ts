/**
 * One-time pairing requests: the PWA asks to pair and gets a request id, a short code for the user and
 * a claim token only it holds; the user types the code on the companion's own page (same OS user,
 * checked by the route); the PWA then claims the pairing secret with its token, once. A request lives
 * PAIRING_REQUEST_TTL_MS, allows MAX_CODE_ATTEMPTS wrong codes, and at most MAX_PAIRING_REQUESTS exist
 * at once (a flood cannot grow memory). A confirmed claim also opens a short window in which one relay
 * socket may take over a live link (ws-upgrade.ts). Holds no secret of its own and writes no log.
 *
 * ```text
 *  start()            confirm(code)             claim(token)      (isConfirmed(token) at any time)
 * ───────▶ pending ───────────────────▶ confirmed ─────────────▶ (removed: single use)
 *            │ wrong code × MAX → removed       │
 *            └──── expiresAt passed: expired (answered as such until swept) ◀──┘
 * ```
 */
import { randomBytes, randomInt } from 'node:crypto';
import { safeEqual } from './pairing.ts';

export const PAIRING_REQUEST_TTL_MS = 3 * 60_000;
export const MAX_PAIRING_REQUESTS = 16;
export const MAX_CODE_ATTEMPTS = 5;
/** How long after a confirmed claim one relay socket may take over a live link. */
export const TAKE_OVER_WINDOW_MS = 60_000;
/** Six digits: typed by a person, guessed at most MAX_CODE_ATTEMPTS times in 10^6. */
export const CODE_DIGITS = 6;

export type PairingProblem =
  | 'PAIRING_UNKNOWN'
  | 'PAIRING_EXPIRED'
  | 'PAIRING_WRONG_CODE'
  | 'PAIRING_WRONG_TOKEN'
  | 'PAIRING_NOT_CONFIRMED'
  | 'PAIRING_BUSY';

/** A refused pairing step; the message is written for the person reading the page or the PWA. */
export class PairingRefused extends Error {
  override readonly name = 'PairingRefused';

  constructor(
    readonly code: PairingProblem,
    message: string,
  ) {
    super(message);
  }
}

interface Entry {
  origin: string;
  code: string;
  claimToken: string;
  expiresAt: number;
  isConfirmed: boolean;
  wrongCodes: number;
}

export interface StartedRequest {
  id: string;
  code: string;
  claimToken: string;
  expiresAt: number;
}

export class PairingRequests {
  readonly #entries = new Map<string, Entry>();
  #takeOverUntil = 0;

  constructor(
    private readonly now: () => number,
    private readonly secret: string,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** A new request for `origin` (an allowed PWA origin, checked by the route). */
  start(origin: string): StartedRequest {
    this.#sweep();
    if (this.#entries.size >= MAX_PAIRING_REQUESTS) {
      throw new PairingRefused('PAIRING_BUSY', 'Too many pairing requests are open; try again in a few minutes.');
    }
    const id = randomBytes(16).toString('base64url');
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const claimToken = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + PAIRING_REQUEST_TTL_MS;
    this.#entries.set(id, { origin, code, claimToken, expiresAt, isConfirmed: false, wrongCodes: 0 });
    return { id, code, claimToken, expiresAt };
  }

  /** The PWA origin a live request was made for (shown on the confirmation page). */
  originOf(id: string): string {
    return this.#live(id).origin;
  }

  /** The user typed `code` on the companion's page. */
  confirm(id: string, code: string): void {
    const entry = this.#live(id);
    if (!safeEqual(code.trim(), entry.code)) {
      entry.wrongCodes++;
      if (entry.wrongCodes >= MAX_CODE_ATTEMPTS) {
        this.#entries.delete(id);
        throw new PairingRefused('PAIRING_WRONG_CODE', 'Wrong code too many times; start pairing again.');
      }
      throw new PairingRefused('PAIRING_WRONG_CODE', 'This is not the code the softphone shows; check it.');
    }
    entry.isConfirmed = true;
  }

  /** Whether the user confirmed yet (asked by the PWA with its token, so its console shows no errors). */
  isConfirmed(id: string, claimToken: string, origin: string): boolean {
    return this.#owned(id, claimToken, origin).isConfirmed;
  }

  /** The PWA claims the secret: once, with its token, from the origin the request was made for. */
  claim(id: string, claimToken: string, origin: string): string {
    const entry = this.#owned(id, claimToken, origin);
    if (!entry.isConfirmed) {
      throw new PairingRefused('PAIRING_NOT_CONFIRMED', 'Not confirmed yet: type the code on the companion’s page.');
    }
    this.#entries.delete(id);
    this.#takeOverUntil = this.now() + TAKE_OVER_WINDOW_MS;
    return this.secret;
  }

  /** True once after a recent confirmed claim: that relay socket may take over a live link. */
  consumeTakeOver(): boolean {
    const isFresh = this.now() < this.#takeOverUntil;
    this.#takeOverUntil = 0;
    return isFresh;
  }

  #owned(id: string, claimToken: string, origin: string): Entry {
    const entry = this.#live(id);
    if (!safeEqual(claimToken, entry.claimToken) || origin !== entry.origin) {
      throw new PairingRefused('PAIRING_WRONG_TOKEN', 'This pairing request belongs to another caller.');
    }
    return entry;
  }

  #live(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) {
      throw new PairingRefused('PAIRING_UNKNOWN', 'No such pairing request (or it was already used).');
    }
    if (this.now() >= entry.expiresAt) {
      throw new PairingRefused('PAIRING_EXPIRED', 'This pairing request expired; start pairing again.');
    }
    return entry;
  }

  /** Expired requests are kept one more TTL (to be answered "expired"), then dropped. */
  #sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.#entries) {
      if (now >= entry.expiresAt + PAIRING_REQUEST_TTL_MS) {
        this.#entries.delete(id);
      }
    }
    if (this.#entries.size < MAX_PAIRING_REQUESTS) {
      return;
    }
    for (const [id, entry] of this.#entries) {
      if (now >= entry.expiresAt) {
        this.#entries.delete(id);
      }
    }
  }
}
