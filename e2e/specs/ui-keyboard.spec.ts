/**
 * Issue 5, keyboard operation against the real gateway: Enter answers or calls, Escape hangs up or
 * declines, H holds, M mutes, T opens the transfer form (where Escape only closes the form), Escape
 * in the shortcut list closes only the list, and
 * digits type into the dial pad or, during a call, go out as DTMF.
 */
import { expect, test } from '@playwright/test';
import { recordDtmf, sentDtmf } from '../fixtures/dtmf-recorder.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { pressShortcut, registerAs, ringFromTone, screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1008';

test.describe('keyboard shortcuts', () => {
  test('answer, hold, mute, DTMF digits, transfer form and hang up without the mouse', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await recordDtmf(pwa.page);
    await pwa.page.reload();
    await registerAs(pwa, DN);
    const panel = pwa.callPanel();

    const tone = await ringFromTone(stack, DN);
    try {
      await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
      await pressShortcut(pwa.page, 'Enter');
      await expect(panel).toHaveAttribute('data-state', 'active');

      await pressShortcut(pwa.page, 'h');
      await expect(panel.getByTestId('call-state')).toHaveText('On hold');
      await pressShortcut(pwa.page, 'h');
      await expect(panel.getByTestId('call-state')).toHaveText('Connected');

      await pressShortcut(pwa.page, 'm');
      await expect(panel.getByTestId('mute')).toHaveAttribute('aria-pressed', 'true');
      await pressShortcut(pwa.page, 'm');
      await expect(panel.getByTestId('mute')).toHaveAttribute('aria-pressed', 'false');

      await pressShortcut(pwa.page, '4');
      await pressShortcut(pwa.page, '*');
      await expect.poll(() => sentDtmf(pwa.page)).toBe('4*');

      // T opens the transfer form with the number field focused; Escape there closes only the form.
      await pressShortcut(pwa.page, 't');
      await expect(panel.getByTestId('transfer-form')).toBeVisible();
      await expect(panel.getByTestId('transfer-target')).toBeFocused();
      await pwa.page.keyboard.type('12');
      await expect(panel.getByTestId('transfer-target')).toHaveValue('12');
      await pwa.page.keyboard.press('Escape');
      await expect(panel.getByTestId('transfer-form')).toBeHidden();
      await expect(panel).toHaveAttribute('data-state', 'active');
      expect(await sentDtmf(pwa.page)).toBe('4*');

      // The shortcut list opened mid-call: Escape closes the list and leaves the call alone.
      await pressShortcut(pwa.page, '?');
      const help = pwa.page.getByTestId('help-dialog');
      await expect(help).toBeVisible();
      await pwa.page.keyboard.press('Escape');
      await expect(help).toBeHidden();
      await expect(panel).toHaveAttribute('data-state', 'active');

      await pressShortcut(pwa.page, 'Escape');
      await expect(panel).toHaveCount(0);
    } finally {
      tone.close();
    }
  });

  test('digits and Enter dial, Escape hangs up; Escape declines a ringing call; ? shows the list', async ({
    context,
  }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    for (const digit of ['9', '0', '0', '0']) {
      await pressShortcut(pwa.page, digit);
    }
    await expect(pwa.page.getByTestId('dial-input')).toHaveValue('9000');
    await pressShortcut(pwa.page, 'Enter');
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
    await pressShortcut(pwa.page, 'Escape');
    await expect(pwa.callPanel()).toHaveCount(0);

    const tone = await ringFromTone(stack, DN);
    try {
      const mark = tone.mark();
      await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
      await pressShortcut(pwa.page, 'Escape');
      await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);
      await tone.waitForEvent('CALL_CLOSED', mark);
    } finally {
      tone.close();
    }

    await pressShortcut(pwa.page, '?');
    const help = pwa.page.getByTestId('help-dialog');
    await expect(help).toBeVisible();
    await expect(help).toContainText('Transfer the active call');
    await screenshot(pwa.page, testInfo, 'help');
    await pwa.page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });
});
