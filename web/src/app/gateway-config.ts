/**
 * Fetches the gateway's /config.json at start. The service worker answers it network-first with a
 * cached fallback, and the last good copy is kept in IndexedDB, so an offline start still has the
 * gateway defaults; when neither works the stored settings alone apply. Resolves with whether the
 * gateway itself answered (the service worker marks its cached fallback with FROM_CACHE_HEADER), which
 * the shell shows as "gateway unreachable" on an offline start.
 */
import type { Logger } from '../lib/log.ts';
import { underBase } from './base-url.ts';
import { parseGatewayConfig } from '../storage/gateway-defaults.ts';
import type { SettingsStore } from '../storage/settings-store.ts';

/** The gateway serves config.json next to the PWA (under its base path). */
export const GATEWAY_CONFIG_URL = underBase('config.json');
export const GATEWAY_CONFIG_TIMEOUT_MS = 4000;
/** Set by sw.ts on a /config.json answered from its cache because the network failed. */
export const FROM_CACHE_HEADER = 'x-wgb-from-cache';

export async function loadGatewayConfig(
  store: SettingsStore,
  log: Logger,
  fetchFn: typeof fetch = fetch,
): Promise<boolean> {
  try {
    const response = await fetchFn(GATEWAY_CONFIG_URL, {
      cache: 'no-cache',
      signal: AbortSignal.timeout(GATEWAY_CONFIG_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const config = parseGatewayConfig(await response.json());
    if (!config) {
      throw new Error(
        'config.json does not match {sipWebSocketUrl, sipDomain, iceServers, turnCredentialsUrl, sipCredentialsUrl, companionUrl}',
      );
    }
    await store.setGatewayConfig(config);
    return !response.headers.has(FROM_CACHE_HEADER);
  } catch (error) {
    log.warn(
      store.gateway() ? 'gateway config unavailable; using the cached copy' : 'gateway config unavailable',
      error,
    );
    return false;
  }
}
