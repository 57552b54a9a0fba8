/**
 * Fault tests (issue 3 item 6): WWE keeps polling through every fault, and GetIsEndpointActive /
 * GetDnSIP must tell the truth throughout — the PWA closed, reloaded, the companion restarted, and
 * Kamailio restarted. Each test starts from a PWA registered for DN by WWE's RegisterDn.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { startRecordedCompanion, stopRunningCompanion } from '../fixtures/companion-process.ts';
import { reregisterPeers, startKamailio, stopKamailio } from '../fixtures/kamailio-fault.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { recordRelayCommands, type RelayCommandSeen } from '../fixtures/relay-frames.ts';
import { gateRegister200, type Register200Gate } from '../fixtures/sip-frames.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { banner } from '../fixtures/ui.ts';
import { companionCall, isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '1005';

async function dnSip(): Promise<string> {
  const reply = await companionCall(stack, 'GET', '/GetDnSIP');
  expect(reply.status).toBe(200);
  return (reply.body as { get_DnSIPResult: string }).get_DnSIPResult;
}

interface Scene {
  pwa: Pwa;
  commands: RelayCommandSeen[];
  register200: Register200Gate;
}

async function registeredScene(context: BrowserContext): Promise<Scene> {
  const commands = await recordRelayCommands(context, stack.companionUrl);
  const register200 = await gateRegister200(context, stack.pwaOrigin, { hold: false });
  const pwa = await Pwa.openPaired(context, stack, DN);
  expect(await registerDn(stack, DN)).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
  await pwa.expectRegistration('registered');
  await expect.poll(() => isEndpointActive(stack)).toBe(true);
  expect(await dnSip()).toBe(DN);
  return { pwa, commands, register200 };
}

/** Polls WWE's GetIsEndpointActive every 50 ms until stopped; every answer with its time. */
function sampleEndpoint(): { samples: { at: number; active: boolean }[]; stop: () => Promise<void> } {
  const samples: { at: number; active: boolean }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const active = await isEndpointActive(stack).catch(() => null);
      if (active !== null) {
        samples.push({ at: Date.now(), active });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

test.describe('WWE’s view through faults', () => {
  test('PWA closed: GetIsEndpointActive turns false at once and GetDnSIP is empty', async ({ context }) => {
    const { pwa } = await registeredScene(context);
    const closedAt = Date.now();
    await pwa.page.close();
    await expect.poll(() => isEndpointActive(stack), { intervals: [20], timeout: 2_000 }).toBe(false);
    console.log(`PWA closed → GetIsEndpointActive false after ${Date.now() - closedAt} ms`);
    expect(await dnSip()).toBe('');
  });

  test('PWA frozen (page alive, event loop stuck): false within 3 s, true again within 2 s of the thaw', async ({
    context,
  }) => {
    const { pwa } = await registeredScene(context);
    // The page stays alive while its JavaScript cannot run: the debugger holds the event loop, the
    // browser's network stack still keeps the WebSocket open. (Page.setWebLifecycleState 'frozen'
    // did not stop a visible page's timers or socket messages in this Chromium.)
    const cdp = await context.newCDPSession(pwa.page);
    await cdp.send('Debugger.enable');
    const sampler = sampleEndpoint();
    try {
      await expect.poll(() => sampler.samples.length).toBeGreaterThan(0);
      const frozenAt = Date.now();
      await cdp.send('Debugger.pause');
      await expect.poll(() => sampler.samples.at(-1)?.active, { intervals: [20], timeout: 3_000 }).toBe(false);
      const falseAt = sampler.samples.find((s) => s.at > frozenAt && !s.active)?.at ?? Number.NaN;
      console.log(`PWA frozen → GetIsEndpointActive false after ${falseAt - frozenAt} ms`);
      // Stay frozen for a few of WWE's polls: never true while the page cannot act.
      await expect.poll(() => sampler.samples.filter((s) => s.at > falseAt).length).toBeGreaterThan(5);

      const thawedAt = Date.now();
      await cdp.send('Debugger.resume');
      await expect.poll(() => sampler.samples.at(-1)?.active, { intervals: [20], timeout: 2_000 }).toBe(true);
      const trueAt = sampler.samples.find((s) => s.at > thawedAt && s.active)?.at ?? Number.NaN;
      console.log(`PWA thawed → GetIsEndpointActive true after ${trueAt - thawedAt} ms`);
      await sampler.stop();
      expect(sampler.samples.filter((s) => s.at > falseAt && s.at < thawedAt && s.active)).toEqual([]);
      expect(await dnSip()).toBe(DN);
    } finally {
      await sampler.stop();
      await cdp.send('Debugger.resume').catch(() => undefined);
    }
  });

  test('PWA reloaded: it relinks, the companion re-sends the desired DN, and the endpoint is active again', async ({
    context,
  }) => {
    const { pwa, commands } = await registeredScene(context);
    const before = commands.length;
    await pwa.page.reload();
    await expect(pwa.page.getByTestId('status-link')).toHaveAttribute('data-state', 'ready');
    await pwa.expectRegistration('registered');
    await expect.poll(() => isEndpointActive(stack)).toBe(true);
    expect(await dnSip()).toBe(DN);
    // The new window got the registration from the companion, not from WWE (no RegisterDn since).
    expect(commands.slice(before).map((c) => c.name)).toContain('register');
    expect(commands.slice(before).find((c) => c.name === 'register')?.params).toMatchObject({ dn: DN });
  });

  test('companion restarted: the PWA relinks by itself and the endpoint is active without a new RegisterDn', async ({
    context,
  }) => {
    const { pwa, commands } = await registeredScene(context);
    const link = pwa.page.getByTestId('status-link');

    await stopRunningCompanion();
    await expect(link).not.toHaveAttribute('data-state', 'ready');
    // The agent is told plainly that the companion is not running and what to do, not a close code.
    const down = banner(pwa.page, 'companion-down');
    await expect(down).toContainText('The companion on this PC is not running');
    await expect(down).toContainText('Start "WebRTC Gateway Bridge" from the Windows Start menu');
    await expect(link).toHaveText('not running on this PC');
    const before = commands.length;
    await startRecordedCompanion();
    const listeningAt = Date.now();
    // Speed is measured in bench/; here only that it happens, within a generous bound.
    await expect.poll(() => link.getAttribute('data-state'), { intervals: [25], timeout: 10_000 }).toBe('ready');
    console.log(`companion restarted → PWA link ready ${Date.now() - listeningAt} ms after it listened`);
    await expect(down).toBeHidden();

    // WWE is still polling; the new companion knows nothing of RegisterDn, yet the PWA's first
    // snapshot tells the truth: the DN is still registered.
    await expect.poll(() => isEndpointActive(stack), { timeout: 5_000 }).toBe(true);
    expect(await dnSip()).toBe(DN);
    expect(commands.slice(before).map((c) => c.name)).not.toContain('register');
    await pwa.expectRegistration('registered');

    // WWE only pings now. The new companion adopted the DN the PWA reported, so when the PWA is
    // reloaded later it is told to register it again instead of silently dropping it.
    const beforeReload = commands.length;
    await pwa.page.reload();
    await pwa.expectRegistration('registered');
    await expect.poll(() => isEndpointActive(stack)).toBe(true);
    expect(commands.slice(beforeReload).find((c) => c.name === 'register')?.params).toMatchObject({ dn: DN });

    // WWE repeating RegisterDn changes nothing for a registered DN.
    expect(await registerDn(stack, DN)).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
    expect(await isEndpointActive(stack)).toBe(true);
  });

  test('Kamailio restarted: false while the registration is lost, true again after the PWA re-registers', async ({
    context,
  }) => {
    test.setTimeout(90_000);
    const { pwa, register200 } = await registeredScene(context);
    const sampler = sampleEndpoint();
    let down: Awaited<ReturnType<typeof stopKamailio>> | undefined;
    try {
      await expect.poll(() => sampler.samples.length).toBeGreaterThan(0);
      const stopped = await stopKamailio(stack);
      down = stopped;
      // The PWA's SIP socket (through nginx) dies with Kamailio: the endpoint stops being active.
      // (A false sample from before the stop does not count: wait for one taken after it.)
      const firstFalseAfterStop = () => sampler.samples.find((s) => s.at > stopped.stoppedAt && !s.active)?.at;
      await expect.poll(firstFalseAfterStop, { timeout: 5_000 }).toBeDefined();
      const falseAt = firstFalseAfterStop() ?? Number.NaN;
      console.log(`Kamailio stopped → GetIsEndpointActive false after ${falseAt - stopped.stoppedAt} ms`);
      await expect(pwa.page.getByTestId('status-registration')).not.toHaveAttribute('data-state', 'registered');
      // Stay down for a few of WWE's polls.
      await expect.poll(() => sampler.samples.filter((s) => s.at > falseAt).length).toBeGreaterThan(5);
      expect(await lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`).catch(() => undefined)).toBeUndefined();

      const okBefore = register200.arrivedAt.length;
      const startedAt = await startKamailio(stack, stopped);
      down = undefined;
      // JsSIP recovers the transport and re-registers by itself.
      await expect.poll(() => sampler.samples.at(-1)?.active, { timeout: 30_000 }).toBe(true);
      const trueAgainAt = sampler.samples.find((s) => s.at > startedAt && s.active)?.at ?? Number.NaN;
      console.log(`Kamailio back → GetIsEndpointActive true ${trueAgainAt - startedAt} ms after it was ready`);
      const reRegisteredAt = register200.arrivedAt.slice(okBefore);
      expect(reRegisteredAt.length, 'a new REGISTER got 200 after the restart').toBeGreaterThan(0);
      expect(await lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`)).toBeDefined();
      expect(await dnSip()).toBe(DN);

      await sampler.stop();
      // The truth throughout: from shortly after the stop until the new REGISTER's 200, never true.
      const firstOk = Math.min(...reRegisteredAt);
      const lying = sampler.samples.filter((s) => s.at > falseAt && s.at < firstOk && s.active);
      expect(lying).toEqual([]);
    } finally {
      await sampler.stop();
      if (down !== undefined) {
        await startKamailio(stack, down);
      }
      await reregisterPeers(stack);
    }
  });
});
