/**
 * A network blip the browser never hears of (Wi-Fi congestion or a roaming hand-over: packets dropped,
 * no interface down, no `offline`), against the real stack. While the agent's packets to the gateway
 * are dropped, the PWA writes into its socket (the keepalive OPTIONS the app sends on `online`), so
 * that socket sits in TCP's retransmission backoff: on its own it would come back seconds after the
 * network — the next retransmission, or the keepalive's 10 s timeout and JsSIP's 1–10 s recovery.
 * Proven: once the network is back, the PWA replaces the stuck socket because a fresh probe socket
 * opened (its own log says so), and REGISTERs on a new WebSocket (Kamailio's location shows the new
 * connection) — the soak (`npm run soak`, network-drop) measures how soon.
 * Mid-call the PWA may have nothing to send while the gateway's own messages (a NOTIFY, a BYE) sit in
 * backoff on the gateway's side: its keepalive beats every 2 s during a call, so the drop is noticed
 * while it lasts and the socket is replaced just the same (seen failing with the 25 s idle period), and the
 * call keeps its audio both ways (RTP at the browser and at 9000).
 * Needs iptables (root in the suite's own network namespace, as `npm test` runs).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from '../fixtures/peer-test.ts';
import { iptables } from '../../bench/figures/loss.ts';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { peerAudio } from '../fixtures/call-evidence.ts';
import { expectInboundRtpRising } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '1008';
const AOR = `${DN}@127.0.0.1`;
const CHAIN = 'WGB_E2E_BLIP';
/** Long enough that the OPTIONS' retransmissions have backed off past a second (0.2, 0.6, 1.4, 3, 6.2 s). */
const BLIP_MS = 7_000;

/** Drops TCP to and from the gateway's https port (the PWA's SIP WebSocket) until `restore`. */
function dropGatewayTraffic(port: number): { restore(): void } {
  iptables(['-N', CHAIN]);
  iptables(['-I', 'INPUT', '-j', CHAIN]);
  iptables(['-A', CHAIN, '-p', 'tcp', '--dport', String(port), '-j', 'DROP']);
  iptables(['-A', CHAIN, '-p', 'tcp', '--sport', String(port), '-j', 'DROP']);
  return {
    restore() {
      iptables(['-D', 'INPUT', '-j', CHAIN]);
      iptables(['-F', CHAIN]);
      iptables(['-X', CHAIN]);
    },
  };
}

/** The PWA paired, the DN registered by WWE's RegisterDn, and the page's console lines as they come (the
 * PWA writes them when idle). */
async function registeredByWwe(context: BrowserContext): Promise<{ pwa: Pwa; logs: string[] }> {
  const pwa = await Pwa.open(context, stack);
  const logs: string[] = [];
  pwa.page.on('console', (message) => logs.push(message.text()));
  await pwa.saveCredential(DN, `pw${DN}`);
  await pwa.pairWithCompanion();
  expect(await registerDn(stack, DN)).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
  await pwa.expectRegistration('registered');
  return { pwa, logs };
}

/** Kamailio's `received` addresses of the DN's contacts: one per WebSocket connection it registered on. */
async function connections(): Promise<(string | undefined)[]> {
  return ((await lookupLocation(stack.gatewayRunDir, AOR))?.contacts ?? []).map((contact) => contact.received);
}

test('a dropped network: the stuck socket is replaced as soon as a fresh one opens, and the DN registers on it', async ({
  context,
}) => {
  const { pwa, logs } = await registeredByWwe(context);
  const before = (await lookupLocation(stack.gatewayRunDir, AOR))?.contacts[0]?.received;
  expect(before).toContain('transport=ws');

  const blip = dropGatewayTraffic(Number(new URL(stack.pwaOrigin).port));
  try {
    // The app's network-change path probes the transport at once: its OPTIONS goes into the dropped network.
    await pwa.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await sleep(BLIP_MS);
  } finally {
    blip.restore();
  }

  const onNewConnection = async (): Promise<boolean> => {
    const contacts = (await lookupLocation(stack.gatewayRunDir, AOR))?.contacts ?? [];
    return contacts.length === 1 && contacts[0]?.received !== before;
  };
  await expect.poll(onNewConnection, { timeout: 20_000 }).toBe(true);
  await expect.poll(() => logs.filter((line) => line.includes('opens while the one in use is stuck'))).toHaveLength(1);
  await pwa.expectRegistration('registered');
});

test('a network dropped mid-call is noticed while it is down, and the PWA moves to a fresh socket once it is back', async ({
  context,
  tone,
}) => {
  const { pwa, logs } = await registeredByWwe(context);
  const mark = tone.mark();
  await tone.dial(`sip:${DN}@127.0.0.1`);
  await pwa.page.getByTestId('answer').click();
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  await tone.waitForEvent('CALL_ESTABLISHED', mark);
  const before = await connections();

  // Nothing of the agent's goes out on its own during a call; the drop must still be seen.
  const blip = dropGatewayTraffic(Number(new URL(stack.pwaOrigin).port));
  try {
    await sleep(BLIP_MS);
  } finally {
    blip.restore();
  }

  const onNewConnection = async (): Promise<boolean> =>
    (await connections()).some((received) => received !== undefined && !before.includes(received));
  await expect.poll(onNewConnection, { timeout: 20_000 }).toBe(true);
  await expect.poll(() => logs.filter((line) => line.includes('opens while the one in use is stuck'))).toHaveLength(1);
  await pwa.expectRegistration('registered');
  // The call outlived the move with its audio: the browser still hears 9000, and 9000 still hears the browser.
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  await expectInboundRtpRising(pwa.page);
  const heard = (await peerAudio(tone)).received;
  await expect.poll(async () => (await peerAudio(tone)).received).toBeGreaterThan(heard + 10);
  await tone.hangup();
});
