/**
 * EnvironmentPort over window/document: `online`/`offline`, `visibilitychange` (with how long the page
 * was hidden, by wall clock so a suspended machine counts its sleep) and `pagehide`.
 * Listeners are attached on the first subscribe, never at import.
 */
import type { EnvironmentEvent, EnvironmentPort } from '../phone/media-port.ts';

export function createBrowserEnvironment(): EnvironmentPort {
  return {
    subscribe(listener: (event: EnvironmentEvent) => void): () => void {
      let hiddenAt: number | null = document.visibilityState === 'hidden' ? Date.now() : null;
      const onOnline = (): void => listener({ type: 'online' });
      const onOffline = (): void => listener({ type: 'offline' });
      const onPageHide = (): void => listener({ type: 'pagehide' });
      const onVisibility = (): void => {
        if (document.visibilityState === 'hidden') {
          hiddenAt = Date.now();
        } else if (hiddenAt !== null) {
          listener({ type: 'visible', hiddenForMs: Date.now() - hiddenAt });
          hiddenAt = null;
        }
      };
      window.addEventListener('online', onOnline);
      window.addEventListener('offline', onOffline);
      window.addEventListener('pagehide', onPageHide);
      document.addEventListener('visibilitychange', onVisibility);
      return () => {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('pagehide', onPageHide);
        document.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}
