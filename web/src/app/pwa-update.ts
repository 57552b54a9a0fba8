/**
 * Prompt-style updates. A new service worker installs and waits; the app offers "Update ready —
 * reload" only while no call is up, and never reloads during a call — not even when another window
 * activated the new worker, because a reload ends the page's calls. Wraps virtual:pwa-register
 * (vite-plugin-pwa).
 */
import { registerSW } from 'virtual:pwa-register';
import type { Logger } from '../lib/log.ts';

export interface UpdateService {
  /** A new version is waiting (or already active after another window's reload). */
  readonly isReady: boolean;
  subscribe(listener: () => void): () => void;
  /** Activates the new version and reloads; refused while a call is up. */
  reload(): void;
}

export function createUpdateService(hasCalls: () => boolean, log: Logger): UpdateService {
  const listeners = new Set<() => void>();
  let isReady = false;
  let isReloadRequested = false;
  /** The new worker already controls this page (another window reloaded): a plain reload suffices. */
  let isActive = false;
  let isReloading = false;
  const reloadOnce = (): void => {
    if (!isReloading) {
      isReloading = true;
      window.location.reload();
    }
  };
  const setReady = (): void => {
    isReady = true;
    listeners.forEach((listener) => listener());
  };
  const updateSW = registerSW({
    onNeedRefresh: setReady,
    // Called when a new worker took control; reload only if this window asked and is idle.
    onNeedReload() {
      if (isReloadRequested && !hasCalls()) {
        reloadOnce();
      } else {
        isActive = true;
        setReady();
      }
    },
    onRegisterError(error: unknown) {
      log.warn('service worker registration failed', error);
    },
  });
  return {
    get isReady() {
      return isReady;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload() {
      if (hasCalls()) {
        log.info('update reload refused: a call is up');
        return;
      }
      isReloadRequested = true;
      if (isActive) {
        reloadOnce();
        return;
      }
      // workbox-window reports the new worker's "controlling" as an update only when a worker already
      // controlled the page when it registered; on the first visit's page (controlled later through
      // clients.claim()) onNeedReload never comes, so the controller change itself triggers the reload.
      navigator.serviceWorker.addEventListener(
        'controllerchange',
        () => {
          if (!hasCalls()) {
            reloadOnce();
          }
        },
        { once: true },
      );
      updateSW(true).catch((error: unknown) => log.error('update failed', error));
    },
  };
}
