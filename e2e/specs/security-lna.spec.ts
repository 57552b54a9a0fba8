/**
 * Local Network Access (docs/browser-behaviour.md): a page Chromium counts as *public* cannot reach the
 * companion on 127.0.0.1 at all. This is the BROWSER's layer, not ours: Chromium blocks the request
 * before it leaves (no permission can be granted here: headless, no prompt, no policy), so the
 * companion never sees it, whatever its allowlists say. The companion's own rules (Origin allowlist,
 * pairing, JSON-only) must hold without it (security-browser.spec.ts), because an admin policy or a
 * user's "Allow" lifts LNA for a site.
 *
 * `--ip-address-space-overrides=<ip:port>=public` makes our loopback page servers count as public,
 * in a browser launched for this spec only. Both the WWE origin (allowed by the companion) and the
 * evil origin are made public, so a block cannot be the companion's doing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium, expect, test, type Browser, type ConsoleMessage } from '@playwright/test';
import { chromiumArgs, chromiumEnv } from '../fixtures/chromium.ts';
import { readRunningCompanion } from '../fixtures/companion-process.ts';
import { EVIL_PAGE_PORT, startOriginServer, WWE_PAGE_PORT, type OriginServer } from '../fixtures/origin-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { OriginPage } from '../fixtures/wwe-page.ts';

const stack = readStackInfo();

function companionLog(): string {
  const logFile = readRunningCompanion()?.options.logFile;
  if (logFile === undefined) {
    throw new Error('no running companion recorded');
  }
  return readFileSync(logFile, 'utf8');
}

let wweServer: OriginServer;
let evilServer: OriginServer;
let publicBrowser: Browser;
test.beforeAll(async () => {
  wweServer = await startOriginServer(WWE_PAGE_PORT, 'WWE');
  evilServer = await startOriginServer(EVIL_PAGE_PORT, 'Evil');
  publicBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      ...chromiumArgs(),
      `--ip-address-space-overrides=127.0.0.1:${WWE_PAGE_PORT}=public,127.0.0.1:${EVIL_PAGE_PORT}=public`,
    ],
    env: chromiumEnv(),
  });
});
test.afterAll(async () => {
  await publicBrowser.close();
  await wweServer.close();
  await evilServer.close();
});

test.describe('Local Network Access (Chromium’s layer)', () => {
  test('a loopback WWE page reaches the companion; the same page counted as public is blocked by Chromium', async ({
    context,
  }) => {
    // Control: in the suite's browser the WWE page is loopback → loopback, and the probe (an unknown
    // path, which the companion logs) arrives.
    const loopbackProbe = `/LnaProbe-${randomUUID()}`;
    const loopbackPage = await OriginPage.open(context, wweServer.origin, stack.companionUrl);
    expect(await loopbackPage.get(loopbackProbe)).toMatchObject({ kind: 'response', status: 400 });
    expect(await loopbackPage.get('/GetIsEndpointActive')).toMatchObject({ kind: 'response', status: 200 });
    await expect.poll(companionLog).toContain(loopbackProbe);

    // The same origins, counted as public.
    const publicContext = await publicBrowser.newContext();
    try {
      for (const origin of [wweServer.origin, evilServer.origin]) {
        const page = await OriginPage.open(publicContext, origin, stack.companionUrl);
        const consoleErrors: string[] = [];
        page.page.on('console', (m: ConsoleMessage) => {
          if (m.type() === 'error') {
            consoleErrors.push(m.text());
          }
        });
        const probe = `/LnaProbe-${randomUUID()}`;
        const replies = [
          await page.get(probe),
          await page.get('/GetIsEndpointActive'),
          await page.request({ method: 'GET', path: '/GetIsEndpointActive', contentType: null }),
        ];
        for (const reply of replies) {
          expect(reply, `${origin}: blocked before any response`).toMatchObject({ kind: 'network-error' });
        }
        // Chromium names its own reason (observed on Chromium 156 headless, no policy, no prompt).
        const denied = consoleErrors.filter((text) =>
          text.includes('Permission was denied for this request to access the `loopback` address space'),
        );
        expect(denied.length, consoleErrors.join('\n')).toBe(replies.length);
        console.log(`LNA: ${origin} counted as public → ${denied[0] ?? ''}`);
        // The request never left the browser: the companion logged nothing for the probe.
        await expect.poll(companionLog).toContain(loopbackProbe);
        expect(companionLog()).not.toContain(probe);
      }
    } finally {
      await publicContext.close();
    }
  });
});
