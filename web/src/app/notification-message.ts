/**
 * The message the service worker posts to window clients when an incoming-call notification (or one
 * of its Answer/Decline actions) or a missed-call notification ('history': show History) is clicked.
 * Environment-neutral: imported by sw.ts and by the window.
 */
export const NOTIFICATION_MESSAGE_TYPE = 'wgb-notification';
export const INCOMING_TAG_PREFIX = 'wgb-incoming:';
export const MISSED_TAG_PREFIX = 'wgb-missed:';

export type NotificationAction = 'answer' | 'decline' | 'open' | 'history';
export type NotificationMessage = {
  type: typeof NOTIFICATION_MESSAGE_TYPE;
  action: NotificationAction;
  callId: string;
};

/** `event.action` is '' when the body (not a button) was clicked. */
export function toNotificationAction(action: string): NotificationAction {
  return action === 'answer' || action === 'decline' ? action : 'open';
}

const NOTIFICATION_ACTIONS: readonly string[] = ['answer', 'decline', 'open', 'history'] satisfies NotificationAction[];

function isNotificationAction(value: unknown): value is NotificationAction {
  return typeof value === 'string' && NOTIFICATION_ACTIONS.includes(value);
}

export function parseNotificationMessage(data: unknown): NotificationMessage | null {
  if (typeof data !== 'object' || data === null) {
    return null;
  }
  const candidate = data as Partial<NotificationMessage>;
  if (
    candidate.type !== NOTIFICATION_MESSAGE_TYPE ||
    typeof candidate.callId !== 'string' ||
    !isNotificationAction(candidate.action)
  ) {
    return null;
  }
  return { type: NOTIFICATION_MESSAGE_TYPE, action: candidate.action, callId: candidate.callId };
}
