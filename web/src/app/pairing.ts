/**
 * Pairing with the companion (docs/protocol.md "Pairing"): ask the companion for a one-time request,
 * show its code, open the companion's confirmation page in a pop-up where the user types that code,
 * ask (with the request's claim token) until the user confirmed, then claim the secret with it. Only the claim's answer carries the secret;
 * every answer is parsed here, at the edge. This module holds no state between pairings.
 */
import * as v from 'valibot';

const Base64Url = v.pipe(v.string(), v.minLength(16), v.maxLength(256), v.regex(/^[A-Za-z0-9_-]+$/));

const StartedSchema = v.object({
  requestId: Base64Url,
  code: v.pipe(v.string(), v.regex(/^\d{6}$/)),
  claimToken: Base64Url,
  expiresInSec: v.pipe(v.number(), v.minValue(1), v.maxValue(3_600)),
  confirmPath: v.pipe(v.string(), v.startsWith('/pair?request=')),
});
export type StartedPairing = v.InferOutput<typeof StartedSchema>;

const ClaimedSchema = v.object({ secret: Base64Url });
const ConfirmedSchema = v.object({ confirmed: v.literal(true) });
const ErrorSchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) });

/** How often the PWA asks whether the user confirmed. */
export const PAIRING_POLL_MS = 1_000;

export type PairingOutcome =
  | { state: 'paired'; secret: string }
  /** No companion URL, or the browser blocked the pop-up. */
  | { state: 'blocked' }
  /** The companion did not answer (not running, wrong address, certificate not trusted). */
  | { state: 'unreachable' }
  /** The pop-up was closed before the code was confirmed. */
  | { state: 'cancelled' }
  | { state: 'timeout' }
  /** The companion refused a step; `code` is its error code (OTHER_OS_USER, PAIRING_EXPIRED, …). */
  | { state: 'refused'; code: string; message: string };

/** The companion's origin (scheme://host:port) from its configured URL, or null if it is not a URL. */
export function companionOrigin(companionUrl: string): string | null {
  try {
    return new URL(companionUrl).origin;
  } catch {
    return null;
  }
}

/** The companion's refusal in an answer body, or a generic one naming the status. */
export function refusalFrom(status: number, body: unknown): Extract<PairingOutcome, { state: 'refused' }> {
  const parsed = v.safeParse(ErrorSchema, body);
  return parsed.success
    ? { state: 'refused', ...parsed.output.error }
    : { state: 'refused', code: `HTTP_${status}`, message: `The companion answered ${status}.` };
}

export const parseStarted = (body: unknown): StartedPairing | null => {
  const parsed = v.safeParse(StartedSchema, body);
  return parsed.success ? parsed.output : null;
};

export const parseClaimed = (body: unknown): string | null => {
  const parsed = v.safeParse(ClaimedSchema, body);
  return parsed.success ? parsed.output.secret : null;
};

export interface PairingDeps {
  win?: Window;
  fetch?: typeof fetch;
  /** Called with the code to show while the user confirms it on the companion's page. */
  onCode(code: string): void;
  pollMs?: number;
}

type Answer = { status: number; body: unknown } | null;

async function post(fetchImpl: typeof fetch, url: string, body: object): Promise<Answer> {
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
  } catch {
    return null;
  }
}

/** The request's steps after it started: whether the user confirmed yet, and the claim. */
interface Steps {
  status(): Promise<Answer>;
  claim(): Promise<Answer>;
}

/** Asks until the user confirmed, then claims; or the request expired, the pop-up closed, a refusal. */
async function claimWhenConfirmed(
  popup: Window,
  steps: Steps,
  deadline: number,
  pollMs: number,
): Promise<PairingOutcome> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const wasClosed = popup.closed;
    const status = await steps.status();
    if (status === null) {
      return { state: 'unreachable' };
    }
    if (status.status !== 200) {
      return refusalFrom(status.status, status.body);
    }
    if (v.is(ConfirmedSchema, status.body)) {
      const claimed = await steps.claim();
      const secret = claimed?.status === 200 ? parseClaimed(claimed.body) : null;
      if (secret) {
        return { state: 'paired', secret };
      }
      return claimed ? refusalFrom(claimed.status, claimed.body) : { state: 'unreachable' };
    }
    if (wasClosed) {
      return { state: 'cancelled' };
    }
    if (Date.now() >= deadline) {
      return { state: 'timeout' };
    }
  }
}

/** Runs the whole pairing and resolves with the secret. Must start from a click (pop-up rules). */
export async function pairWithCompanion(companionUrl: string, deps: PairingDeps): Promise<PairingOutcome> {
  const win = deps.win ?? window;
  const fetchImpl = deps.fetch ?? fetch.bind(globalThis);
  const origin = companionOrigin(companionUrl);
  // Opened before the first await, while the click still counts as a user gesture.
  const popup = origin ? win.open('about:blank', 'wgb-pairing') : null;
  if (!origin || !popup) {
    return { state: 'blocked' };
  }
  const started = await post(fetchImpl, `${origin}/pair/requests`, {});
  const request = started?.status === 200 ? parseStarted(started.body) : null;
  if (!started || !request) {
    popup.close();
    return started ? refusalFrom(started.status, started.body) : { state: 'unreachable' };
  }
  deps.onCode(request.code);
  popup.location.href = `${origin}${request.confirmPath}`;
  const step = (name: 'status' | 'claim') => (): Promise<Answer> =>
    post(fetchImpl, `${origin}/pair/requests/${request.requestId}/${name}`, { claimToken: request.claimToken });
  const outcome = await claimWhenConfirmed(
    popup,
    { status: step('status'), claim: step('claim') },
    Date.now() + request.expiresInSec * 1000,
    deps.pollMs ?? PAIRING_POLL_MS,
  );
  if (!popup.closed) {
    popup.close();
  }
  return outcome;
}
