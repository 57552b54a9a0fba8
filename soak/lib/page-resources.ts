/**
 * Test-side instrument for the shift's start-versus-end check: the page's open WebSockets and
 * timers (a setTimeout not yet fired or cleared, a setInterval not yet cleared), beside its live RTCPeerConnections
 * (e2e/fixtures/peer-connections.ts). A leak shows as a count that differs at the end of the shift.
 * Installed with addInitScript before the app loads; the app itself is unchanged. Closed sockets and
 * fired or cleared timers are let go at once, so the instrument holds nothing the heap probe would count.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { resourceDifferences, type PageResources } from '../outcome.ts';
import { waitUntil } from './probes.ts';

declare global {
  interface Window {
    __wgbResources?: { sockets: Set<WebSocket>; timers: Set<number> };
  }
}

export async function recordPageResources(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(() => {
    const sockets = new Set<WebSocket>();
    const timers = new Set<number>();
    window.__wgbResources = { sockets, timers };
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.add(this);
        this.addEventListener('close', () => sockets.delete(this));
      }
    };
    const track = <T extends typeof window.setTimeout | typeof window.setInterval>(
      native: T,
      isRepeating: boolean,
    ): T =>
      ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
        if (typeof handler !== 'function') {
          return native(handler, ms, ...args);
        }
        const id: number = native(
          (...a: unknown[]) => {
            if (!isRepeating) {
              timers.delete(id);
            }
            (handler as (...b: unknown[]) => void)(...a);
          },
          ms,
          ...args,
        );
        timers.add(id);
        return id;
      }) as T;
    const untrack = <T extends typeof window.clearTimeout | typeof window.clearInterval>(native: T): T =>
      ((id?: number) => {
        if (id !== undefined) {
          timers.delete(id);
        }
        native(id);
      }) as T;
    window.setTimeout = track(window.setTimeout.bind(window), false);
    window.setInterval = track(window.setInterval.bind(window), true);
    window.clearTimeout = untrack(window.clearTimeout.bind(window));
    window.clearInterval = untrack(window.clearInterval.bind(window));
  });
}

/** What the page holds open now. */
export async function pageResources(page: Page): Promise<PageResources> {
  return page.evaluate(() => ({
    peerConnections: (window.__wgbPeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed').length,
    webSockets: window.__wgbResources?.sockets.size ?? 0,
    timers: window.__wgbResources?.timers.size ?? 0,
  }));
}

/**
 * The end measurement, after up to `settleMs` for what the last steps were still closing: JsSIP keeps
 * each finished SIP transaction's timer (Timer D/K) for 32 s, so a shift that has just ended holds
 * a few more timers than a phone at rest.
 */
export async function settledPageResources(
  page: Page,
  start: PageResources | undefined,
  settleMs = 40_000,
): Promise<PageResources> {
  await waitUntil(
    async () => start !== undefined && resourceDifferences({ start, end: await pageResources(page) }).length === 0,
    settleMs,
  );
  return pageResources(page);
}
