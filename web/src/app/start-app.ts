/**
 * Builds the app around a core factory: stores, gateway config, the update service, the phone
 * session (Web Lock election) and <sp-app>. main.ts passes the real core (JsSIP phone + relay client);
 * test pages pass a fake through the same function, so everything else runs for real.
 */
import { followLanguageSources } from '../i18n/language.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import { secretValuesOf } from '../settings/secret-values.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { createCallHistoryStore, idbHistoryBackend } from '../storage/call-history-store.ts';
import { createDbHandle } from '../storage/db.ts';
import type { LogBook } from '../storage/log-book.ts';
import { idbSeenMarker, MISSED_SEEN_KEY } from '../storage/seen-marker.ts';
import { openSettingsStore } from '../storage/settings-store.ts';
import { APP_VERSION } from './app-version.ts';
import { loadGatewayConfig } from './gateway-config.ts';
import { showAppBadge } from './app-badge.ts';
import { wireLeaderEffects } from './leader-effects.ts';
import { createMissedCalls } from './missed-calls.ts';
import { decideLinkStart, loopbackPermission } from './link-policy.ts';
import { createRingNotifier } from './notifications.ts';
import { createPhoneSession, PHONE_CHANNEL_NAME, type Core, type PhoneSession } from './phone-session.ts';
import { createUpdateService } from './pwa-update.ts';
import './sp-app.ts';

export type CoreFactory = (deps: {
  settings: SettingsSource;
  log: Logger;
  clock: Clock;
  appVersion: string;
}) => Promise<Core>;

export type StartAppOptions = {
  createCore: CoreFactory;
  log: Logger;
  clock: Clock;
  root?: HTMLElement;
  /** Where the log lines are kept: told which secret values the settings hold, to blank them. */
  logBook?: Pick<LogBook, 'redactValuesOf'>;
};

export async function startApp({
  createCore,
  log,
  clock,
  root = document.body,
  logBook,
}: StartAppOptions): Promise<PhoneSession> {
  const db = createDbHandle();
  const settings = await openSettingsStore(db, log.child('settings'));
  logBook?.redactValuesOf(() => secretValuesOf(settings.current()));
  await followLanguageSources(settings, log.child('i18n'));
  const isGatewayReachable = await loadGatewayConfig(settings, log.child('config'));
  const history = createCallHistoryStore(idbHistoryBackend(db));
  const notifier = createRingNotifier(log.child('notify'));
  const missedLog = log.child('missed');
  const missedCalls = createMissedCalls(history, idbSeenMarker(db, MISSED_SEEN_KEY), clock, missedLog);
  missedCalls.subscribe(() => showAppBadge(missedCalls.unseen.length, missedLog));

  const session: PhoneSession = createPhoneSession({
    locks: 'locks' in navigator ? navigator.locks : undefined,
    channel: 'BroadcastChannel' in window ? new BroadcastChannel(PHONE_CHANNEL_NAME) : undefined,
    createCore: () => createCore({ settings, log, clock, appVersion: APP_VERSION }),
    onLead: (core) => wireLeaderEffects(core, { history, notifier, clock, log: log.child('leader') }),
    // Local Network Access: connect at start only when that cannot need an ungestured prompt.
    linkStart: async () =>
      decideLinkStart({ isPaired: Boolean(settings.current().pairingSecret), permission: await loopbackPermission() }),
    appVersion: APP_VERSION,
    log: log.child('session'),
  });
  const update = createUpdateService(() => session.snapshot.calls.length > 0, log.child('update'));

  const app = document.createElement('sp-app');
  app.session = session;
  app.settings = settings;
  app.history = history;
  app.missedCalls = missedCalls;
  app.updates = update;
  app.log = log;
  app.isGatewayReachable = isGatewayReachable;
  root.replaceChildren(app);
  session.start();
  // Unregister on the way out (stale registrations after reload: JsSIP PR #929).
  window.addEventListener('pagehide', () => void session.dispose());
  return session;
}
