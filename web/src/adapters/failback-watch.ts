/**
 * Fail-back to a better-ranked gateway URL: while the socket is connected to a backup URL, the URLs
 * ranked before it are probed every `periodMs` (±50 % jitter, so the agents a node failure moved do
 * not come back in one burst). When one answers it is marked healthy, and once no call is in progress
 * `failBack` drops the socket: JsSIP's recovery reconnects, and the socket picks the healthy URL.
 */
import type { Clock, TimerHandle } from '../lib/clock.ts';
import type { FailoverSocket } from './failover-socket.ts';

export const FAILBACK_PROBE_MS = 30_000;

export type FailbackWatchOptions = {
  clock: Clock;
  socket: Pick<FailoverSocket, 'urls' | 'current' | 'isConnected' | 'markHealthy' | 'failbackTarget'>;
  /** Resolves true when a SIP WebSocket to `url` opens. */
  probe: (url: string) => Promise<boolean>;
  /** No call would be cut by dropping the socket. */
  isIdle: () => boolean;
  failBack: (url: string) => void;
  periodMs?: number;
  random?: () => number;
};

export function watchFailback(o: FailbackWatchOptions): TimerHandle {
  const periodMs = o.periodMs ?? FAILBACK_PROBE_MS;
  const random = o.random ?? Math.random;
  let timer: TimerHandle | null = null;
  let stopped = false;

  const arm = (): void => {
    if (!stopped) {
      timer = o.clock.setTimeout(() => void tick().finally(arm), periodMs * (0.5 + random()));
    }
  };

  async function tick(): Promise<void> {
    const { socket } = o;
    if (!socket.isConnected() || socket.current === 0) {
      return;
    }
    for (let index = 0; index < socket.current && socket.failbackTarget() === null; index += 1) {
      if (await o.probe(socket.urls[index]!)) {
        socket.markHealthy(index);
      }
    }
    const target = socket.failbackTarget();
    if (!stopped && target !== null && socket.isConnected() && o.isIdle()) {
      o.failBack(socket.urls[target]!);
    }
  }

  arm();
  return {
    cancel: () => {
      stopped = true;
      timer?.cancel();
    },
  };
}
