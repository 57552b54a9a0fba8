/**
 * The one settings store. Implements SettingsSource for the core (synchronous `current()` from an
 * in-memory copy loaded at start) plus `save(patch)` for the screens. Secrets — DN passwords, TURN
 * credentials and the companion pairing secret — are sealed with secret-box.ts before they reach
 * IndexedDB; the row is validated with SettingsSchema after it is opened. A row that fails validation
 * is logged and replaced by the defaults on the next save, never half-used.
 */
import * as v from 'valibot';
import type { Logger } from '../lib/log.ts';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsSource } from '../settings/settings.ts';
import { CRYPTO_KEY_ID, GATEWAY_CONFIG_KEY, SETTINGS_KEY, type SoftphoneDatabase } from './db.ts';
import { effectiveSettings, parseGatewayConfig, type GatewayConfig } from './gateway-defaults.ts';
import { createSecretBox, isSealed, type Sealed, type SecretBox } from './secret-box.ts';

/** A partial change; `audio` merges field by field, everything else replaces. */
export type SettingsPatch = Partial<Omit<Settings, 'audio'>> & { audio?: Partial<Settings['audio']> };

export interface SettingsStore extends SettingsSource {
  /** What the agent stored, without gateway defaults (the settings form edits this). */
  stored(): Settings;
  /** The last good /config.json, or null. */
  gateway(): GatewayConfig | null;
  save(patch: SettingsPatch): Promise<void>;
  setGatewayConfig(config: GatewayConfig): Promise<void>;
}

/** Secret parts, sealed together as one JSON blob. */
const SecretsSchema = v.object({
  credentials: SettingsSchema.entries.credentials,
  iceServers: SettingsSchema.entries.iceServers,
  pairingSecret: SettingsSchema.entries.pairingSecret,
});

type StoredRow = { v: 1; plain: unknown; sealed: Sealed };

export function applyPatch(current: Settings, patch: SettingsPatch): Settings {
  const { audio, ...rest } = patch;
  return { ...current, ...rest, audio: { ...current.audio, ...audio } };
}

export async function openSettingsStore(db: () => Promise<SoftphoneDatabase>, log: Logger): Promise<SettingsStore> {
  const box = await createSecretBox(
    async () => (await db()).get('keys', CRYPTO_KEY_ID),
    async (key) => {
      await (await db()).put('keys', key, CRYPTO_KEY_ID);
    },
  );
  let stored = await readRow(await db(), box, log);
  let gateway = parseGatewayConfig(await (await db()).get('kv', GATEWAY_CONFIG_KEY));
  let effective = effectiveSettings(stored, gateway);
  const listeners = new Set<(settings: Settings) => void>();

  const publish = (): void => {
    effective = effectiveSettings(stored, gateway);
    for (const listener of listeners) {
      try {
        listener(effective);
      } catch (error) {
        log.error('settings listener threw', error);
      }
    }
  };

  return {
    current: () => effective,
    stored: () => stored,
    gateway: () => gateway,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async save(patch) {
      const next = v.parse(SettingsSchema, applyPatch(stored, patch));
      await writeRow(await db(), box, next);
      stored = next;
      publish();
    },
    async setGatewayConfig(config) {
      await (await db()).put('kv', config, GATEWAY_CONFIG_KEY);
      gateway = config;
      publish();
    },
  };
}

async function writeRow(db: SoftphoneDatabase, box: SecretBox, settings: Settings): Promise<void> {
  const { credentials, iceServers, pairingSecret, ...plain } = settings;
  const sealed = await box.seal(JSON.stringify({ credentials, iceServers, pairingSecret }));
  const row: StoredRow = { v: 1, plain, sealed };
  await db.put('settings', row, SETTINGS_KEY);
}

async function readRow(db: SoftphoneDatabase, box: SecretBox, log: Logger): Promise<Settings> {
  const row = (await db.get('settings', SETTINGS_KEY)) as Partial<StoredRow> | undefined;
  if (!row) {
    return DEFAULT_SETTINGS;
  }
  try {
    if (row.v !== 1 || !isSealed(row.sealed) || typeof row.plain !== 'object' || row.plain === null) {
      throw new Error('unknown row layout');
    }
    const secrets = v.parse(SecretsSchema, JSON.parse(await box.open(row.sealed)));
    return v.parse(SettingsSchema, { ...DEFAULT_SETTINGS, ...row.plain, ...secrets });
  } catch (error) {
    log.error('stored settings are unreadable; using defaults until the next save', error);
    return DEFAULT_SETTINGS;
  }
}
