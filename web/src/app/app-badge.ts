/**
 * The installed app's icon badge (Badging API, where the browser has it): the number of unseen
 * missed calls, cleared at zero. Elsewhere it does nothing; the in-page badge still shows.
 */
import type { Logger } from '../lib/log.ts';

export function showAppBadge(count: number, log: Logger): void {
  if (!('setAppBadge' in navigator)) {
    return;
  }
  const change = count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge();
  change.catch((error: unknown) => log.debug('app badge not changed', error));
}
