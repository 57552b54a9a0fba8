/**
 * The companion's security rules as an attacker's page meets them in Chromium (platform-notes §13,
 * wwe-protocol §7): an "evil" origin in no allowlist tries WWE's API with a simple POST and with a
 * preflighted fetch, tries the relay WebSocket (even holding the real pairing secret), and tries to
 * obtain the pairing secret through /pair. A registered PWA and a WWE session are live throughout;
 * each attempt must leave them exactly as they were.
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
      await scene.evil.request({ method: 'GET', path: `/pair?origin=${encodeURIComponent(stack.pwaOrigin)}` }),
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

  test('cannot obtain the pairing secret through /pair', async ({ context }) => {
    const scene = await registeredScene(context);
    const before = scene.commands.length;
    const { evil } = scene;
    await evil.page.evaluate(() => {
      const got: unknown[] = [];
      (window as unknown as { __got: unknown[] }).__got = got;
      window.addEventListener('message', (event) => got.push({ origin: event.origin, data: event.data as unknown }));
    });

    // Asking for itself: the companion refuses to serve the page.
    const refusedPopup = evil.page.waitForEvent('popup');
    await evil.page.evaluate(({ url }) => window.open(url, '_blank'), {
      url: `${stack.companionUrl}/pair?origin=${encodeURIComponent(evil.origin)}`,
    });
    const refused = await refusedPopup;
    await expect(refused.getByRole('heading', { name: 'Pairing refused' })).toBeVisible();
    await expect(refused.getByRole('button', { name: 'Pair this softphone' })).toHaveCount(0);
    await refused.close();

    // Claiming to be the PWA: the page is served (the origin parameter is the caller's word), but the
    // secret is posted with targetOrigin = the PWA origin, so the browser drops it for this opener.
    const popupPromise = evil.page.waitForEvent('popup');
    await evil.page.evaluate(({ url }) => window.open(url, '_blank'), {
      url: `${stack.companionUrl}/pair?origin=${encodeURIComponent(stack.pwaOrigin)}`,
    });
    const popup = await popupPromise;
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Pair this softphone' }).click();
    // The click handler ran: it posted the secret (to the PWA origin only) and closes the page.
    await expect(popup.getByRole('status')).toHaveText('Paired. You can close this window.');
    await closed;
    // Let any message that did get through be dispatched, then look.
    await evil.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await evil.page.evaluate(() => (window as unknown as { __got: unknown[] }).__got)).toEqual([]);
    await expectUnchanged(scene, before);
  });
});
