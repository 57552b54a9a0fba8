/**
 * The message the service worker posts to window clients when an incoming-call notification (or one
 * of its Answer/Decline actions) is clicked. Environment-neutral: imported by sw.ts and by the window.
 */
export const NOTIFICATION_MESSAGE_TYPE = 'wgb-notification';
export const INCOMING_TAG_PREFIX = 'wgb-incoming:';
export const MISSED_TAG_PREFIX = 'wgb-missed:';

export type NotificationAction = 'answer' | 'decline' | 'open';
export type NotificationMessage = {
  type: typeof NOTIFICATION_MESSAGE_TYPE;
  action: NotificationAction;
  callId: string;
};

/** `event.action` is '' when the body (not a button) was clicked. */
export function toNotificationAction(action: string): NotificationAction {
  return action === 'answer' || action === 'decline' ? action : 'open';
}

export function parseNotificationMessage(data: unknown): NotificationMessage | null {
  if (typeof data !== 'object' || data === null) {
    return null;
  }
  const candidate = data as Partial<NotificationMessage>;
  if (
    candidate.type !== NOTIFICATION_MESSAGE_TYPE ||
    typeof candidate.callId !== 'string' ||
    (candidate.action !== 'answer' && candidate.action !== 'decline' && candidate.action !== 'open')
  ) {
    return null;
  }
  return { type: NOTIFICATION_MESSAGE_TYPE, action: candidate.action, callId: candidate.callId };
}
