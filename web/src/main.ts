/**
 * Composition root. Builds the logger and clock, and the core factory the lock-holding window uses:
 * the adapters (JsSIP, browser media, window environment), the phone over them
 * (phone/phone-service.ts) and the companion relay client (relay/relay-client.ts), loaded with a
 * dynamic import so JsSIP stays out of the initial JS. Every log record goes to the console once the
 * page is idle (lib/log.ts, deferredConsoleSink) and to the log book in IndexedDB (the support bundle's
 * PWA lines). Everything else (stores, config, election, UI) is assembled by app/start-app.ts.
 */
import { readBrowserChecks } from './app/browser-checks.ts';
import { toLinkView } from './app/link-view.ts';
import { startApp } from './app/start-app.ts';
import { realClock } from './lib/clock.ts';
import { msg } from './i18n/messages.ts';
import { createLogger, deferredConsoleSink } from './lib/log.ts';
import { createDbHandle } from './storage/db.ts';
import { createLogBook, idbLogBackend } from './storage/log-book.ts';

/** The longest a console line waits for the page to be idle (timers of a hidden page may stretch it). */
const CONSOLE_IDLE_TIMEOUT_MS = 1000;

const logBook = createLogBook(idbLogBackend(createDbHandle()));
const consoleWhenIdle = deferredConsoleSink((write) =>
  requestIdleCallback(write, { timeout: CONSOLE_IDLE_TIMEOUT_MS }),
);
window.addEventListener('pagehide', () => {
  consoleWhenIdle.flush();
  void logBook.flush();
});
const log = createLogger('wgb', {
  level: import.meta.env.DEV ? 'debug' : 'info',
  sink: (record) => {
    consoleWhenIdle.sink(record);
    logBook.sink(record);
  },
});

startApp({
  log,
  logBook,
  clock: realClock,
  async createCore({ settings, log: coreLog, clock, appVersion }) {
    const [
      { createPhone },
      { createRelayClient },
      { createJsSipAdapter },
      { createBrowserMedia },
      environment,
      { createTurnCredentials },
      { createIssuedSipCredentials },
    ] = await Promise.all([
      import('./phone/phone-service.ts'),
      import('./relay/relay-client.ts'),
      import('./adapters/jssip-adapter.ts'),
      import('./adapters/browser-media.ts'),
      import('./adapters/browser-environment.ts'),
      import('./adapters/turn-credentials.ts'),
      import('./adapters/issued-sip-credentials.ts'),
    ]);
    const phone = createPhone({
      settings,
      log: coreLog.child('phone'),
      clock,
      appVersion,
      sip: createJsSipAdapter({ log: coreLog.child('sip'), clock }),
      media: createBrowserMedia(),
      environment: environment.createBrowserEnvironment(),
      turn: createTurnCredentials({ clock }),
      sipCredentials: createIssuedSipCredentials(),
      logPages: (params) => logBook.page(params),
      browserChecks: readBrowserChecks,
    });
    const relay = createRelayClient({ phone, settings, log: coreLog.child('relay'), clock, appVersion });
    return {
      phone,
      relay: {
        start: () => relay.start(),
        stop: () => relay.stop(),
        get state() {
          return toLinkView(relay.state);
        },
        subscribe: (listener) => relay.subscribe(() => listener()),
      },
    };
  },
}).catch((error: unknown) => {
  log.error('the app failed to start', error);
  document.body.textContent = msg.startFailed(error instanceof Error ? error.message : String(error));
});
