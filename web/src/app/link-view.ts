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

export type LinkView = { state: LinkStateName; reason?: string; nextAt?: number; wweSession?: WweSessionName };

export const OFFLINE_LINK: LinkView = { state: 'offline' };

const isLinkState = (value: unknown): value is LinkStateName =>
  typeof value === 'string' && (LINK_STATES as readonly string[]).includes(value);

/** Accepts `'ready'` or `{ state: 'backoff', reason?, cause?, nextAt? }`; anything else reads as offline. */
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
  const wwe = candidate.wweSession;
  if (wwe === 'idle' || wwe === 'active' || wwe === 'lost') {
    view.wweSession = wwe;
  }
  return view;
}
