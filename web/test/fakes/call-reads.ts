/**
 * Reads across the wire call union for assertions: the active call's flags (false elsewhere), the end
 * cause of an ended call and the quality of an active one (undefined elsewhere).
 */
import { callFlags, type CallQuality, type CallSnapshot } from '../../../protocol/src/index.ts';

const NO_FLAGS = { isHeld: false, isHoldPending: false, isMuted: false };

export function flags(call: CallSnapshot | undefined): ReturnType<typeof callFlags> {
  return call ? callFlags(call) : NO_FLAGS;
}

export function endCause(call: CallSnapshot | undefined): string | undefined {
  return call?.state === 'ended' ? call.endCause : undefined;
}

export function quality(call: CallSnapshot | undefined): CallQuality | undefined {
  return call?.state === 'active' ? call.quality : undefined;
}
