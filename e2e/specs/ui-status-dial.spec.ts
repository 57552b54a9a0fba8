/**
 * Issue 5, status bar and dial pad, against the real gateway: the companion link waits for the
 * pairing click (Local Network Access, app/link-policy.ts) and then connects — until then a banner
 * says so, and its button lands on Settings' pairing section, the first one, its button focused; the
 * SIP line shows the DN or the reason it failed; the dial pad takes mouse, keyboard digits and pasted
 * numbers (with formatting stripped) and redials, with real calls to the tone extension 9000.
 */
import { expect, test } from '@playwright/test';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { banner, pressShortcut, registerAs, screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1004';

test.describe('status bar', () => {
  test('shows the companion link, the registration with its DN, and why registration failed', async ({
    context,
  }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    const link = pwa.page.getByTestId('status-link');
    const sip = pwa.page.getByTestId('status-registration');

    // Not paired yet: the PWA does not open the companion link by itself; it waits for the click.
    await expect(link).toHaveAttribute('data-state', 'unpaired');
    await expect(link).toContainText('not paired');
    await expect(sip).toHaveAttribute('data-state', 'unregistered');
    // Nothing tried yet and the gateway answered at start: not registered, not "gateway unreachable".
    await expect(sip).toHaveText('not registered');
    await screenshot(pwa.page, testInfo, 'idle');

    // The banner sends the agent to pairing: Settings opens on it, first on the page, button focused.
    const unpaired = banner(pwa.page, 'unpaired');
    await expect(unpaired).toContainText('not paired with the companion');
    await pwa.page.getByTestId('banner-unpaired-action').click();
    await expect(pwa.page.getByTestId('nav-settings')).toHaveAttribute('aria-current', 'page');
    const pairing = pwa.page.getByTestId('pairing-section');
    await expect(pairing).toHaveAttribute('data-state', 'unpaired');
    await expect(pairing).toContainText('WWE cannot use it');
    await expect(pwa.page.getByTestId('pair-companion')).toBeFocused();
    await expect(pairing).toBeInViewport();
    const top = async (testId: string): Promise<number> =>
      (await pwa.page.getByTestId(testId).first().boundingBox())?.y ?? Number.NaN;
    const others = await Promise.all(['device-input', 'notifications-state', 'settings-form', 'cred-dn'].map(top));
    expect(Math.min(...others), 'the pairing section comes before every other section').toBeGreaterThan(
      await top('pairing-section'),
    );

    await pwa.pairWithCompanion();
    await expect(link).toHaveAttribute('data-state', 'ready');
    await expect(link).toHaveText('connected');
    await expect(unpaired).toHaveCount(0);
    // Paired: one quiet line, with the button to pair again.
    await pwa.page.getByTestId('nav-settings').click();
    await expect(pairing).toHaveAttribute('data-state', 'paired');
    await expect(pwa.page.getByTestId('pair-state')).toHaveText('Paired with the companion.');
    await expect(pwa.page.getByTestId('pair-companion')).toHaveText('Pair again');
    await pwa.page.getByTestId('nav-phone').click();

    await pwa.registerManually(DN, 'wrong-password');
    await expect(sip).toHaveAttribute('data-state', 'failed');
    await expect(sip).toContainText(`check the password for DN ${DN}`);
    await screenshot(pwa.page, testInfo, 'registration-failed');

    await registerAs(pwa, DN);
    await expect(sip).toContainText(`registered as DN ${DN}`);
    await expect(pwa.page.getByTestId('status-dn')).toHaveText(DN);
    await screenshot(pwa.page, testInfo, 'registered');
  });

  test('after a reload a paired PWA connects to the companion at once', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.pairWithCompanion();
    await pwa.page.reload();
    await expect(pwa.page.getByTestId('status-link')).toHaveAttribute('data-state', 'ready');
  });
});

test.describe('dial pad', () => {
  test('keys, keyboard digits, paste with formatting stripped, then a real call to 9000 and redial', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    const input = pwa.page.getByTestId('dial-input');

    for (const key of ['9', '0', '0', '1']) {
      await pwa.page.getByTestId(`dial-key-${key}`).click();
    }
    await expect(input).toHaveValue('9001');
    await pwa.page.getByTestId('dial-backspace').click();
    await expect(input).toHaveValue('900');
    await pressShortcut(pwa.page, '0');
    await expect(input).toHaveValue('9000');

    // Paste replaces the selection; spaces, dashes and the tel: prefix go.
    await input.fill('');
    await input.evaluate((element) => {
      const data = new DataTransfer();
      data.setData('text', 'tel: 9-000');
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(input).toHaveValue('9000');
    await input.press('Enter');
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
    await expect(pwa.page.getByTestId('call-remote')).toContainText('9000');
    await pwa.page.getByTestId('hangup').click();
    await expect(pwa.callPanel()).toHaveCount(0);

    const redial = pwa.page.getByTestId('dial-redial');
    await expect(redial).toHaveAccessibleName('Redial 9000');
    await redial.click();
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
    await pwa.page.getByTestId('hangup').click();
    await expect(pwa.callPanel()).toHaveCount(0);
  });
});
