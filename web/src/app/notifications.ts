/**
 * Ringing through the OS: a persistent service-worker notification with Answer/Decline actions while
 * the page is hidden, closed again when the call stops ringing, and the bridge
 * that turns the service worker's click messages into callbacks. Never the only ring: the ringtone
 * and the in-page incoming panel run as well. A call missed while ringing gets a plain notification
 * too (clicking it opens the app), beside the in-page missed-call trace.
 */
import { underBase } from './base-url.ts';
import type { CallSnapshot } from '../../../protocol/src/index.ts';
import { msg } from '../i18n/messages.ts';
import type { Logger } from '../lib/log.ts';
import {
  INCOMING_TAG_PREFIX,
  MISSED_TAG_PREFIX,
  parseNotificationMessage,
  type NotificationMessage,
} from './notification-message.ts';

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
  /** Tells of a call that rang and was never answered. */
  showMissed(call: CallSnapshot): Promise<boolean>;
}

export function createRingNotifier(log: Logger): RingNotifier {
  const registration = async (): Promise<ServiceWorkerRegistration | null> =>
    'serviceWorker' in navigator ? ((await navigator.serviceWorker.getRegistration()) ?? null) : null;
  const notify = async (kind: string, title: string, options: NotificationOptionsWithActions): Promise<boolean> => {
    const reg = await registration();
    const permission = notificationPermission();
    if (!reg || permission !== 'granted') {
      log.info(`${kind} notification not shown`, { serviceWorker: reg !== null, permission });
      return false;
    }
    try {
      await reg.showNotification(title, { icon: underBase('icons/icon-192.png'), ...options });
      return true;
    } catch (error) {
      log.warn(`${kind} notification failed`, error);
      return false;
    }
  };
  return {
    show(call) {
      return notify('incoming-call', msg.incoming.notificationTitle, {
        body: msg.incoming.notificationBody(call.displayName ?? call.remote),
        tag: INCOMING_TAG_PREFIX + call.callId,
        requireInteraction: true,
        data: { callId: call.callId },
        actions: [
          { action: 'answer', title: msg.incoming.answer },
          { action: 'decline', title: msg.incoming.decline },
        ],
      });
    },
    showMissed(call) {
      return notify('missed-call', msg.missed.notificationTitle, {
        body: msg.missed.notificationBody(call.displayName ?? call.remote),
        tag: MISSED_TAG_PREFIX + call.callId,
        data: { callId: call.callId },
      });
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
