/**
 * No typed SIP password: the site's /config.json names the gateway's SIP credentials issuer
 * (`sipCredentialsUrl`), and when WWE asks for a DN the PWA fetches short-lived credentials for it
 * (nginx signs them, Kamailio's auth_ephemeral checks them), registers, and renews them before they
 * expire. The DN is in no users table, so only issued credentials can register it; Kamailio's
 * location table, WWE's poll and a call to the tone peer authenticated with renewed credentials
 * prove it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '2043';
/** The lifetime the spec gives the PWA (the real credentials stay valid an hour): renewal after 3 s. */
const SHORT_TTL = 6;
const configFile = join(stack.gatewayRunDir, 'www', 'config.json');
let siteConfig = '';

/** The gateway's own answer to `url`, fetched from the test (trusting the stack's CA). */
function gatewayJson(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    get(url, { ca: readFileSync(stack.caCertFile) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>));
    }).once('error', reject);
  });
}

test.beforeAll(() => {
  siteConfig = readFileSync(configFile, 'utf8');
  const config = JSON.parse(siteConfig) as Record<string, unknown>;
  writeFileSync(configFile, JSON.stringify({ ...config, sipCredentialsUrl: '/sip-credentials' }));
});

test.afterAll(() => {
  writeFileSync(configFile, siteConfig);
});

test('WWE registers a DN nobody typed a password for; the PWA renews its credentials and calls with them', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const issued: string[] = [];
  const authorizations: string[] = [];
  context.on('page', (page) =>
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const auth = /^(?:Proxy-)?Authorization: Digest [^\r\n]*\busername="([^"]+)"/im.exec(String(payload));
        if (auth?.[1]) {
          authorizations.push(`${String(payload).split(' ')[0]} ${auth[1]}`);
        }
      }),
    ),
  );
  const pwa = await Pwa.open(context, stack);
  await pwa.page.route(
    (url) => url.pathname === '/sip-credentials',
    async (route) => {
      const body = await gatewayJson(route.request().url());
      issued.push(String(body.username));
      await route.fulfill({ json: { ...body, ttl: SHORT_TTL } });
    },
  );
  await pwa.pairWithCompanion();
  expect(await isEndpointActive(stack)).toBe(false);

  const reply = await registerDn(stack, DN);
  expect(reply).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
  await pwa.expectRegistration('registered');
  expect(issued[0]).toMatch(new RegExp(`^\\d+:${DN}$`));
  expect(authorizations).toContain(`REGISTER ${issued[0]}`);
  const location = await lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`);
  expect(location?.contacts.length).toBe(1);
  await expect.poll(() => isEndpointActive(stack)).toBe(true);

  // Renewed at half the lifetime the PWA was given, without a new registration.
  await expect.poll(() => issued.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  const renewed = issued.slice(1);
  await pwa.expectRegistration('registered');

  // The next authenticated request uses renewed credentials: a call to the tone peer.
  await pwa.dial('9000');
  // The tone peer answers only an INVITE Kamailio let through (it challenges every call from an agent).
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active', { timeout: 20_000 });
  const invite = authorizations.filter((line) => line.startsWith('INVITE ')).at(-1);
  expect(renewed.map((username) => `INVITE ${username}`)).toContain(invite);
  await pwa.page.getByTestId('hangup').click();
  await expect(pwa.callPanel()).toHaveCount(0);
});
