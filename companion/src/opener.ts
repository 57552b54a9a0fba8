/**
 * Opens the PWA in a browser when WWE registers a DN and no PWA is linked. Runs the configured
 * executable directly (never through a shell), detached, at most once per `minIntervalMs`.
 */
import { spawn } from 'node:child_process';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';

export interface Opener {
  open(reason: string): void;
}

export function defaultBrowserCommand(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return 'explorer.exe';
  }
  return platform === 'darwin' ? 'open' : 'xdg-open';
}

export function createOpener(deps: { config: Config; log: Logger; clock: Clock; minIntervalMs?: number }): Opener {
  const { config, log, clock } = deps;
  const minIntervalMs = deps.minIntervalMs ?? 30_000;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    open(reason) {
      const setting = config.openPwa;
      if (setting === false) {
        return;
      }
      const now = clock.now();
      if (now - lastAt < minIntervalMs) {
        return;
      }
      lastAt = now;
      const command = setting.command ?? defaultBrowserCommand();
      const url = setting.url ?? config.pwaUrl;
      const args = [...(setting.args ?? []), url];
      log.info('opening the PWA', { reason, command, url });
      try {
        const child = spawn(command, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: false });
        child.on('error', (err) => log.warn('could not open the PWA', { command, err }));
        child.unref();
      } catch (err) {
        log.warn('could not open the PWA', { command, err });
      }
    },
  };
}
