/**
 * Issue 4 item 7, reconnect: the gateway's Kamailio is stopped and started again (it keeps
 * registrations in memory, so every one is lost) while the agent is idle and while the agent is in a
 * call with 9000. The PWA must recover its registration by itself — Kamailio's location table shows
 * its contact again, the UI says registered, WWE's GetIsEndpointActive is true again. Mid-call, media
 * keeps flowing through rtpengine (which keeps running) while the SIP WebSocket is down, and the
 * call is still usable afterwards: our BYE reaches 9000 through the new Kamailio.
 *
 * Uses the Kamailio fault fixture (kamailio-fault.ts), which keeps the new PID in the gateway's pids
 * file so the gateway's stop still ends it; the demo peers are re-registered after each test.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { BaresipControl } from '../../gateway/peers.ts';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { reregisterPeers, startKamailio, stopKamailio, type StoppedKamailio } from '../fixtures/kamailio-fault.ts';
import { rtpCounters, expectInboundRtpRising } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '1004';
const AOR = `${DN}@127.0.0.1`;

async function pwaContact(): Promise<string | undefined> {
  const entry = await lookupLocation(stack.gatewayRunDir, AOR).catch(() => undefined);
  return entry?.contacts[0]?.address;
}

/** A PWA paired with the companion and registered for DN by WWE's RegisterDn. */
async function registeredByWwe(context: BrowserContext): Promise<Pwa> {
  const pwa = await Pwa.open(context, stack);
  await pwa.saveCredential(DN, `pw${DN}`);
  await pwa.pairWithCompanion();
  expect(await registerDn(stack, DN)).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
  await pwa.expectRegistration('registered');
  await expect.poll(() => isEndpointActive(stack)).toBe(true);
  expect(await pwaContact()).toBeDefined();
  return pwa;
}

test.describe('Kamailio restarted', () => {
  let down: StoppedKamailio | undefined;
  test.afterEach(async () => {
    if (down !== undefined) {
      await startKamailio(stack, down);
      down = undefined;
    }
    await reregisterPeers(stack);
  });

  test('while idle: the PWA re-registers by itself and WWE sees the endpoint active again', async ({ context }) => {
    test.setTimeout(90_000);
    const pwa = await registeredByWwe(context);

    down = await stopKamailio(stack);
    await expect(pwa.page.getByTestId('status-registration')).not.toHaveAttribute('data-state', 'registered');
    await expect.poll(() => isEndpointActive(stack)).toBe(false);

    const stopped = down;
    down = undefined;
    await startKamailio(stack, stopped);
    // The new Kamailio knows nobody: the contact in its location table comes from the PWA's own
    // fresh REGISTER (transport reconnect + re-register, no action by the agent or by WWE).
    expect(await pwaContact()).toBeUndefined();
    await expect.poll(pwaContact, { timeout: 30_000 }).toBeDefined();
    await pwa.expectRegistration('registered');
    await expect.poll(() => isEndpointActive(stack)).toBe(true);
  });

  test('mid-call with 9000: media keeps flowing, the PWA re-registers, and our BYE still ends the call', async ({
    context,
  }) => {
    test.setTimeout(90_000);
    const pwa = await registeredByWwe(context);
    const tone = await BaresipControl.connect(stack.toneCtrlPort);
    try {
      const mark = tone.mark();
      await pwa.dial('9000');
      const panel = pwa.callPanel();
      await expect(panel).toHaveAttribute('data-state', 'active');
      await tone.waitForEvent('CALL_ESTABLISHED', mark);
      await expectInboundRtpRising(pwa.page);

      down = await stopKamailio(stack);
      // The SIP WebSocket is gone: the registration is lost…
      await expect(pwa.page.getByTestId('status-registration')).not.toHaveAttribute('data-state', 'registered');
      await expect.poll(() => isEndpointActive(stack)).toBe(false);
      // …but the call is not: it stays up in the UI and audio still flows through rtpengine.
      await expect(panel).toHaveAttribute('data-state', 'active');
      await expectInboundRtpRising(pwa.page);
      console.log(`while Kamailio is down: ${JSON.stringify(await rtpCounters(pwa.page))}`);

      const stopped = down;
      down = undefined;
      await startKamailio(stack, stopped);
      await expect.poll(pwaContact, { timeout: 30_000 }).toBeDefined();
      await pwa.expectRegistration('registered');
      await expect.poll(() => isEndpointActive(stack)).toBe(true);

      // The call survived the restart: still active, still with audio, and 9000 never saw a BYE.
      await expect(panel).toHaveAttribute('data-state', 'active');
      await expectInboundRtpRising(pwa.page);
      expect(tone.events.slice(mark).map((e) => e.type)).not.toContain('CALL_CLOSED');

      // Hanging up sends our BYE over the new WebSocket, loose-routed by the new Kamailio to 9000.
      const byeMark = tone.mark();
      await panel.getByTestId('hangup').click();
      await expect(panel).toHaveCount(0);
      const closed = await tone.waitForEvent('CALL_CLOSED', byeMark);
      console.log(`9000 closed the call: ${closed.param ?? ''}`);
    } finally {
      tone.close();
    }
  });
});
