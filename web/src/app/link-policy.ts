/**
 * When the leading window opens the companion link (docs/browser-behaviour.md, "Local Network Access").
 * Chrome gates the PWA's connection to 127.0.0.1 behind a "local network" permission and asks that
 * the first such request follow a user gesture while the permission is still "prompt". So at start:
 *
 * | permission (loopback-network)  | paired (secret stored) | at start                                   |
 * |--------------------------------|------------------------|--------------------------------------------|
 * | granted                        | any                    | connect at once                            |
 * | prompt / unknown / denied      | yes                    | connect at once (the pairing click made    |
 * |                                |                        | the first connection; see below)           |
 * | prompt / unknown               | no                     | wait for the "Pair with companion" click   |
 * | denied                         | no                     | wait, and say that the site is blocked     |
 *
 * Paired with "prompt" happens where the permission was never asked: browsers that do not gate
 * WebSockets yet (Chrome < 147) or a PWA origin that is itself loopback. Waiting there would leave
 * WWE without a phone after every reload, so the app connects. "denied" never shows a prompt, so
 * trying costs nothing; it is also what headless Chromium 156 reports for a never-asked loopback
 * permission while it lets a loopback page reach 127.0.0.1 (observed in e2e). An unpaired window
 * would be refused by the companion anyway (close 4001), so it waits for the click, which pairs and
 * then connects.
 */
import type { LoopbackPermission } from '../../../protocol/src/index.ts';
import type { LinkView } from './link-view.ts';

export type LinkStart = { state: 'connect' } | { state: 'wait'; view: LinkView };

export function decideLinkStart(input: { isPaired: boolean; permission: LoopbackPermission }): LinkStart {
  if (input.permission === 'granted' || input.isPaired) {
    return { state: 'connect' };
  }
  return {
    state: 'wait',
    view: input.permission === 'denied' ? { state: 'unpaired', isNetworkBlocked: true } : { state: 'unpaired' },
  };
}

/** Reads the loopback permission: `loopback-network` (Chrome 145+), else `local-network-access`. */
export async function loopbackPermission(
  permissions: Permissions | undefined = navigator.permissions,
): Promise<LoopbackPermission> {
  for (const name of ['loopback-network', 'local-network-access']) {
    try {
      // Not in TypeScript's PermissionName yet; an unknown name throws a TypeError.
      const status = await permissions?.query({ name: name as PermissionName });
      if (status) {
        return status.state;
      }
    } catch {
      // try the next name
    }
  }
  return 'unknown';
}
