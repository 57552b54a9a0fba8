/**
 * What the UI shows of the companion link. The relay client (relay/relay-client.ts) owns the machine;
 * this reads its state at the edge into a small view, whatever extra fields the machine carries.
 */
import type { WweSessionName } from '../../../protocol/src/index.ts';

export const LINK_STATES = [
  'offline',
  'connecting',
  'open',
  'ready',
  'backoff',
  'replaced',
  'unpaired',
  'mismatch',
] as const;
export type LinkStateName = (typeof LINK_STATES)[number];

export type LinkView = {
  state: LinkStateName;
  reason?: string;
  /** The browser blocks local network access (link-policy.ts); shown in the agent's language. */
  isNetworkBlocked?: boolean;
  nextAt?: number;
  /** In backoff: how many connection attempts failed in a row. */
  attempt?: number;
  wweSession?: WweSessionName;
};

/**
 * Failed attempts in a row after which the companion counts as not running. The relay client retries a
 * loopback connection about once a second, so a restarting companion is back before this is reached.
 */
export const COMPANION_DOWN_AFTER_ATTEMPTS = 3;

/** True when the companion on this PC does not answer: the agent must start it. */
export function isCompanionDown(view: LinkView): boolean {
  return view.state === 'backoff' && (view.attempt ?? 0) >= COMPANION_DOWN_AFTER_ATTEMPTS;
}

export const OFFLINE_LINK: LinkView = { state: 'offline' };

const isLinkState = (value: unknown): value is LinkStateName =>
  typeof value === 'string' && (LINK_STATES as readonly string[]).includes(value);

/** Accepts `'ready'` or `{ state: 'backoff', reason?, cause?, nextAt?, attempt? }`; anything else reads as offline. */
export function toLinkView(raw: unknown): LinkView {
  if (isLinkState(raw)) {
    return { state: raw };
  }
  if (typeof raw !== 'object' || raw === null) {
    return OFFLINE_LINK;
  }
  const candidate = raw as Record<string, unknown>;
  if (!isLinkState(candidate.state)) {
    return OFFLINE_LINK;
  }
  const view: LinkView = { state: candidate.state };
  const reason = [candidate.reason, candidate.cause, candidate.message].find((x) => typeof x === 'string');
  if (typeof reason === 'string' && reason) {
    view.reason = reason;
  }
  if (typeof candidate.nextAt === 'number') {
    view.nextAt = candidate.nextAt;
  }
  if (typeof candidate.attempt === 'number') {
    view.attempt = candidate.attempt;
  }
  const wwe = candidate.wweSession;
  if (wwe === 'idle' || wwe === 'active' || wwe === 'lost') {
    view.wweSession = wwe;
  }
  return view;
}
