/**
 * Settings split in two against the real stack: the agent's own preferences come first and the
 * connection settings are folded under "Connection" (the gateway's /config.json already names the
 * gateway). When the admin enforces fields in /config.json (`enforce`), they show the admin's value
 * read-only, marked as set by the administrator, and that value is the one the phone uses: a wrong
 * gateway URL the agent stored earlier no longer matters, registration works. The gateway's real
 * /config.json is then served with `enforce` added; the service worker is kept out so the page
 * fetches it.
 */
import { expect, test } from '@playwright/test';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { expectAccessible, screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1009';

test.use({ serviceWorkers: 'block' });

test('connection settings are folded away, and read-only where the admin enforces them', async ({
  context,
}, testInfo) => {
  const pwa = await Pwa.open(context, stack);
  const page = pwa.page;
  const gatewayConfig = await page.evaluate(
    async () => (await (await fetch('config.json')).json()) as Record<string, unknown>,
  );
  await page.getByTestId('nav-settings').click();
  const connection = page.getByTestId('settings-connection');
  await expect(connection).not.toHaveAttribute('open');
  await expect(page.getByTestId('settings-dtmf')).toBeVisible();
  await expect(page.getByTestId('settings-sip-ws-url')).toBeHidden();
  const agentFirst = await page
    .getByTestId('settings-form')
    .evaluate((form) => form.querySelector('fieldset')?.contains(form.querySelector('[name=dtmfMode]')));
  expect(agentFirst).toBe(true);

  // The agent stores a wrong gateway URL; then the admin enforces the gateway's own.
  await pwa.openConnectionSettings();
  await expect(page.getByTestId('set-by-admin')).toHaveCount(0);
  await page.getByTestId('settings-sip-ws-url').fill('wss://127.0.0.1:9/ws');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-status')).toHaveText('Settings saved');
  await context.route('**/config.json', (route) =>
    route.fulfill({ json: { ...gatewayConfig, enforce: ['sipWebSocketUrl', 'companionUrl'] } }),
  );
  await page.reload();
  await pwa.openConnectionSettings();
  await expect(connection.locator('summary')).toContainText('Managed by your administrator');
  const wss = page.getByTestId('settings-sip-ws-url');
  await expect(wss).toHaveAttribute('readonly', '');
  await expect(wss).toHaveValue(`wss://${new URL(stack.pwaOrigin).host}/ws`);
  await expect(page.getByTestId('settings-companion-url')).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('set-by-admin')).toHaveCount(2);
  await expect(page.getByTestId('settings-turn-url')).not.toHaveAttribute('readonly');
  await expectAccessible(page, 'settings with enforced connection fields');
  await screenshot(page, testInfo, 'settings-connection-enforced');

  // Saving keeps the agent's other choices and never the enforced fields; the admin's URL applies.
  await page.getByTestId('settings-dtmf').selectOption('info');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-status')).toHaveText('Settings saved');
  await page.getByTestId('nav-phone').click();
  await pwa.registerManually(DN, `pw${DN}`);
  await pwa.expectRegistration('registered');
});
