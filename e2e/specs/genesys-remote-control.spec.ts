/**
 * Genesys SIP Server drives the agent's endpoint over SIP (docs/protocol.md, section 3), played by sipp from the
 * gateway's trusted trunk port through the real Kamailio + rtpengine: remote answer by NOTIFY talk
 * (only because our 180 advertises Allow-Events: talk), the offerless re-INVITE after connect, remote
 * hold and retrieve, and the auto-answer INVITEs. sipp's own checks and exit code prove the SIP side;
 * the browser's RTP statistics, codec and received tone prove the audio (opus on the browser leg,
 * transcoded from SIP Server's PCMU by rtpengine, also after the late offer, hold and retrieve). When
 * the endpoint cannot build its 200 OK, SIP Server gets a final 500 at once.
 */
import { expect, test } from '@playwright/test';
import {
  dominantRemoteFrequency,
  expectInboundRtpRising,
  negotiatedAudioCodecs,
} from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();

test.describe('Genesys SIP Server controls the endpoint over SIP', () => {
  test('NOTIFY talk answers, the late-offer re-INVITE keeps audio, NOTIFY hold/talk hold and retrieve', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.registerManually('1005', 'pw1005');
    await pwa.expectRegistration('registered');

    const uuid = `WGB-RA-${Date.now()}`;
    const sipp = runSipServer(stack, {
      scenario: 'genesys-remote-answer.xml',
      dn: '1005',
      vars: { uuid },
    });

    // Answered by SIP Server's NOTIFY talk: nobody clicks anything.
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
    await expect(pwa.page.getByTestId('call-uuid')).toHaveText(uuid);
    await expectInboundRtpRising(pwa.page);

    // NOTIFY hold → our re-INVITE sendonly (sipp checks the SDP) → the UI shows the call held.
    const hold = pwa.page.getByTestId('hold');
    await expect(hold).toHaveAttribute('aria-pressed', 'true');
    // NOTIFY talk → retrieve (re-INVITE sendrecv) → audio flows again after the late offer and the hold:
    // opus on the browser leg, transcoded by rtpengine from SIP Server's PCMU, and its 440 Hz tone heard.
    await expect(hold).toHaveAttribute('aria-pressed', 'false');
    await expectInboundRtpRising(pwa.page);
    expect(await negotiatedAudioCodecs(pwa.page)).toEqual({ inbound: 'audio/opus', outbound: 'audio/opus' });
    expect(Math.abs((await dominantRemoteFrequency(pwa.page)) - 440)).toBeLessThan(30);

    const result = await sipp;
    assertSippPassed(result, [
      '180 Allow-Events',
      'NOTIFY talk answered 200',
      'remote answer: 200 OK with SDP',
      'late offer: 200 to the offerless re-INVITE carries an offer',
      'NOTIFY hold answered 200',
      'hold re-INVITE',
      'NOTIFY talk (retrieve) answered 200',
      'retrieve re-INVITE',
      'BYE answered',
    ]);
    // SIP Server's BYE ends the call in the PWA.
    await expect(pwa.callPanel()).toHaveCount(0);
  });

  test('a remote answer whose 200 OK cannot be built gets a final 500 at once, not a call left answering', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    // The gateway answers TURN credentials without a user name (the form refuses such a server, the
    // gateway's answer bypasses it): the browser refuses to build the call's RTCPeerConnection.
    await pwa.page.route('**/turn-credentials', (route) =>
      route.fulfill({ json: { iceServers: [{ urls: 'turn:127.0.0.1:3478' }], ttl: 3600 } }),
    );
    await pwa.useGatewayTurnOnly();
    await pwa.registerManually('1005', 'pw1005');
    await pwa.expectRegistration('registered');

    const result = await runSipServer(stack, {
      scenario: 'genesys-remote-answer-fails.xml',
      dn: '1005',
      vars: { uuid: `WGB-RA-FAIL-${Date.now()}` },
    });
    assertSippPassed(result, ['180 Allow-Events', 'NOTIFY talk answered 200', 'remote answer refused at once: 500']);
    await expect(pwa.callPanel()).toHaveCount(0);
    await pwa.expectRegistration('registered');
  });
});
