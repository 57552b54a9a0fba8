/**
 * Issue 5, the call panel against the real gateway: timer, hold, mute, the DTMF pad (tones proven at
 * the browser's RTCDTMFSender), live quality with its sparkline, hang up, a second line that holds
 * the first (lines labelled, swapped both ways), and blind and attended transfer (REFER) through the
 * panel's controls; the digits sent,
 * the speaker volume and the transfer's outcome as the agent sees them.
 */
import { expect, test } from '@playwright/test';
import { recordDtmf, sentDtmf } from '../fixtures/dtmf-recorder.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { labelLines, pressShortcut, registerAs, screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1005';

test.describe('call panel', () => {
  test('timer, hold, mute, DTMF, live quality and hang up on a call to 9000', async ({ context }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await recordDtmf(pwa.page);
    await pwa.page.reload();
    await registerAs(pwa, DN);
    await pwa.dial('9000');
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');

    const timer = panel.getByTestId('call-timer');
    await expect(timer).toHaveText(/^0:0[0-2]$/);
    await expect(timer).toHaveText(/^0:0[2-9]$/, { timeout: 5_000 });

    await panel.getByTestId('hold').click();
    await expect(panel.getByTestId('hold')).toHaveAttribute('aria-pressed', 'true');
    await expect(panel.getByTestId('call-state')).toHaveText('On hold');
    await panel.getByTestId('hold').click();
    await expect(panel.getByTestId('call-state')).toHaveText('Connected');

    await panel.getByTestId('mute').click();
    await expect(panel.getByTestId('mute')).toHaveAttribute('aria-pressed', 'true');
    await expect(panel.getByTestId('call-state')).toContainText('Muted');
    await panel.getByTestId('mute').click();
    await expect(panel.getByTestId('mute')).toHaveAttribute('aria-pressed', 'false');

    await panel.getByTestId('dtmf-toggle').click();
    await expect(panel.getByTestId('dtmf-toggle')).toHaveAttribute('aria-expanded', 'true');
    // "Hide keypad" and every other control label stay on one line at the app's width.
    expect(await labelLines(panel.locator('.controls button'))).toEqual({
      hold: 1,
      mute: 1,
      'dtmf-toggle': 1,
      'transfer-toggle': 1,
      hangup: 1,
    });
    await panel.getByTestId('dtmf-key-5').click();
    await panel.getByTestId('dtmf-key-#').click();
    await expect.poll(() => sentDtmf(pwa.page)).toBe('5#');
    // The card echoes the digits sent, also those typed as shortcuts.
    await expect(panel.getByTestId('dtmf-sent')).toHaveText('Sent: 5#');
    await pressShortcut(pwa.page, '7');
    // (RTCDTMFSender gets the tones still queued with the new one: the recorder may see '#' twice.)
    await expect.poll(() => sentDtmf(pwa.page)).toMatch(/^5#+7$/);
    await expect(panel.getByTestId('dtmf-sent')).toHaveText('Sent: 5#7');

    // Speaker volume: the slider sets the phone's audio state, which the call's audio element plays at.
    const volume = pwa.page.getByTestId('speaker-volume');
    await expect(volume).toHaveValue('100');
    await volume.fill('40');
    await expect(pwa.page.getByTestId('speaker-volume-value')).toHaveText('40%');
    await expect.poll(() => pwa.page.getByTestId('remote-audio').evaluate((a: HTMLAudioElement) => a.volume)).toBe(0.4);

    // The service samples getStats every 2 s: numbers, then a sparkline with several points.
    const quality = panel.getByTestId('call-quality');
    await expect(quality).toHaveAttribute('data-state', /good|poor/);
    await expect(panel.getByTestId('quality-mos')).toHaveText(/^[1-4]\.\d$/);
    await expect(panel.getByTestId('quality-jitter')).toHaveText(/ms$/);
    await expect(panel.getByTestId('quality-loss')).toHaveText(/%$/);
    await expect(panel.getByTestId('quality-sparkline')).toHaveAttribute('data-points', /^[3-9]|\d\d$/, {
      timeout: 15_000,
    });
    await screenshot(pwa.page, testInfo, 'active-call');

    // Unregister during a call asks first; keeping the registration keeps the call.
    await pwa.page.getByTestId('unregister').click();
    await expect(pwa.page.getByTestId('unregister-confirm')).toContainText('Unregistering ends your call.');
    await pwa.page.getByTestId('unregister-cancel').click();
    await expect(pwa.page.getByTestId('unregister-confirm')).toHaveCount(0);
    await expect(panel).toHaveAttribute('data-state', 'active');

    await panel.getByTestId('hangup').click();
    await expect(panel).toHaveCount(0);
  });

  test('a second call while one is up holds the first; attended transfer is offered and sent', async ({
    context,
  }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    await pwa.dial('9000');
    const first = pwa.page.locator('[data-testid="call-panel"]').first();
    await expect(first).toHaveAttribute('data-state', 'active');

    await expect(pwa.page.getByTestId('dial-call')).toHaveText('Call on second line');
    await pwa.dial('9001');
    const panels = pwa.page.getByTestId('call-panel');
    await expect(panels).toHaveCount(2);
    await expect(panels.nth(1)).toHaveAttribute('data-state', 'active');
    await expect(first.getByTestId('call-state')).toHaveText('On hold');
    await expect(first.getByTestId('hold')).toHaveAttribute('aria-pressed', 'true');
    await expect(pwa.page.getByTestId('dial-call')).toBeDisabled();
    // The greyed-out Call says why, to the eye and to a screen reader.
    await expect(pwa.page.getByTestId('dial-disabled-reason')).toHaveText(
      'Both lines are in use: end or transfer a call to make another.',
    );
    await expect(pwa.page.getByTestId('dial-call')).toHaveAccessibleDescription(/Both lines are in use/);
    await expect(panels.getByTestId('call-line')).toHaveText(['Line 1', 'Line 2']);
    await expect(first.getByTestId('call-state')).toHaveAttribute('data-tone', 'held');
    await expect(panels.nth(1).getByTestId('call-state')).toHaveAttribute('data-tone', 'live');
    await screenshot(pwa.page, testInfo, 'two-lines-held');

    // Swap: the held line comes back and the other goes on hold, then back again.
    await first.getByTestId('swap').click();
    await expect(first.getByTestId('call-state')).toHaveText('Connected');
    await expect(panels.nth(1).getByTestId('call-state')).toHaveText('On hold');
    await expect(first.getByTestId('swap')).toHaveCount(0);
    await panels.nth(1).getByTestId('swap').click();
    await expect(panels.nth(1).getByTestId('call-state')).toHaveText('Connected');
    await expect(first.getByTestId('call-state')).toHaveText('On hold');

    const second = panels.nth(1);
    await second.getByTestId('transfer-toggle').click();
    await expect(second.getByTestId('transfer-form')).toBeVisible();
    await expect(second.getByTestId('transfer-attended')).toContainText('9000');
    await screenshot(pwa.page, testInfo, 'two-lines-transfer');
    await second.getByTestId('transfer-attended').click();
    // The command goes out as a REFER with Replaces. Success ends both of our legs; a refusal keeps
    // both lines up and says why. (The demo peers, baresip 1.0, never send the final NOTIFY for a
    // REFER with Replaces, so here the app must report that instead of dropping the calls; a
    // transferee that does is calls-transfer.spec.ts's.)
    const refused = pwa.page.locator('sp-banner[banner-id="error"]');
    await expect(async () => {
      const isDone = (await panels.count()) === 0;
      const isReported = (await refused.count()) > 0 && ((await refused.textContent()) ?? '').includes('REFER');
      expect(isDone || isReported).toBe(true);
    }).toPass({ timeout: 15_000 });
    if ((await refused.count()) > 0) {
      await expect(panels).toHaveCount(2);
    }
  });

  test('blind transfer hands the call to another number and ends our leg', async ({ context }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    await pwa.dial('9000');
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');

    await panel.getByTestId('transfer-toggle').click();
    await expect(panel.getByTestId('transfer-attended')).toHaveCount(0);
    await expect(panel.getByTestId('transfer-blind')).toBeDisabled();
    await panel.getByTestId('transfer-target').fill('9001');
    await panel.getByTestId('transfer-blind').click();
    await expect(panel).toHaveCount(0, { timeout: 15_000 });
    await expect(pwa.page.getByTestId('banner-error')).toHaveCount(0);
    // The outcome is told: a notice where the card was, and History says "Transferred to 9001".
    await expect(pwa.page.getByTestId('transfer-notice')).toHaveText('Call with 9000 transferred to 9001');
    await screenshot(pwa.page, testInfo, 'transfer-notice');
    await pwa.page.getByTestId('nav-history').click();
    const row = pwa.page.getByTestId('history-row').first();
    await expect(row.getByTestId('history-kind')).toHaveText('Transferred to 9001');
    await pwa.page.getByTestId('nav-phone').click();
    await expect(pwa.page.getByTestId('transfer-notice')).toHaveCount(0, { timeout: 10_000 });
  });
});
