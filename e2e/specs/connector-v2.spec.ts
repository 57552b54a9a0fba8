/**
 * Connector v2 (docs/protocol.md, section 1a) as a newer Genesys desktop would drive it, against the real stack:
 * POST /register → GET /session until the slot is registered → sipp as SIP Server calls (auto-answer)
 * → GET /session shows the call with SIP Server's X-Genesys-CallUUID and a MOS → DELETE /calls ends
 * it (BYE at sipp) → POST /audio mutes the microphone, proved by the echo peer 9001 sending back
 * silence, and POST /audio and the PWA's volume slider agree on the speaker volume → DELETE /session unregisters (Kamailio's location table no longer holds the DN).
 */
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { receivedAudioPower } from '../fixtures/peer-connections.ts';
import { expect, test } from '../fixtures/peer-test.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { companionCall } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '1008';

interface V2Session {
  phone: { local_mos: number; calls: { state: string; uuid: string }[] };
  connectivities: { connections: { server: string; user: string; state: string }[] };
  devices: { microphone: { muted: boolean }; speaker: { volume: number } };
  status: string;
}

async function session(): Promise<V2Session> {
  const reply = await companionCall(stack, 'GET', '/session');
  expect(reply.status).toBe(200);
  return reply.body as V2Session;
}

test('a Connector v2 desktop registers, sees the call and its MOS, releases it, mutes the microphone and logs out', async ({
  context,
  echo,
}) => {
  test.setTimeout(90_000);
  const pwa = await Pwa.openPaired(context, stack, DN);
  const server = `127.0.0.1:${stack.sipPort}`;
  const registered = await companionCall(stack, 'POST', '/register', { body: { connections: [{ server, user: DN }] } });
  expect(registered.status).toBe(200);
  await expect
    .poll(async () => (await session()).connectivities.connections)
    .toEqual([{ server, user: DN, state: 'REGISTERED' }]);
  expect((await session()).status).toBe('ACTIVE');

  const uuid = `WGB-V2-${Date.now()}`;
  const sipp = runSipServer(stack, {
    scenario: 'genesys-auto-answer-released-by-endpoint.xml',
    dn: DN,
    vars: { uuid },
    timeoutMs: 40_000,
  });
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  await expect.poll(async () => (await session()).phone.calls).toEqual([{ state: 'ESTABLISHED', uuid }]);
  await expect.poll(async () => (await session()).phone.local_mos, { timeout: 10_000 }).toBeGreaterThan(3);

  const released = await companionCall(stack, 'DELETE', '/calls');
  expect(released).toMatchObject({ status: 200, body: { released: 1 } });
  assertSippPassed(await sipp, ['auto-answered: 200 OK with SDP', 'BYE from the endpoint']);
  await expect(pwa.callPanel()).toHaveCount(0);

  // The echo peer returns what it receives: the microphone's 1 kHz tone, then silence once muted.
  const mark = echo.mark();
  await pwa.dial('9001');
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  await echo.waitForEvent('CALL_RTPESTAB', mark);
  await expect.poll(() => receivedAudioPower(pwa.page), { timeout: 10_000 }).toBeGreaterThan(1e-3);
  const muted = await companionCall(stack, 'POST', '/audio', { body: { devices: { microphone: { muted: true } } } });
  expect(muted.status).toBe(200);
  expect((muted.body as V2Session).devices.microphone.muted).toBe(true);
  await expect(pwa.page.getByTestId('mute')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => receivedAudioPower(pwa.page), { timeout: 10_000 }).toBeLessThan(1e-5);
  await companionCall(stack, 'POST', '/audio', { body: { devices: { microphone: { muted: false } } } });
  await expect.poll(() => receivedAudioPower(pwa.page), { timeout: 10_000 }).toBeGreaterThan(1e-3);

  // Speaker volume: the desktop and the agent's slider change the same state, and the call plays at it.
  const volume = pwa.page.getByTestId('speaker-volume');
  const played = (): Promise<number> =>
    pwa.page.getByTestId('remote-audio').evaluate((audio: HTMLAudioElement) => audio.volume);
  await companionCall(stack, 'POST', '/audio', { body: { devices: { speaker: { volume: 60 } } } });
  await expect(volume).toHaveValue('60');
  await expect.poll(played).toBe(0.6);
  await volume.fill('30');
  await expect.poll(async () => (await session()).devices.speaker.volume).toBe(30);
  await expect.poll(played).toBe(0.3);

  const loggedOut = await companionCall(stack, 'DELETE', '/session');
  expect(loggedOut.status).toBe(200);
  await expect(pwa.callPanel()).toHaveCount(0);
  await expect.poll(() => lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`)).toBeUndefined();
  expect((await session()).connectivities.connections).toEqual([{ server: '', user: '', state: 'NONE' }]);
});
