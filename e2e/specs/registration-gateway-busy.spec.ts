/**
 * The gateway refuses a REGISTER flood for one DN (Kamailio pipelimit, over AGENT_REGISTER_LIMIT per
 * second → 503 with Retry-After 30) and the PWA honours it: the status line says the gateway is busy
 * and counts down, and the PWA's next REGISTER reaches Kamailio only after the 30 s — not on its own
 * 2, 4, 8 s back-off. The proof of registration is Kamailio's location table.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { WsRegistrar } from '../../gateway/ws-registrar.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1004';
/** kamailio.cfg's pl_drop for one DN over its limit. */
const RETRY_AFTER_SEC = 30;

/**
 * Keeps DN over its per-second REGISTER limit until stopped: 25 every 50 ms against 20/s, so that each of
 * pipelimit's 1 s windows is over the limit within 50 ms of its start (every 250 ms left the PWA's two
 * REGISTERs up to 250 ms at the start of a window to slip through, and the test failed once that way).
 */
async function floodDn(dn: string): Promise<{ stop(): void }> {
  const url = `${stack.pwaOrigin.replace(/^https:/, 'wss:')}/ws`;
  const ws = new WebSocket(url, 'sip', { ca: readFileSync(stack.caCertFile) });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const burst = (): void => {
    for (let i = 0; i < 25; i += 1) {
      ws.send(WsRegistrar.register(dn, 1, randomBytes(8).toString('hex')));
    }
  };
  burst();
  const timer = setInterval(burst, 50);
  return {
    stop: () => {
      clearInterval(timer);
      ws.close();
    },
  };
}

test('a REGISTER refused 503 Retry-After 30 comes back only after 30 s, and the agent is told', async ({ context }) => {
  test.setTimeout(90_000);
  const pwa = await Pwa.open(context, stack);
  const flood = await floodDn(DN);
  let refusedAt: number;
  try {
    await pwa.registerManually(DN, `pw${DN}`);
    const status = pwa.page.getByTestId('status-registration');
    await expect(status).toContainText(/gateway busy — retrying in \d+ s/);
    refusedAt = Date.now();
  } finally {
    flood.stop();
  }
  const status = pwa.page.getByTestId('status-registration');
  const shown = Number(/retrying in (\d+) s/.exec((await status.textContent()) ?? '')?.[1]);
  expect(shown).toBeGreaterThan(RETRY_AFTER_SEC - 3);
  await expect(status).toContainText(`retrying in ${shown - 2} s`, { timeout: 5_000 }); // it counts down

  // The old back-off would be back within 2–8 s of the flood's end; the Retry-After holds it for 30 s.
  await expect
    .poll(async () => (await lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`))?.contacts.length, {
      timeout: 40_000,
      intervals: [250],
    })
    .toBe(1);
  const waitedSec = (Date.now() - refusedAt) / 1000;
  console.log(`refused by the gateway → registered in Kamailio: ${waitedSec.toFixed(1)} s`);
  expect(waitedSec).toBeGreaterThanOrEqual(RETRY_AFTER_SEC - 1);
  expect(waitedSec).toBeLessThan(RETRY_AFTER_SEC * 1.1 + 3);
  await pwa.expectRegistration('registered');
});
