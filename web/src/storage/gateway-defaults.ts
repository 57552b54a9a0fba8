/**
 * The gateway's `/config.json` (served by nginx next to the PWA) and how it fills empty settings.
 * The admin's policy: a field named in `enforce` (and given a value) is the gateway's value whatever
 * the agent stored, and Settings shows it read-only.
 * Pure: no fetch, no IndexedDB; app/gateway-config.ts fetches, settings-store.ts caches.
 */
import * as v from 'valibot';
import { DEFAULT_SETTINGS, IceServerSchema, type Settings } from '../settings/settings.ts';

/** The connection settings an admin can enforce from `/config.json`. */
export const ENFORCEABLE_FIELDS = ['sipWebSocketUrl', 'iceServers', 'turnCredentialsUrl', 'companionUrl'] as const;
export type EnforceableField = (typeof ENFORCEABLE_FIELDS)[number];

export const GatewayConfigSchema = v.object({
  sipWebSocketUrl: v.optional(v.string()),
  sipDomain: v.optional(v.string()),
  iceServers: v.optional(v.array(IceServerSchema)),
  turnCredentialsUrl: v.optional(v.string()),
  sipCredentialsUrl: v.optional(v.string()),
  companionUrl: v.optional(v.string()),
  /** Fields whose gateway value the agent cannot change. */
  enforce: v.optional(v.array(v.picklist(ENFORCEABLE_FIELDS))),
});
export type GatewayConfig = v.InferOutput<typeof GatewayConfigSchema>;

/** The fields the admin enforces: named in `enforce` and given a value. */
export function enforcedFields(gateway: GatewayConfig | null): ReadonlySet<EnforceableField> {
  return new Set((gateway?.enforce ?? []).filter((field) => gateway?.[field] !== undefined));
}

export function parseGatewayConfig(value: unknown): GatewayConfig | null {
  const parsed = v.safeParse(GatewayConfigSchema, value);
  return parsed.success ? parsed.output : null;
}

/**
 * The settings the core sees: what the agent stored, with gaps filled from the gateway. An empty
 * WSS URL, ICE list, TURN or SIP credentials URL, or a companion URL left at the built-in default, takes the gateway's value.
 * An enforced field takes the gateway's value whatever was stored.
 */
export function effectiveSettings(stored: Settings, gateway: GatewayConfig | null): Settings {
  if (!gateway) {
    return stored;
  }
  const enforced: Partial<Settings> = {};
  for (const field of enforcedFields(gateway)) {
    Object.assign(enforced, { [field]: gateway[field] });
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
    ...enforced,
  };
}
