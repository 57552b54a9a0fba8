/**
 * Issue 14 items 4 and 8 (agent), against the real gateway: sipp, as a caller with a display name
 * (P-Asserted-Identity "Jane Doe" <sip:5551234@…>, From "Reception"), rings the agent and gives up (CANCEL). The incoming card shows the
 * name with the number beneath; the missed call then leaves its trace — "Missed call from Jane Doe"
 * on the Phone screen, a count on the History tab, the app badge and a system notification — until
 * the agent opens History (here by clicking the notification), whose row shows the name, the number and "Missed". A reload keeps an
 * unseen missed call; a declined call leaves no trace; History in a background window is not seeing.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  appServiceWorker,
  clickNotificationAction,
  hidePage,
  showPage,
  shownNotifications,
} from '../fixtures/pwa-platform.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { expectAccessible, registerAs, ringFromTone, screenshot, useColorScheme } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1003';
/** The name the network asserts (P-Asserted-Identity) wins over From's. */
const CALLER = { name: 'Jane Doe', fromName: 'Reception', number: '5551234' };

/** Records the app-badge values the page sets (the real Badging API still runs). */
async function recordAppBadge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: (number | 'cleared')[] = [];
    (window as unknown as { appBadges: typeof calls }).appBadges = calls;
    const real = 'setAppBadge' in navigator;
    const set = real ? navigator.setAppBadge.bind(navigator) : () => Promise.resolve();
    const clear = real ? navigator.clearAppBadge.bind(navigator) : () => Promise.resolve();
    Object.assign(navigator, {
      setAppBadge: (n?: number) => (calls.push(n ?? 0), set(n)),
      clearAppBadge: () => (calls.push('cleared'), clear()),
    });
  });
}

const appBadges = (page: Page): Promise<(number | 'cleared')[]> =>
  page.evaluate(() => (window as unknown as { appBadges: (number | 'cleared')[] }).appBadges);

test('a caller who gives up leaves a missed-call trace with their name until History is opened', async ({
  context,
}, testInfo) => {
  test.setTimeout(90_000);
  const pwa = await Pwa.open(context, stack);
  await recordAppBadge(pwa.page);
  await pwa.page.reload();
  await registerAs(pwa, DN);
  const { page } = pwa;

  const sipp = runSipServer(stack, { scenario: 'caller-gives-up.xml', dn: DN, vars: CALLER });
  const incoming = page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await expect(page.getByTestId('incoming-caller')).toHaveText(CALLER.name);
  await expect(incoming).toContainText(CALLER.number);
  await screenshot(page, testInfo, 'incoming-call-name');
  assertSippPassed(await sipp, ['ringing', 'gave up; CANCEL answered']);
  await expect(incoming).toHaveCount(0);

  // The trace: a line on the Phone screen, the History badge, the app badge and a notification.
  const missed = page.getByTestId('missed-call');
  await expect(missed).toHaveCount(1);
  await expect(missed).toContainText(`Missed call from ${CALLER.name}`);
  await expect(missed).toContainText(CALLER.number);
  const badge = page.getByTestId('missed-badge');
  await expect(badge).toContainText('1');
  await expect(page.getByTestId('nav-history')).toHaveAccessibleName(/1 missed call/);
  await expect.poll(() => appBadges(page)).toContain(1);
  await expect
    .poll(async () => (await shownNotifications(page)).map((n) => [n.title, n.body]))
    .toContainEqual(['Missed call', `${CALLER.name} called and hung up before you answered`]);
  await screenshot(page, testInfo, 'light-missed-call');
  await expectAccessible(page, 'phone screen with a missed call');
  await useColorScheme(page, 'dark');
  await expectAccessible(page, 'phone screen with a missed call, dark');
  await screenshot(page, testInfo, 'dark-missed-call');
  await useColorScheme(page, 'light');

  // A reload keeps what the agent has not seen.
  await page.reload();
  await expect(page.getByTestId('missed-call')).toHaveCount(1);
  await expect(page.getByTestId('missed-badge')).toContainText('1');

  // Clicking the notification opens History, which is seeing it: the row has the name, the number
  // and "Missed"; the trace clears.
  await clickNotificationAction(await appServiceWorker(context), '');
  await expect(page.getByTestId('nav-history')).toHaveAttribute('aria-current', 'page');
  const row = page.getByTestId('history-row').first();
  await expect(row.getByTestId('history-caller')).toHaveText(CALLER.name);
  await expect(row).toContainText(CALLER.number);
  await expect(row.getByTestId('history-kind')).toHaveText('Missed');
  await expect(page.getByTestId('missed-badge')).toHaveCount(0);
  await expect.poll(async () => (await appBadges(page)).at(-1)).toBe('cleared');
  await screenshot(page, testInfo, 'history-missed-name');
  await page.getByTestId('nav-phone').click();
  await expect(page.getByTestId('missed-calls')).toHaveCount(0);
});

test('a call the agent declines is not a missed call; Dismiss clears a missed one', async ({ context }) => {
  const pwa = await Pwa.open(context, stack);
  await registerAs(pwa, DN);
  const { page } = pwa;

  const tone = await ringFromTone(stack, DN);
  try {
    await expect(page.getByTestId('incoming-call')).toBeVisible();
    await page.getByTestId('decline').click();
    await expect(page.getByTestId('incoming-call')).toHaveCount(0);
    await expect(page.getByTestId('missed-calls')).toHaveCount(0);
    await expect(page.getByTestId('missed-badge')).toHaveCount(0);

    await tone.dial(`sip:${DN}@127.0.0.1`);
    await expect(page.getByTestId('incoming-call')).toBeVisible();
    await tone.hangup();
    await expect(page.getByTestId('incoming-call')).toHaveCount(0);
  } finally {
    tone.close();
  }
  await expect(page.getByTestId('missed-call')).toContainText('Missed call from 9000');
  await page.getByTestId('missed-dismiss').click();
  await expect(page.getByTestId('missed-calls')).toHaveCount(0);
  await expect(page.getByTestId('missed-badge')).toHaveCount(0);
});

test('a call missed while the app sits in the background on History stays unseen until the window is shown', async ({
  context,
}) => {
  const pwa = await Pwa.open(context, stack);
  await registerAs(pwa, DN);
  const { page } = pwa;
  await page.getByTestId('nav-history').click();
  await hidePage(page);

  const tone = await ringFromTone(stack, DN);
  try {
    await expect(page.getByTestId('incoming-call')).toHaveCount(1);
    await tone.hangup();
    await expect(page.getByTestId('incoming-call')).toHaveCount(0);
  } finally {
    tone.close();
  }
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.getByTestId('missed-badge')).toContainText('1');

  await showPage(page);
  await expect(page.getByTestId('missed-badge')).toHaveCount(0);
});
