/**
 * Ringing through the OS: a persistent service-worker notification with Answer/Decline actions while
 * the page is hidden, closed again when the call stops ringing, and the bridge
 * that turns the service worker's click messages into callbacks. Never the only ring: the ringtone
 * and the in-page incoming panel run as well.
 */
import { underBase } from './base-url.ts';
import type { CallSnapshot } from '../../../protocol/src/index.ts';
import { msg } from '../i18n/messages.ts';
import type { Logger } from '../lib/log.ts';
import { INCOMING_TAG_PREFIX, parseNotificationMessage, type NotificationMessage } from './notification-message.ts';

/** `actions` is missing from TypeScript's DOM NotificationOptions; Chromium supports it. */
type NotificationOptionsWithActions = NotificationOptions & {
  actions?: { action: string; title: string }[];
  requireInteraction?: boolean;
};

export type NotificationPermissionView = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionView {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Asks for permission; call from a click. */
export async function requestNotificationPermission(): Promise<NotificationPermissionView> {
  if (!('Notification' in window)) {
    return 'unsupported';
  }
  return Notification.requestPermission();
}

export interface RingNotifier {
  /** Shows the incoming-call notification; resolves false when it could not be shown (the reason is logged). */
  show(call: CallSnapshot): Promise<boolean>;
  close(callId: string): Promise<void>;
}

export function createRingNotifier(log: Logger): RingNotifier {
  const registration = async (): Promise<ServiceWorkerRegistration | null> =>
    'serviceWorker' in navigator ? ((await navigator.serviceWorker.getRegistration()) ?? null) : null;
  return {
    async show(call) {
      const reg = await registration();
      const permission = notificationPermission();
      if (!reg || permission !== 'granted') {
        log.info('incoming-call notification not shown', { serviceWorker: reg !== null, permission });
        return false;
      }
      const caller = call.displayName ?? call.remote;
      const options: NotificationOptionsWithActions = {
        body: msg.incoming.notificationBody(caller),
        tag: INCOMING_TAG_PREFIX + call.callId,
        requireInteraction: true,
        icon: underBase('icons/icon-192.png'),
        data: { callId: call.callId },
        actions: [
          { action: 'answer', title: msg.incoming.answer },
          { action: 'decline', title: msg.incoming.decline },
        ],
      };
      try {
        await reg.showNotification(msg.incoming.notificationTitle, options);
        return true;
      } catch (error) {
        log.warn('incoming-call notification failed', error);
        return false;
      }
    },
    async close(callId) {
      const reg = await registration();
      for (const notification of (await reg?.getNotifications({ tag: INCOMING_TAG_PREFIX + callId })) ?? []) {
        notification.close();
      }
    },
  };
}

/** Calls `handler` for each notification click the service worker reports. */
export function listenForNotificationClicks(handler: (message: NotificationMessage) => void): () => void {
  if (!('serviceWorker' in navigator)) {
    return () => undefined;
  }
  const onMessage = (event: MessageEvent): void => {
    const message = parseNotificationMessage(event.data);
    if (message) {
      handler(message);
    }
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  return () => navigator.serviceWorker.removeEventListener('message', onMessage);
}
