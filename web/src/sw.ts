/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa injectManifest, Workbox bundled — never from a CDN). It
 * precaches the app shell, serves index.html for navigations (offline start), answers config.json
 * network-first with a cached fallback, waits for the page's SKIP_WAITING (prompt-style updates: the
 * page only sends it when no call is up), and turns incoming-call notification clicks into messages
 * to the window, which runs JsSIP. It never opens a connection to the companion (docs/architecture.md,
 * "Trust model").
 */
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import {
  INCOMING_TAG_PREFIX,
  MISSED_TAG_PREFIX,
  NOTIFICATION_MESSAGE_TYPE,
  toNotificationAction,
  type NotificationMessage,
} from './app/notification-message.ts';

declare const self: ServiceWorkerGlobalScope;

const CONFIG_CACHE = 'wgb-gateway-config';
/** The app's base path (`/` or a sub-path): the worker's scope, which the page registers as the build's base. */
const BASE_PATH = new URL(self.registration.scope).pathname;
const CONFIG_PATH = `${BASE_PATH}config.json`;
/** Paths that are not the app: the SIP WebSocket and the gateway's own files. */
const isNotApp = (path: string): boolean => /^\/ws(\/|$)/.test(path) || path === CONFIG_PATH;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Take control of pages opened before the first install, so /config.json gets cached for offline
// starts. An update still waits for SKIP_WAITING, so claiming never swaps code under a live call.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== 'GET') {
    return;
  }
  if (url.pathname === CONFIG_PATH) {
    event.respondWith(configNetworkFirst(event.request));
    return;
  }
  if (event.request.mode === 'navigate' && !isNotApp(url.pathname)) {
    event.respondWith(navigation(event.request));
  }
});

/** Network first (fresh shell after a deploy), falling back to the precached index.html. */
async function navigation(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    return (await matchPrecache('index.html')) ?? Response.error();
  }
}

async function configNetworkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CONFIG_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(CONFIG_PATH, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(CONFIG_PATH);
    if (cached) {
      // Tell the page the gateway did not answer (app/gateway-config.ts FROM_CACHE_HEADER).
      const headers = new Headers(cached.headers);
      headers.set('x-wgb-from-cache', '1');
      return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
    }
    throw error;
  }
}

self.addEventListener('notificationclick', (event) => {
  const tag = event.notification.tag;
  // Incoming calls have Answer/Decline; a missed call's notification opens the app on History.
  const prefix = [INCOMING_TAG_PREFIX, MISSED_TAG_PREFIX].find((p) => tag.startsWith(p));
  if (prefix === undefined) {
    return;
  }
  event.notification.close();
  const message: NotificationMessage = {
    type: NOTIFICATION_MESSAGE_TYPE,
    action: prefix === MISSED_TAG_PREFIX ? 'history' : toNotificationAction(event.action),
    callId: tag.slice(prefix.length),
  };
  event.waitUntil(deliver(message));
});

/** Posts to every window (only the lock holder acts) and focuses one, opening the app if none is open. */
async function deliver(message: NotificationMessage): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    client.postMessage(message);
  }
  const target = windows.find((client) => client.focused) ?? windows[0];
  if (target) {
    await target.focus();
  } else {
    await self.clients.openWindow(BASE_PATH);
  }
}
