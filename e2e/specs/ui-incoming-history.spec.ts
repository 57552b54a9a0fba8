/**
 * Issue 5, incoming calls and the call history, against the real gateway: the tone peer (9000)
 * calls the agent's DN; Answer connects, Decline rejects; every real call lands in the history,
 * which searches, filters missed calls and redials.
 */
import { expect, test, type Locator } from '@playwright/test';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { registerAs, ringFromTone, screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1006';

/** The CSS properties the running animations in and under `element` (pseudo-elements too) change. */
function animatedProperties(element: Locator): Promise<string[]> {
  return element.evaluate((el) => {
    const timing = new Set(['offset', 'computedOffset', 'easing', 'composite']);
    const properties = el
      .getAnimations({ subtree: true })
      .flatMap((animation) => (animation.effect as KeyframeEffect).getKeyframes())
      .flatMap((keyframe) => Object.keys(keyframe).filter((key) => !timing.has(key)));
    return [...new Set(properties)].sort();
  });
}

test.describe('incoming call', () => {
  test('Answer connects the caller; Decline rejects the next call; both appear in the history', async ({
    context,
  }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);

    const tone = await ringFromTone(stack, DN);
    try {
      const incoming = pwa.page.getByTestId('incoming-call');
      await expect(incoming).toBeVisible();
      await expect(incoming).toHaveAttribute('role', 'alertdialog');
      await expect(pwa.page.getByTestId('incoming-caller')).toContainText('9000');
      await expect(pwa.page.getByTestId('answer')).toBeFocused();
      // The ring pulses on the compositor: an animated box-shadow repainted the page on the main thread
      // every frame while the call rang (121 paints a second) — the thread that has to answer it.
      expect(await animatedProperties(incoming)).toEqual(['opacity']);
      await screenshot(pwa.page, testInfo, 'incoming-call');

      let mark = tone.mark();
      await pwa.page.getByTestId('answer').click();
      await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
      await expect(incoming).toHaveCount(0);
      await tone.waitForEvent('CALL_ESTABLISHED', mark);
      await pwa.page.getByTestId('hangup').click();
      await expect(pwa.callPanel()).toHaveCount(0);

      mark = tone.mark();
      await tone.dial(`sip:${DN}@127.0.0.1`);
      await expect(incoming).toBeVisible();
      await pwa.page.getByTestId('decline').click();
      await expect(incoming).toHaveCount(0);
      await tone.waitForEvent('CALL_CLOSED', mark);
      await expect(pwa.callPanel()).toHaveCount(0);
    } finally {
      tone.close();
    }

    // History: the answered call and the declined (missed) one, newest first.
    await pwa.page.getByTestId('nav-history').click();
    const rows = pwa.page.getByTestId('history-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute('data-missed', 'true');
    await expect(rows.nth(1)).toHaveAttribute('data-missed', 'false');
  });
});

test.describe('call history', () => {
  test('rows after real calls, search, missed filter and redial', async ({ context }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    for (const target of ['9000', '9001']) {
      await pwa.dial(target);
      await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
      await pwa.page.getByTestId('hangup').click();
      await expect(pwa.callPanel()).toHaveCount(0);
    }
    // A missed call: the caller gives up before the agent answers.
    const tone = await ringFromTone(stack, DN);
    try {
      await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
      await tone.hangup();
      await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);
    } finally {
      tone.close();
    }

    await pwa.page.getByTestId('nav-history').click();
    const rows = pwa.page.getByTestId('history-row');
    await expect(rows).toHaveCount(3);
    await screenshot(pwa.page, testInfo, 'history');

    await pwa.page.getByTestId('history-search').fill('9001');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('9001');
    await pwa.page.getByTestId('history-search').fill('nobody');
    await expect(rows).toHaveCount(0);
    await expect(pwa.page.getByTestId('history-empty')).toHaveText('No calls match');
    await pwa.page.getByTestId('history-search').fill('');

    await pwa.page.getByTestId('history-missed').check();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-missed', 'true');
    await expect(rows.first()).toContainText('9000');
    await pwa.page.getByTestId('history-missed').uncheck();
    await expect(rows).toHaveCount(3);

    // Redial from the 9001 row: the app returns to the phone screen with the call up.
    await rows.filter({ hasText: '9001' }).getByTestId('history-redial').click();
    await expect(pwa.page.getByTestId('nav-phone')).toHaveAttribute('aria-current', 'page');
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
    await expect(pwa.page.getByTestId('call-remote')).toContainText('9001');
    await pwa.page.getByTestId('hangup').click();
    await expect(pwa.callPanel()).toHaveCount(0);
  });
});
