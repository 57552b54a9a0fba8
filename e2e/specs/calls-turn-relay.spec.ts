/**
 * TURN as a site deploys it: the PWA takes time-limited credentials from the gateway's
 * /turn-credentials (nginx + njs, coturn's shared secret) and may use relay candidates only. A call to
 * the tone peer 9000 then runs through coturn with audio both ways (the selected pair's local
 * candidate is a relay, the browser hears 9000's tone, 9000 counts our packets). With credentials
 * coturn refuses, the call does not become a silent one: it ends and the agent is told why.
 */
import { peerAudio } from '../fixtures/call-evidence.ts';
import {
  dominantRemoteFrequency,
  expectInboundRtpRising,
  rtpCounters,
  selectedCandidateTypes,
} from '../fixtures/peer-connections.ts';
import { expect, test } from '../fixtures/peer-test.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { banner } from '../fixtures/ui.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1003';

test.describe('media through the gateway’s TURN only', () => {
  test('a call to 9000 relays through coturn with audio both ways', async ({ context, tone }) => {
    const pwa = await Pwa.open(context, stack);
    const issued = pwa.page.waitForResponse((r) => r.url().endsWith('/turn-credentials') && r.status() === 200);
    await pwa.useGatewayTurnOnly();
    await pwa.callTone(DN, tone);
    await issued;

    expect(await selectedCandidateTypes(pwa.page)).toMatchObject({ local: 'relay' });
    await expectInboundRtpRising(pwa.page);
    expect(Math.abs((await dominantRemoteFrequency(pwa.page)) - 440)).toBeLessThan(30);
    const sent = (await rtpCounters(pwa.page)).outboundPackets;
    const heard = (await peerAudio(tone)).received;
    await expect.poll(async () => (await rtpCounters(pwa.page)).outboundPackets).toBeGreaterThan(sent + 10);
    await expect.poll(async () => (await peerAudio(tone)).received).toBeGreaterThan(heard + 10);
    await pwa.page.getByTestId('hangup').click();
    await expect(pwa.callPanel()).toHaveCount(0);
  });

  test('credentials coturn refuses: the call ends and the agent reads why', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    // The gateway's real answer with a password coturn cannot verify (a gateway whose secret is not coturn's).
    const answer = await pwa.page.evaluate(async () => {
      const response = await fetch('/turn-credentials', { cache: 'no-store' });
      return (await response.json()) as { iceServers: { credential: string }[]; ttl: number };
    });
    const forged = answer.iceServers.map((server) => ({ ...server, credential: 'not-the-gateway-secret' }));
    await pwa.page.route('**/turn-credentials', (route) => route.fulfill({ json: { ...answer, iceServers: forged } }));
    await pwa.useGatewayTurnOnly();
    await pwa.registerManually(DN, `pw${DN}`);
    await pwa.expectRegistration('registered');
    await pwa.dial('9000');
    await expect(banner(pwa.page, 'error')).toContainText(
      'No audio path: the TURN server refused the credentials (401)',
      { timeout: 20_000 },
    );
    await expect(pwa.callPanel()).toHaveCount(0);
  });
});
