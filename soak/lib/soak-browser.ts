/**
 * The soak's Chromium, where a page can really be hidden. A page Playwright opens in its own browser
 * context is kept "focused and visible" by CDP focus emulation (Emulation.setFocusEmulationEnabled,
 * held for as long as Playwright's session is attached), so a background tab never turns hidden and
 * is never throttled. The soak therefore starts Chromium itself and attaches with `noDefaults`: pages
 * of the browser's default context get no emulation, and a tab sent behind another one is hidden as
 * an agent's window behind WWE is — `document.hidden`, timer throttling and, after its grace period
 * (shortened here so that minutes stand for hours), Chromium's intensive wake-up throttling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, chromiumEnv } from '../../e2e/fixtures/chromium.ts';

/** Chromium's default is 5 minutes of hidden time before intensive throttling; the soak waits 10 s. */
const INTENSIVE_THROTTLING_GRACE_S = 10;
export const HIDDEN_THROTTLING_GRACE_MS = INTENSIVE_THROTTLING_GRACE_S * 1_000;
const START_TIMEOUT_MS = 30_000;

export interface SoakBrowser {
  browser: Browser;
  /** The default context: its pages are not focus-emulated. */
  context: BrowserContext;
  /** Puts `page` behind a new foreground tab (hidden) until the returned function brings it back. */
  hide: (page: Page) => Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function launchSoakBrowser(): Promise<SoakBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'wgb-soak-chromium-'));
  const child = spawn(
    '/usr/bin/chromium',
    [
      '--headless',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      `--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/${INTENSIVE_THROTTLING_GRACE_S}`,
      ...chromiumArgs(),
      'about:blank',
    ],
    { env: chromiumEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    const endpoint = await devToolsEndpoint(child);
    const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
    const context = browser.contexts()[0];
    if (context === undefined) {
      throw new Error('Chromium started without its default context');
    }
    return {
      browser,
      context,
      hide: async (page) => {
        const session = await browser.newBrowserCDPSession();
        const { targetId } = await session.send('Target.createTarget', { url: 'about:blank', newWindow: false });
        return async () => {
          await session.send('Target.closeTarget', { targetId });
          await session.detach();
          await page.bringToFront();
        };
      },
      close: async () => {
        await browser.close().catch(() => undefined);
        await stopChild(child);
        removeProfile(profile);
      },
    };
  } catch (error) {
    await stopChild(child);
    removeProfile(profile);
    throw error;
  }
}

/** Chromium's helper processes may still be writing into the profile for a moment after it exits. */
function removeProfile(profile: string): void {
  rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
}

/** Chromium prints "DevTools listening on ws://…" on stderr once its debugging port is open. */
function devToolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Chromium did not open its DevTools port')), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      const url = /DevTools listening on (ws:\/\/\S+)/.exec(line)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        lines.close();
        child.stderr?.resume();
        resolve(url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${String(code)}) before opening its DevTools port`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
}
