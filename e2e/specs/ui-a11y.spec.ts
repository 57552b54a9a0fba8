/**
 * Issue 5, accessibility and screenshots of every screen against the real stack, in the light and
 * the dark theme: axe-core (injected, lab-notes §10) must find no serious or critical violation on
 * the idle phone, an active call (quality, DTMF keypad and transfer form open), two lines, a ringing
 * call, the history, Settings with the devices section, the shortcut list and a follower window.
 * Each state is saved as a test artifact and in docs/screenshots/<theme>-<screen>.png.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import {
  expectAccessible,
  pressShortcut,
  registerAs,
  ringFromTone,
  screenshot,
  useColorScheme,
} from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1004';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    const check = async (page: Page, testInfo: TestInfo, screen: string): Promise<void> => {
      await expectAccessible(page, `${scheme} ${screen}`);
      await screenshot(page, testInfo, `${scheme}-${screen}`);
    };

    test('every screen has no serious or critical axe violation', async ({ context }, testInfo) => {
      test.setTimeout(120_000);
      const pwa = await Pwa.open(context, stack);
      const page = pwa.page;
      await useColorScheme(page, scheme);
      await check(page, testInfo, 'idle');

      await registerAs(pwa, DN);
      await pwa.dial('9000');
      const panel = pwa.callPanel();
      await expect(panel).toHaveAttribute('data-state', 'active');
      await expect(panel.getByTestId('call-quality')).toHaveAttribute('data-state', /good|poor/);
      await panel.getByTestId('dtmf-toggle').click();
      await panel.getByTestId('transfer-toggle').click();
      await check(page, testInfo, 'active-call');

      await pwa.dial('9001');
      await expect(page.getByTestId('call-panel')).toHaveCount(2);
      await expect(page.getByTestId('call-panel').nth(1)).toHaveAttribute('data-state', 'active');
      await check(page, testInfo, 'two-lines');
      await pressShortcut(page, 'Escape');
      await expect(page.getByTestId('call-panel')).toHaveCount(1);
      await pressShortcut(page, 'Escape');
      await expect(page.getByTestId('call-panel')).toHaveCount(0);

      const tone = await ringFromTone(stack, DN);
      try {
        await expect(page.getByTestId('incoming-call')).toBeVisible();
        await check(page, testInfo, 'incoming-call');
        await page.getByTestId('decline').click();
        await expect(page.getByTestId('incoming-call')).toHaveCount(0);
      } finally {
        tone.close();
      }

      await page.getByTestId('nav-history').click();
      await expect(page.getByTestId('history-row')).toHaveCount(3);
      await check(page, testInfo, 'history');

      await page.getByTestId('nav-settings').click();
      await page.getByTestId('mic-test').click();
      await expect
        .poll(async () => Number(await page.getByTestId('mic-level').getAttribute('data-level')))
        .toBeGreaterThan(0);
      await check(page, testInfo, 'settings');
      await page.getByTestId('mic-test').click();

      await page.getByTestId('nav-phone').click();
      await page.getByTestId('help-button').click();
      await expect(page.getByTestId('help-dialog')).toBeVisible();
      await check(page, testInfo, 'help');
      await page.getByTestId('help-close').click();

      const second = await context.newPage();
      await useColorScheme(second, scheme);
      await second.goto(`${stack.pwaOrigin}/`);
      await expect(second.getByTestId('banner-follower')).toBeVisible();
      await check(second, testInfo, 'follower');
      await second.close();
    });
  });
}
