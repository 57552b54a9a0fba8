/**
 * What the leading window does besides running the phone: writes call history when a call ends,
 * shows an incoming-call notification while the page is hidden (and closes it when the call stops
 * ringing) and a missed-call notification when a call rang out unanswered, and turns notification
 * Answer/Decline clicks into commands, shows the PWA in the language WWE names (preferred_language),
 * and has the password dialog ask the agent when a DN to register has no password.
 * Returns its cleanup.
 */
import { spActionFailed } from '../events/sp-action-failed.ts';
import { spPasswordNeeded } from '../events/sp-password-needed.ts';
import { entryFromCall, type CallHistoryStore } from '../storage/call-history-store.ts';
import { NO_AUDIO_PATH } from '../phone/sip-port.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import { setWweLanguage } from '../i18n/language.ts';
import { isMissedCall } from './missed-calls.ts';
import { listenForNotificationClicks, type RingNotifier } from './notifications.ts';
import type { Core } from './phone-session.ts';

export type LeaderEffectsDeps = { history: CallHistoryStore; notifier: RingNotifier; clock: Clock; log: Logger };

export function wireLeaderEffects({ phone }: Core, deps: LeaderEffectsDeps): () => void {
  const { history, notifier, clock, log } = deps;
  const notified = new Set<string>();

  const notifyRinging = (): void => {
    if (!document.hidden) {
      return;
    }
    for (const call of phone.snapshot.calls) {
      if (call.state === 'incoming' && !notified.has(call.callId)) {
        notified.add(call.callId);
        // Not shown (no service worker yet, permission, platform error): try again on the next change.
        void notifier.show(call).then((isShown) => isShown || notified.delete(call.callId));
      }
    }
  };
  const closeStale = (): void => {
    const ringing = new Set(phone.snapshot.calls.filter((c) => c.state === 'incoming').map((c) => c.callId));
    for (const callId of notified) {
      if (!ringing.has(callId)) {
        notified.delete(callId);
        void notifier.close(callId);
      }
    }
  };

  const offEvents = phone.onEvent((event) => {
    if (event.type === 'password-needed') {
      window.dispatchEvent(spPasswordNeeded({ register: event.register }));
    }
    if (event.type === 'endpoint-settings') {
      void setWweLanguage(event.applied.settings.preferredLanguage);
    }
    if (event.type === 'ended') {
      const entry = entryFromCall(event.call, clock.now());
      history.add(entry).catch((error: unknown) => log.error('history write failed', error));
      if (isMissedCall(entry)) {
        void notifier.showMissed(event.call);
      }
      const cause = event.call.state === 'ended' ? event.call.endCause : '';
      if (cause.startsWith(NO_AUDIO_PATH)) {
        // The agent must learn why the call failed, not face a call that ended by itself.
        window.dispatchEvent(spActionFailed({ message: cause }));
      }
    }
  });
  const offSnapshot = phone.subscribe(() => {
    notifyRinging();
    closeStale();
  });
  const offClicks = listenForNotificationClicks((message) => {
    const command =
      message.action === 'answer'
        ? phone.execute('answer', { callId: message.callId })
        : message.action === 'decline'
          ? phone.execute('hangup', { callId: message.callId })
          : null;
    command?.catch((error: unknown) => log.warn(`notification ${message.action} failed`, error));
  });
  document.addEventListener('visibilitychange', notifyRinging);

  return () => {
    offEvents();
    offSnapshot();
    offClicks();
    document.removeEventListener('visibilitychange', notifyRinging);
  };
}
