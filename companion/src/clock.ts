/**
 * The companion's real clock (timers unref'd, so they never keep a stopping process alive). The
 * interface, `every` and the fake clock for tests are shared with the PWA (protocol/src/clock.ts).
 */
import type { Clock } from '../../protocol/src/clock.ts';

export { every, type Clock, type TimerHandle } from '../../protocol/src/clock.ts';

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
