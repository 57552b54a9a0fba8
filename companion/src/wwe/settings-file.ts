/**
 * WWE's layer of the settings tree, kept for the WWE session in the app-data folder: WWE sends
 * SetOptions only at login, so a companion restarted mid-shift reads it back; agent logout deletes
 * it. The file is owner-only (it may hold SetSIPEndpointParameters' telemetry token) and re-merged
 * through the tree's bounds when read, so a damaged or edited file can hold no more than WWE could send.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { mergeIntoTree, type SettingsTree } from './settings-tree.ts';

export const WWE_SETTINGS_FILE = 'wwe-settings.json';

export interface SettingsStore {
  /** The tree kept by an earlier run, or an empty one. */
  load(): SettingsTree;
  save(tree: SettingsTree): void;
  clear(): void;
}

export function fileSettingsStore(dataDir: string, log: Logger): SettingsStore {
  const path = join(dataDir, WWE_SETTINGS_FILE);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return {};
      }
      try {
        const kept: unknown = JSON.parse(text);
        if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) {
          throw new Error('not a JSON object');
        }
        const { tree, skipped } = mergeIntoTree({}, kept as Record<string, unknown>);
        log.info('restored the WWE settings of the session in progress', {
          file: path,
          keys: Object.keys(tree).length,
        });
        if (skipped.length > 0) {
          log.warn('kept WWE settings skipped on restore', { skipped });
        }
        return tree;
      } catch (err) {
        log.warn('the kept WWE settings are unreadable: starting without them', { file: path, err });
        return {};
      }
    },
    save(tree) {
      try {
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        const temporary = `${path}.tmp`;
        writeFileSync(temporary, `${JSON.stringify(tree, null, 2)}\n`, { mode: 0o600 });
        chmodSync(temporary, 0o600);
        renameSync(temporary, path);
      } catch (err) {
        log.warn('could not keep the WWE settings in the data folder', { file: path, err });
      }
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}
