/**
 * The companion's dashboard as a helpdesk uses it, against the real stack: after pairing, registering
 * and a tone call, the events read as sentences (quality folded into one line for the call, with its
 * MOS range), the softphone's real version is shown, WWE is not said to have asked for a DN it never
 * asked for, the filter narrows the list, the connection test is a checklist that ends with what this
 * Chromium says about Local Network Access and autoplay, and the support bundle downloads with those
 * lines, the softphone's own log lines and no secret inside.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { COMPANION_DIR, REPO_ROOT } from '../fixtures/paths.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { registerAs } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1008';
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('the dashboard speaks to a helpdesk and the support bundle holds no secret', async ({ context }) => {
  test.setTimeout(90_000);
  const pwa = await Pwa.open(context, stack);
  await pwa.pairWithCompanion();
  await registerAs(pwa, DN);
  await pwa.dial('9000');
  await expect(pwa.page.getByTestId('hangup')).toBeVisible();
  // Quality samples arrive every 2 s during the call; wait for a few of them.
  const dashboard = await context.newPage();
  await dashboard.goto(`${stack.companionUrl}/dashboard`);
  const events = dashboard.getByTestId('dash-events');
  await expect(events).toContainText(/Call quality with 9000: MOS [\d.]+(–[\d.]+)? over [3-9] samples/, {
    timeout: 30_000,
  });
  await pwa.page.getByTestId('hangup').click();
  await expect(events).toContainText('Outgoing call to 9000 ended');

  await expect(events).toContainText(`The softphone connected (version ${VERSION}).`);
  await expect(events).toContainText(`DN ${DN} is registered at 127.0.0.1:${stack.sipPort}.`);
  await expect(events).not.toContainText('{');
  expect(await events.getByText(/^Call quality with 9000/).count()).toBe(1);
  await expect(dashboard.getByTestId('dash-softphone')).toContainText(`(softphone version ${VERSION})`);
  await expect(dashboard.getByTestId('dash-wwe')).not.toContainText('WWE asked for DN');
  // Dates for people: today's events show a time of day, not an ISO timestamp.
  await expect(events.locator('time').first()).toHaveText(/^\d{2}:\d{2}:\d{2}$/);

  await dashboard.getByTestId('dash-filter-category').selectOption('registration');
  await expect(events).toContainText(`DN ${DN} is registered`);
  await expect(events).not.toContainText('Call quality');
  await dashboard.getByTestId('dash-filter-category').selectOption('');
  await dashboard.getByTestId('dash-filter-text').fill('quality');
  await expect(events.locator('li')).toHaveCount(1);

  await dashboard.getByRole('button', { name: 'Test connection' }).click();
  const checks = dashboard.getByTestId('dash-checks');
  await expect(checks.locator('li')).toHaveCount(6);
  await expect(checks.locator('li[data-check="softphone"]')).toContainText(`✓Softphone answers the companion`);
  await expect(checks.locator('li[data-check="certificate"]')).toHaveClass('ok');
  // The browser-policy lines, as this Chromium answered the softphone.
  await expect(checks.locator('li[data-check="local-network-access"]')).toContainText(
    "✓Softphone may reach the companion on 127.0.0.1 (Local Network Access)The softphone's link to 127.0.0.1 is up; ",
  );
  await expect(checks.locator('li[data-check="autoplay"]')).toContainText('The ringer may play without a click');

  const downloading = dashboard.waitForEvent('download');
  await dashboard.getByTestId('dash-bundle').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^wgb-support-bundle-.*\.json$/);
  const text = readFileSync(await download.path(), 'utf8');
  const bundle = JSON.parse(text) as {
    events: { text: string }[];
    companionLog: string[];
    softphoneLog: string[];
    quality: unknown[];
    selfChecks: { id: string; ok: boolean; value?: string }[];
  };
  expect(bundle.events.some((e) => e.text.startsWith('Call quality with 9000'))).toBe(true);
  expect(bundle.quality).toHaveLength(1);
  expect(bundle.companionLog.length).toBeGreaterThan(0);
  // Real values from Chromium, not the `unknown` of a softphone that could not tell.
  const browserLine = (id: string) => bundle.selfChecks.find((c) => c.id === id);
  expect(['granted', 'prompt', 'denied']).toContain(browserLine('local-network-access')?.value);
  expect(browserLine('local-network-access')?.ok).toBe(true);
  expect(['allowed', 'allowed-muted', 'disallowed']).toContain(browserLine('autoplay')?.value);
  // The PWA's own lines, kept in its IndexedDB across the call, reached the bundle over the relay.
  expect(bundle.softphoneLog.some((line) => /^\S+Z info \[wgb:relay\] link \w+ → ready$/.test(line))).toBe(true);
  expect(bundle.softphoneLog.some((line) => line.includes('[wgb:phone'))).toBe(true);
  const pairingSecret = readFileSync(join(COMPANION_DIR, 'pairing-secret'), 'utf8').trim();
  expect(pairingSecret.length).toBeGreaterThan(10);
  expect(text).not.toContain(pairingSecret);
  expect(text).not.toContain(stack.extensionToken);
  expect(text).not.toContain(`pw${DN}`);
});
