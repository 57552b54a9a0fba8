/**
 * The PWA's IndexedDB database and the ONLY importer of `idb`. Owns the schema and its versioned
 * upgrades; stores export small async functions on top of it. Rows are validated by their store on
 * read, never trusted here. When a newer tab upgrades the schema we close at once (`blocking`) so the
 * upgrade is not stuck, and the next access reopens.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'wgb-softphone';
export const DB_VERSION = 2;

/** Key of the single settings row and of the wrapping key. */
export const SETTINGS_KEY = 'settings';
export const CRYPTO_KEY_ID = 'settings-key';
export const GATEWAY_CONFIG_KEY = 'gateway-config';

export interface SoftphoneDB extends DBSchema {
  /** One row, SETTINGS_KEY: the stored settings (secrets sealed). Shape checked by settings-store. */
  settings: { key: string; value: unknown };
  /** Non-extractable AES-GCM CryptoKeys (structured-cloned: their bytes are in the profile's IndexedDB files). */
  keys: { key: string; value: CryptoKey };
  /** Small cached values, e.g. the last good /config.json. */
  kv: { key: string; value: unknown };
  /** Finished calls, auto-increment id (so id order is insertion order). */
  history: { key: number; value: unknown; indexes: { endedAt: number } };
  /** The PWA's recent log lines (storage/log-book.ts), auto-increment id, bounded. */
  log: { key: number; value: unknown };
}

export type SoftphoneDatabase = IDBPDatabase<SoftphoneDB>;

/** Opens (and upgrades) the database. `onBlocking` lets the caller drop its handle. */
export async function openSoftphoneDb(onClosed?: () => void): Promise<SoftphoneDatabase> {
  const db = await openDB<SoftphoneDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      // Each step upgrades from one version to the next; never edit a released step.
      if (oldVersion < 1) {
        database.createObjectStore('settings');
        database.createObjectStore('keys');
        database.createObjectStore('kv');
        const history = database.createObjectStore('history', { keyPath: 'id', autoIncrement: true });
        history.createIndex('endedAt', 'endedAt');
      }
      if (oldVersion < 2) {
        database.createObjectStore('log', { keyPath: 'id', autoIncrement: true });
      }
    },
    blocking() {
      db.close();
      onClosed?.();
    },
    terminated() {
      onClosed?.();
    },
  });
  return db;
}

/** A lazily (re)opened handle: after `blocking` closed it, the next call opens again. */
export function createDbHandle(): () => Promise<SoftphoneDatabase> {
  let pending: Promise<SoftphoneDatabase> | null = null;
  return () => {
    pending ??= openSoftphoneDb(() => {
      pending = null;
    });
    return pending;
  };
}
