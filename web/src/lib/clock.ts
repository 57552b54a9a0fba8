/**
 * The PWA's real clock. The interface and the fake clock are shared with the companion
 * (protocol/src/clock.ts). Nothing here chains timers: callers schedule from events, because a hidden
 * page's chained timers are throttled to once a minute (docs/browser-behaviour.md).
 */
import type { Clock } from '../../../protocol/src/clock.ts';

export { FakeClock, type Clock, type TimerHandle } from '../../../protocol/src/clock.ts';

/** The real clock, backed by Date.now and the global setTimeout. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, delayMs) {
    const id = setTimeout(fn, delayMs);
    return { cancel: () => clearTimeout(id) };
  },
};
