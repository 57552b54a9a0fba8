/**
 * Pairing with the companion: open its /pair page with our origin, wait for exactly one
 * `{ type: 'wgb-pairing', secret }` message from exactly the companion's origin, and hand back the
 * secret. Messages from any other origin or of any other shape are ignored (house-style §13 item 4).
 */
import * as v from 'valibot';

const PairingMessageSchema = v.object({
  type: v.literal('wgb-pairing'),
  secret: v.pipe(v.string(), v.minLength(16), v.maxLength(256), v.regex(/^[A-Za-z0-9_-]+$/)),
});

export const PAIRING_TIMEOUT_MS = 5 * 60_000;

/** The companion's origin (scheme://host:port) from its configured URL, or null if it is not a URL. */
export function companionOrigin(companionUrl: string): string | null {
  try {
    return new URL(companionUrl).origin;
  } catch {
    return null;
  }
}

export function pairingUrl(companionUrl: string, ownOrigin: string): string {
  const url = new URL('/pair', companionUrl);
  url.searchParams.set('origin', ownOrigin);
  return url.href;
}

/** Returns the secret if `event` is a pairing message from `expectedOrigin`. */
export function pairingSecretFrom(event: { origin: string; data: unknown }, expectedOrigin: string): string | null {
  if (event.origin !== expectedOrigin) {
    return null;
  }
  const parsed = v.safeParse(PairingMessageSchema, event.data);
  return parsed.success ? parsed.output.secret : null;
}

export type PairingOutcome = { state: 'paired'; secret: string } | { state: 'blocked' } | { state: 'timeout' };

/** Opens the pairing window and resolves with the secret. Must run from a click (pop-up rules). */
export function pairWithCompanion(companionUrl: string, win: Window = window): Promise<PairingOutcome> {
  const origin = companionOrigin(companionUrl);
  const popup = origin ? win.open(pairingUrl(companionUrl, win.location.origin), 'wgb-pairing') : null;
  if (!origin || !popup) {
    return Promise.resolve({ state: 'blocked' });
  }
  return new Promise((resolve) => {
    const finish = (outcome: PairingOutcome): void => {
      win.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(outcome);
    };
    const onMessage = (event: MessageEvent): void => {
      const secret = pairingSecretFrom(event, origin);
      if (secret) {
        popup.close();
        finish({ state: 'paired', secret });
      }
    };
    const timer = setTimeout(() => finish({ state: 'timeout' }), PAIRING_TIMEOUT_MS);
    win.addEventListener('message', onMessage);
  });
}
