/**
 * Shared hosts (Remote Desktop, Citrix): one companion per user, each on its own port, named in that
 * agent's WWE `sipendpoint.uri` and in the PWA's companion URL. Here a second user's companion runs
 * on a port other than 8000 with its own data folder; the PWA is pointed at it, pairs with it, and
 * WWE's RegisterDn on that port registers the DN, while the machine's other companion (8000) never
 * sees the PWA.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompanionProcess } from '../fixtures/companion-process.ts';
import { CERTS_DIR, E2E_RUN_DIR } from '../fixtures/paths.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const USER_PORT = 8123;
const DN = '1007';

test('a per-user companion on its own port: the PWA configured with it pairs, and RegisterDn there registers', async ({
  context,
}) => {
  const dataDir = join(E2E_RUN_DIR, 'companion-user2');
  mkdirSync(dataDir, { recursive: true });
  const userCompanion = new CompanionProcess(
    {
      port: USER_PORT,
      dataDir,
      certsDir: CERTS_DIR,
      pwaOrigin: stack.pwaOrigin,
      wweOrigins: [stack.wweOrigin],
      extensionOrigins: [stack.wweOrigin],
      extensionToken: stack.extensionToken,
      logFile: join(E2E_RUN_DIR, 'companion-user2.log'),
    },
    'extra',
  );
  await userCompanion.start();
  try {
    const userStack = { ...stack, companionUrl: `https://127.0.0.1:${USER_PORT}`, companionPort: USER_PORT };
    const pwa = await Pwa.open(context, stack);
    await pwa.openConnectionSettings();
    await pwa.page.getByTestId('settings-companion-url').fill(userStack.companionUrl);
    await pwa.page.getByTestId('settings-save').click();
    await pwa.page.getByTestId('nav-phone').click();
    await pwa.saveCredential(DN, `pw${DN}`);
    await pwa.pairWithCompanion();

    expect(await registerDn(userStack, DN)).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
    await pwa.expectRegistration('registered');
    await expect.poll(() => isEndpointActive(userStack)).toBe(true);
    expect(await isEndpointActive(stack), 'the machine’s other companion has no PWA').toBe(false);
  } finally {
    await userCompanion.stop();
  }
});
