/**
 * The PWA's ordered list of gateway URLs in Chromium against the real gateway: the first URL has no
 * listener (a node that is down), so the PWA fails over to the next one — the lab's nginx — and
 * registers there; Kamailio's location table holds its contact.
 */
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1006';

/** A loopback port nothing listens on: bound once to learn a free one, then released. */
function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

test('the first gateway URL is down: the PWA fails over to the next and registers there', async ({ context }) => {
  const pwa = await Pwa.open(context, stack);
  const gateway = `${stack.pwaOrigin.replace(/^https:/, 'wss:')}/ws`;
  const down = `wss://127.0.0.1:${await deadPort()}/ws`;
  const connected: string[] = [];
  pwa.page.on('console', (message) => {
    const url = /connected to the gateway (\S+)/.exec(message.text())?.[1];
    if (url !== undefined) {
      connected.push(url);
    }
  });
  await pwa.fillSetting('settings-sip-ws-url', `${down} ${gateway}`);
  await pwa.registerManually(DN, `pw${DN}`);
  await pwa.expectRegistration('registered');
  await expect.poll(() => lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`)).toBeDefined();
  await expect.poll(() => connected).toEqual([gateway]); // console lines come when the page is idle
});
