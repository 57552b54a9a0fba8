/**
 * Issue 4 item 7, plain calls with a real peer through the real Kamailio + rtpengine: baresip 9000
 * (a 440 Hz tone) calls the agent, who answers in the UI; audio is proven both ways — what the
 * browser hears (RTP counters, the tone's frequency) and what the peer got (its own RTP receive
 * counter and the RTCP receiver reports it sends back) — and the peer's BYE ends the PWA call. While
 * it rings, the answer's connection is up and sends nothing, and its audio element plays silently; the
 * answered call's audio runs on it.
 * Hold from the UI is proven by the media itself: no RTP reaches the browser while held, and the
 * peer saw the hold (recvonly); after retrieve audio flows again. The browser leg runs opus and the
 * peer's leg G.711, transcoded by rtpengine (the tone is measured after transcoding).
 */
import { expect, test } from '../fixtures/peer-test.ts';
import {
  expectOpusBrowserLegG711PeerLeg,
  peerAudio,
  PeerLog,
  remoteInboundAudio,
  waitForInboundSilence,
} from '../fixtures/call-evidence.ts';
import {
  dominantRemoteFrequency,
  expectInboundRtpRising,
  negotiatedAudioCodecs,
  peerConnectionStates,
  remoteAudioPlaysReceivedTrack,
  rtpCounters,
} from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1007';

test.describe('a registered agent and the tone peer 9000', () => {
  test('9000 calls the agent: it rings, the agent answers, audio flows both ways, 9000’s BYE ends it', async ({
    context,
    tone,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.registerManually(DN, `pw${DN}`);
    await pwa.expectRegistration('registered');

    const mark = tone.mark();
    const peerLog = PeerLog.mark(stack, '9000');
    await tone.dial(`sip:${DN}@127.0.0.1`);
    await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
    await expect(pwa.page.getByTestId('incoming-caller')).toContainText('9000');
    await tone.waitForEvent('CALL_RINGING', mark);
    // The answer is prepared while the call rings: its connection to rtpengine is up (ICE, DTLS), and
    // not one packet of the microphone has left.
    await expect.poll(() => peerConnectionStates(pwa.page)).toEqual(['connected']);
    await pwa.page.waitForTimeout(500);
    expect((await rtpCounters(pwa.page)).outboundPackets).toBe(0);
    // Its audio element is bound to that connection's track and playing, silent until the answer: the
    // first packet after it is heard at once.
    const volume = () => pwa.page.getByTestId('remote-audio').evaluate((audio: HTMLAudioElement) => audio.volume);
    await expect.poll(() => remoteAudioPlaysReceivedTrack(pwa.page)).toBe(true);
    expect(await volume()).toBe(0);
    await pwa.page.getByTestId('answer').click();
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
    await tone.waitForEvent('CALL_ESTABLISHED', mark);
    // The call's audio (proven below) runs on the connection prepared while ringing.
    expect(await peerConnectionStates(pwa.page)).toEqual(['connected']);
    // Opus on the browser leg, G.711 on 9000's: rtpengine transcodes both ways.
    await expectOpusBrowserLegG711PeerLeg(pwa.page, peerLog);

    // The browser hears 9000: inbound packets rise and the loudest frequency is its 440 Hz tone.
    await expectInboundRtpRising(pwa.page);
    expect(Math.abs((await dominantRemoteFrequency(pwa.page)) - 440)).toBeLessThan(30);
    // And the agent hears it: the call's audio element plays the track the connection receives.
    await expect.poll(() => remoteAudioPlaysReceivedTrack(pwa.page)).toBe(true);
    expect(await volume()).toBe(1);

    // 9000 hears the browser: our outbound packets rise, and the peer's own counter of packets
    // received from us (RTP through rtpengine, DTLS-SRTP → plain RTP) rises with them.
    const sentBefore = (await rtpCounters(pwa.page)).outboundPackets;
    const peerBefore = await peerAudio(tone);
    expect(peerBefore.direction).toBe('sendrecv');
    await expect.poll(async () => (await rtpCounters(pwa.page)).outboundPackets).toBeGreaterThan(sentBefore + 10);
    await expect.poll(async () => (await peerAudio(tone)).received).toBeGreaterThan(peerBefore.received + 10);

    // And it says so in RTCP: its receiver reports about our SSRC reach the browser (remote-inbound-rtp,
    // with a loss count and a measured round trip). baresip sends RTCP every few seconds.
    await expect
      .poll(async () => (await remoteInboundAudio(pwa.page))?.roundTripTimeMeasurements ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const report = await remoteInboundAudio(pwa.page);
    expect(report?.roundTripTime).toEqual(expect.any(Number));
    expect(report?.packetsLost).toBeLessThanOrEqual(5);

    // 9000 hangs up: its BYE ends the call in the PWA.
    const byeMark = tone.mark();
    await tone.hangup();
    await tone.waitForEvent('CALL_CLOSED', byeMark);
    await expect(pwa.callPanel()).toHaveCount(0);
    await pwa.expectRegistration('registered');
  });

  test('hold from the UI stops the peer’s RTP (it sees recvonly); retrieve brings the audio back', async ({
    context,
    tone,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.registerManually(DN, `pw${DN}`);
    await pwa.expectRegistration('registered');
    const mark = tone.mark();
    const peerLog = PeerLog.mark(stack, '9000');
    await pwa.dial('9000');
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');
    await tone.waitForEvent('CALL_ESTABLISHED', mark);
    await expectOpusBrowserLegG711PeerLeg(pwa.page, peerLog);
    await expectInboundRtpRising(pwa.page);

    const hold = panel.getByTestId('hold');
    await hold.click();
    await expect(hold).toHaveAttribute('aria-pressed', 'true');
    await expect(panel.getByTestId('call-state')).toHaveText('On hold');
    // The peer took our sendonly re-INVITE as a hold: it now only receives.
    await expect.poll(async () => (await peerAudio(tone)).direction).toBe('recvonly');
    // …and no RTP reaches the browser for a full second (bounded wait, no sleep).
    const quietMs = await waitForInboundSilence(pwa.page, 1_000, 8_000);
    console.log(`held: no inbound RTP for ${quietMs} ms`);

    await hold.click();
    await expect(hold).toHaveAttribute('aria-pressed', 'false');
    await expect(panel.getByTestId('call-state')).toHaveText('Connected');
    await expect.poll(async () => (await peerAudio(tone)).direction).toBe('sendrecv');
    await expectInboundRtpRising(pwa.page);
    expect(Math.abs((await dominantRemoteFrequency(pwa.page)) - 440)).toBeLessThan(30);

    await panel.getByTestId('hangup').click();
    await expect(panel).toHaveCount(0);
  });

  test('G.711 only (Settings → Audio codecs): the browser leg runs G.711 end to end, no opus, and hears 9000', async ({
    context,
    tone,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.chooseSetting('settings-codecs', 'g711');
    const panel = await pwa.callTone(DN, tone);
    await expect
      .poll(() => negotiatedAudioCodecs(pwa.page))
      .toEqual({
        inbound: expect.stringMatching(/^audio\/PCM[UA]$/),
        outbound: expect.stringMatching(/^audio\/PCM[UA]$/),
      });
    await expectInboundRtpRising(pwa.page);
    expect(Math.abs((await dominantRemoteFrequency(pwa.page)) - 440)).toBeLessThan(30);
    await panel.getByTestId('hangup').click();
    await expect(panel).toHaveCount(0);
  });
});
