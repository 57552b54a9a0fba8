/** Stores (encrypted, by the settings store) the SIP password for a DN, keeping its digest user. */
import type { SettingsStore } from './settings-store.ts';

export async function saveDnPassword(store: SettingsStore, dn: string, password: string): Promise<void> {
  const credentials = store.stored().credentials;
  await store.save({ credentials: { ...credentials, [dn]: { ...credentials[dn], password } } });
}
