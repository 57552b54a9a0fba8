/**
 * The gateway's `/config.json` (served by nginx next to the PWA) and how it fills empty settings.
 * Pure: no fetch, no IndexedDB; app/gateway-config.ts fetches, settings-store.ts caches.
 */
import * as v from 'valibot';
import { DEFAULT_SETTINGS, IceServerSchema, type Settings } from '../settings/settings.ts';

export const GatewayConfigSchema = v.object({
  sipWebSocketUrl: v.optional(v.string()),
  sipDomain: v.optional(v.string()),
  iceServers: v.optional(v.array(IceServerSchema)),
  turnCredentialsUrl: v.optional(v.string()),
  sipCredentialsUrl: v.optional(v.string()),
  companionUrl: v.optional(v.string()),
});
export type GatewayConfig = v.InferOutput<typeof GatewayConfigSchema>;

export function parseGatewayConfig(value: unknown): GatewayConfig | null {
  const parsed = v.safeParse(GatewayConfigSchema, value);
  return parsed.success ? parsed.output : null;
}

/**
 * The settings the core sees: what the agent stored, with gaps filled from the gateway. An empty
 * WSS URL, ICE list, TURN or SIP credentials URL, or a companion URL left at the built-in default, takes the gateway's value.
 */
export function effectiveSettings(stored: Settings, gateway: GatewayConfig | null): Settings {
  if (!gateway) {
    return stored;
  }
  return {
    ...stored,
    sipWebSocketUrl: stored.sipWebSocketUrl || (gateway.sipWebSocketUrl ?? ''),
    iceServers: stored.iceServers.length > 0 ? stored.iceServers : (gateway.iceServers ?? []),
    turnCredentialsUrl: stored.turnCredentialsUrl || (gateway.turnCredentialsUrl ?? ''),
    sipCredentialsUrl: stored.sipCredentialsUrl || (gateway.sipCredentialsUrl ?? ''),
    companionUrl:
      stored.companionUrl === DEFAULT_SETTINGS.companionUrl && gateway.companionUrl
        ? gateway.companionUrl
        : stored.companionUrl,
  };
}
