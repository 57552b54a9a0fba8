/**
 * The companion's security rules as an attacker's page meets them in Chromium (docs/architecture.md,
 * "Trust model"): an "evil" origin in no allowlist tries WWE's API with a simple POST and with a
 * preflighted fetch, tries the relay WebSocket (even holding the real pairing secret), and tries to
 * start or confirm a pairing. A registered PWA and a WWE session are live throughout; each attempt
 * must leave them exactly as they were. The agent's own pairing page holds no secret and refuses a
 * wrong code in plain words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type ConsoleMessage } from '@playwright/test';
import { PAIRING_FILE } from '../../companion/src/pairing.ts';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { EVIL_PAGE_PORT, startOriginServer, WWE_PAGE_PORT, type OriginServer } from '../fixtures/origin-server.ts';
import { COMPANION_DIR } from '../fixtures/paths.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { recordRelayCommands, type RelayCommandSeen } from '../fixtures/relay-frames.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { OriginPage, okBody } from '../fixtures/wwe-page.ts';

const stack = readStackInfo();
/** Registered by WWE; the attacker tries to switch the PWA to VICTIM_DN (whose password it holds). */
const DN = '1006';
const VICTIM_DN = '1007';

let wweServer: OriginServer;
let evilServer: OriginServer;
test.beforeAll(async () => {
  wweServer = await startOriginServer(WWE_PAGE_PORT, 'WWE');
  evilServer = await startOriginServer(EVIL_PAGE_PORT, 'Evil');
});
test.afterAll(async () => {
  await wweServer.close();
  await evilServer.close();
});

interface Scene {
  pwa: Pwa;
  wwe: OriginPage;
  evil: OriginPage;
  commands: RelayCommandSeen[];
}

/** A paired PWA holding passwords for both DNs, registered for DN by WWE from its page. */
async function registeredScene(context: BrowserContext): Promise<Scene> {
  const commands = await recordRelayCommands(context, stack.companionUrl);
  const pwa = await Pwa.open(context, stack);
  await pwa.saveCredential(DN, `pw${DN}`);
  await pwa.saveCredential(VICTIM_DN, `pw${VICTIM_DN}`);
  await pwa.pairWithCompanion();
  const wwe = await OriginPage.open(context, wweServer.origin, stack.companionUrl);
  expect(okBody(await wwe.post('/RegisterDn/', { addresses: [`127.0.0.1:${stack.sipPort}`], users: [DN] }))).toEqual({
    RegisterDnResult: true,
  });
  await pwa.expectRegistration('registered');
  await expect.poll(async () => okBody(await wwe.get('/GetDnSIP'))).toEqual({ get_DnSIPResult: DN });
  const evil = await OriginPage.open(context, evilServer.origin, stack.companionUrl);
  return { pwa, wwe, evil, commands };
}

/** Nothing changed: same DN registered, the PWA got no new command, the link is still up. */
async function expectUnchanged(scene: Scene, commandsBefore: number): Promise<void> {
  expect(okBody(await scene.wwe.get('/GetDnSIP'))).toEqual({ get_DnSIPResult: DN });
  expect(okBody(await scene.wwe.get('/GetIsEndpointActive'))).toEqual({ get_IsEndpointActiveResult: true });
  expect(scene.commands.slice(commandsBefore)).toEqual([]);
  await expect(scene.pwa.page.getByTestId('status-link')).toHaveAttribute('data-state', 'ready');
  expect(await lookupLocation(stack.gatewayRunDir, `${VICTIM_DN}@127.0.0.1`)).toBeUndefined();
}

const victimRegisterBody = (): string =>
  JSON.stringify({ addresses: [`127.0.0.1:${stack.sipPort}`], users: [VICTIM_DN] });

test.describe('an evil page in the agent’s browser', () => {
  test('a simple text/plain POST to RegisterDn/ is refused with 403 and changes nothing', async ({ context }) => {
    const scene = await registeredScene(context);
    expect(scene.commands.map((c) => c.name)).toContain('register');
    const before = scene.commands.length;

    const answer = scene.evil.page.waitForResponse((r) => r.url() === `${stack.companionUrl}/RegisterDn/`);
    // No preflight: the browser sends this one as it is; CORS only hides the (opaque) answer.
    expect(await scene.evil.simplePost('/RegisterDn/', victimRegisterBody())).toEqual({ sent: true });
    expect((await answer).status()).toBe(403);
    await expectUnchanged(scene, before);
  });

  test('a preflighted fetch fails in the browser (no Access-Control-Allow-Origin) and changes nothing', async ({
    context,
  }) => {
    const scene = await registeredScene(context);
    const before = scene.commands.length;
    const corsErrors: string[] = [];
    scene.evil.page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && m.text().includes('CORS')) {
        corsErrors.push(m.text());
      }
    });

    for (const reply of [
      await scene.evil.request({ method: 'POST', path: '/RegisterDn/', rawBody: victimRegisterBody() }),
      await scene.evil.get('/GetDnSIP'),
      await scene.evil.request({ method: 'GET', path: '/GetDnSIP', contentType: null }),
      await scene.evil.request({ method: 'GET', path: '/pair' }),
      await scene.evil.request({ method: 'POST', path: '/pair/requests', rawBody: '{}' }),
    ]) {
      expect(reply).toMatchObject({ kind: 'network-error', error: 'TypeError: Failed to fetch' });
    }
    expect(corsErrors.join('\n')).toContain("No 'Access-Control-Allow-Origin' header");
    await expectUnchanged(scene, before);
  });

  test('cannot open the relay WebSocket, not even with the real pairing secret', async ({ context }) => {
    const scene = await registeredScene(context);
    const before = scene.commands.length;
    const relayUrl = `wss://127.0.0.1:${stack.companionPort}/relay`;
    const secret = readFileSync(join(COMPANION_DIR, PAIRING_FILE), 'utf8').trim();

    expect(await scene.evil.openWebSocket(relayUrl, ['wgb-relay.2'])).toEqual({ opened: false, closeCode: 1006 });
    expect(await scene.evil.openWebSocket(relayUrl, ['wgb-relay.2', `pair.${secret}`])).toEqual({
      opened: false,
      closeCode: 1006,
    });
    await expectUnchanged(scene, before);
  });

  test('cannot start a pairing, nor open a confirmation page that pairs it', async ({ context }) => {
    const scene = await registeredScene(context);
    const before = scene.commands.length;
    const { evil } = scene;

    // A simple POST (no preflight) reaches the companion and is refused: the Origin is not the PWA's.
    const answer = evil.page.waitForResponse((r) => r.url() === `${stack.companionUrl}/pair/requests`);
    expect(await evil.simplePost('/pair/requests', '{}')).toEqual({ sent: true });
    expect((await answer).status()).toBe(403);

    // A confirmation page for a request that does not exist pairs nothing.
    const popupPromise = evil.page.waitForEvent('popup');
    await evil.page.evaluate(({ url }) => window.open(url, '_blank'), {
      url: `${stack.companionUrl}/pair?request=made-up-request-id`,
    });
    const refused = await popupPromise;
    await expect(refused.getByRole('heading', { name: 'Pairing refused' })).toBeVisible();
    await expect(refused.getByRole('button', { name: 'Pair this softphone' })).toHaveCount(0);
    await refused.close();
    await expectUnchanged(scene, before);
  });
});

test.describe('the agent pairs the softphone', () => {
  test('the companion’s page shows the softphone’s origin, never the secret, and refuses a wrong code', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    const secret = readFileSync(join(COMPANION_DIR, PAIRING_FILE), 'utf8').trim();
    const popup = await pwa.startPairing();
    const code = await pwa.pairingCode();
    await expect(popup.getByText(stack.pwaOrigin)).toBeVisible();
    const html = await popup.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(code);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await popup.getByLabel('Code shown in the softphone').fill(wrong);
    await popup.getByRole('button', { name: 'Pair this softphone' }).click();
    await expect(popup.getByRole('status')).toHaveText('This is not the code the softphone shows; check it.');
    await expect(pwa.page.getByTestId('pairing-section')).toHaveAttribute('data-state', 'unpaired');

    await popup.getByLabel('Code shown in the softphone').fill(code);
    await popup.getByRole('button', { name: 'Pair this softphone' }).click();
    await expect(pwa.page.getByTestId('status-link')).toHaveAttribute('data-state', 'ready');
    await expect(pwa.page.getByTestId('pair-state')).toHaveText('Paired with the companion.');
  });
});
