/**
 * Time-limited TURN credentials from the gateway (`GET <turnCredentialsUrl>` → `{iceServers, ttl}`,
 * the TURN REST scheme coturn checks with its shared secret). Kept until half their lifetime has
 * passed, so a registration storm does not become a credentials storm, and fetched again after.
 */
import * as v from 'valibot';
import type { Clock } from '../lib/clock.ts';
import type { TurnPort } from '../phone/turn-port.ts';
import { IceServerSchema } from '../settings/settings.ts';

const AnswerSchema = v.object({
  iceServers: v.pipe(v.array(IceServerSchema), v.minLength(1)),
  ttl: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

export const TURN_FETCH_TIMEOUT_MS = 4_000;

export function createTurnCredentials(options: { clock: Clock; fetchFn?: typeof fetch }): TurnPort {
  const { clock, fetchFn = fetch } = options;
  let cached: { url: string; iceServers: RTCIceServer[]; refreshAt: number } | null = null;
  return {
    async iceServers(url) {
      if (cached?.url === url && clock.now() < cached.refreshAt) {
        return cached.iceServers;
      }
      const response = await fetchFn(url, { cache: 'no-store', signal: AbortSignal.timeout(TURN_FETCH_TIMEOUT_MS) });
      if (!response.ok) {
        throw new Error(`the gateway answered ${response.status} for TURN credentials`);
      }
      const parsed = v.safeParse(AnswerSchema, await response.json());
      if (!parsed.success) {
        throw new Error('the gateway sent TURN credentials in an unknown shape');
      }
      const { iceServers, ttl } = parsed.output;
      cached = { url, iceServers, refreshAt: clock.now() + (ttl * 1000) / 2 };
      return iceServers;
    },
  };
}
