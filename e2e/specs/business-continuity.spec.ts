/**
 * Business Continuity (Genesys SIP Server as a two-site pair) through the real gateway: WWE's
 * RegisterDn names both sites, the PWA registers one slot at each — the gateway forwards each
 * REGISTER to its site with a Path — and a call from site B (sipp playing SIP Server B, echoing the
 * audio) rings and connects with audio both ways. Site A's registrar is then stopped: WWE keeps hearing "active",
 * site B's calls still connect, and when site A is back, slot 0 registers again by itself.
 */
import { expect, test } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { startKamailio, stopKamailio } from '../fixtures/kamailio-fault.ts';
import { dominantRemoteFrequency, expectInboundRtpRising } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { companionCall, isEndpointActive } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '1006';
const siteA = `127.0.0.1:${stack.sitePorts['site-a']}`;
const siteB = `127.0.0.1:${stack.sitePorts['site-b']}`;

/**
 * Site B calls the DN asking for auto-answer and echoes every RTP packet back (sipp -rtp_echo): the
 * browser hearing its own microphone's 1 kHz tone proves audio went both ways through site B's leg.
 */
async function callFromSiteB(pwa: Pwa, uuid: string): Promise<void> {
  const sipp = runSipServer(stack, {
    scenario: 'genesys-auto-answer-echo.xml',
    dn: DN,
    vars: { uuid },
    site: 'site-b',
    args: ['-rtp_echo'],
  });
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  await expectInboundRtpRising(pwa.page);
  await expect.poll(async () => Math.abs((await dominantRemoteFrequency(pwa.page)) - 1000)).toBeLessThan(30);
  assertSippPassed(await sipp, ['auto-answered: 200 OK with SDP', 'BYE answered']);
  await expect(pwa.callPanel()).toHaveCount(0);
}

test('two SIP Server sites: both hold the binding, site B keeps calls coming while site A is down, A re-registers by itself', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const pwa = await Pwa.openPaired(context, stack, DN);
  const reply = await companionCall(stack, 'POST', '/RegisterDn/', {
    body: { addresses: [siteA, siteB], users: [DN] },
  });
  expect(reply).toMatchObject({ status: 200, body: { RegisterDnResult: true } });

  await pwa.expectRegistration('registered');
  await expect(pwa.page.getByTestId('status-registration-peer')).toHaveAttribute('data-state', 'registered');
  await expect.poll(() => isEndpointActive(stack)).toBe(true);
  const runDir = stack.gatewayRunDir;
  expect((await lookupLocation(runDir, DN, 'site-a'))?.contacts[0]?.path).toMatch(/received=/);
  expect((await lookupLocation(runDir, DN, 'site-b'))?.contacts[0]?.path).toMatch(/received=/);
  expect(await lookupLocation(runDir, `${DN}@127.0.0.1`), 'the gateway holds no binding of its own').toBeUndefined();
  const session = await companionCall(stack, 'GET', '/session');
  expect((session.body as { connectivities: unknown }).connectivities).toEqual({
    protocol: 'wss',
    connections: [
      { server: siteA, user: DN, state: 'REGISTERED' },
      { server: siteB, user: DN, state: 'REGISTERED' },
    ],
  });

  await callFromSiteB(pwa, `WGB-BC-1-${Date.now()}`);

  // Site A goes down. The slot notices at its next REGISTER (a refresh, or recovery after a network
  // change — triggered here with the browser's online event): it fails and retries with backoff.
  const stopped = await stopKamailio(stack, 'site-a');
  let restarted = false;
  try {
    const polls: boolean[] = [];
    const sampling = (async () => {
      while (!restarted) {
        polls.push(await isEndpointActive(stack));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    await pwa.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(pwa.page.getByTestId('status-registration')).toHaveAttribute('data-state', /failed|registering/, {
      timeout: 15_000,
    });
    await expect(pwa.page.getByTestId('status-registration')).toHaveAttribute('data-state', 'failed', {
      timeout: 15_000,
    });
    await expect(pwa.page.getByTestId('status-registration-peer')).toHaveAttribute('data-state', 'registered');
    await callFromSiteB(pwa, `WGB-BC-2-${Date.now()}`);

    const startedAt = await startKamailio(stack, stopped);
    restarted = true;
    await sampling;
    expect(polls.length).toBeGreaterThan(5);
    expect(
      polls.filter((active) => !active),
      'WWE heard "not active" while site B served',
    ).toEqual([]);

    await expect(pwa.page.getByTestId('status-registration')).toHaveAttribute('data-state', 'registered', {
      timeout: 70_000,
    });
    const reregisteredMs = Date.now() - startedAt;
    test.info().annotations.push({ type: 'site A back → slot 0 registered (ms)', description: String(reregisteredMs) });
    console.log(`site A back → slot 0 registered again in ${reregisteredMs} ms`);
    expect(await lookupLocation(runDir, DN, 'site-a')).toBeDefined();
  } finally {
    if (!restarted) {
      restarted = true;
      await startKamailio(stack, stopped);
    }
  }
  expect(await isEndpointActive(stack)).toBe(true);
  await companionCall(stack, 'DELETE', '/session');
  await expect.poll(async () => lookupLocation(runDir, DN, 'site-b')).toBeUndefined();
});
