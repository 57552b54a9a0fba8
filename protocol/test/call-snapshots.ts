/**
 * Builds wire call snapshots from loose fields for the hand-written fakes of both sides (the PWA's
 * UI fake phone, the companion's fake PWA): whatever fields a patch sets, the result carries exactly
 * the fields its state allows, so the fakes never send a snapshot the real schema would refuse.
 */
import type { CallSnapshot } from '../src/index.ts';

/** Every field some call state carries; `shape()` keeps the ones the call's state allows on the wire. */
export type LooseCall = Pick<
  CallSnapshot,
  'callId' | 'direction' | 'remote' | 'displayName' | 'genesysCallUuid' | 'startedAt'
> & {
  state: CallSnapshot['state'];
  answeredAt?: number;
  isHeld?: boolean;
  isMuted?: boolean;
  endedAt?: number;
  endCause?: string;
};

export function shapeCall(c: LooseCall): CallSnapshot {
  const { callId, direction, remote, displayName, genesysCallUuid, startedAt, answeredAt } = c;
  const base = {
    callId,
    direction,
    remote,
    startedAt,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(genesysCallUuid !== undefined ? { genesysCallUuid } : {}),
  };
  const answered = answeredAt !== undefined ? { answeredAt } : {};
  switch (c.state) {
    case 'active':
      return {
        ...base,
        state: 'active',
        answeredAt: answeredAt ?? startedAt,
        isHeld: c.isHeld ?? false,
        isHoldPending: false,
        isMuted: c.isMuted ?? false,
      };
    case 'ending':
      return { ...base, ...answered, state: 'ending' };
    case 'ended':
      return {
        ...base,
        ...answered,
        state: 'ended',
        endedAt: c.endedAt ?? startedAt,
        endCause: c.endCause ?? 'Terminated',
      };
    case 'incoming':
    case 'dialing':
    case 'ringing':
    case 'answering':
      return { ...base, state: c.state };
  }
}
