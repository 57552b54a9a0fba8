/**
 * A microphone chosen mid-call (the agent plugs in a headset and picks it in Settings) reaches the call
 * at once: the call's audio sender switches to the chosen device's track (RTCRtpSender.replaceTrack),
 * and the far end keeps hearing the agent (baresip 9000's own receive counter), through the real
 * Kamailio and rtpengine.
 */
import { expect, test } from '../fixtures/peer-test.ts';
import { peerAudio } from '../fixtures/call-evidence.ts';
import { sendingMicrophone } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1009';

test('another microphone picked in Settings during a call: the call sends from it at once, and 9000 still hears the agent', async ({
  context,
  tone,
}) => {
  const pwa = await Pwa.open(context, stack);
  const panel = await pwa.callTone(DN, tone);
  await expect(panel).toHaveAttribute('data-state', 'active');
  const before = await sendingMicrophone(pwa.page);
  expect(before).not.toBe('');

  const { label: otherLabel } = await pwa.chooseOtherMicrophone(before);
  await expect.poll(() => sendingMicrophone(pwa.page), { timeout: 10_000 }).toBe(otherLabel);
  const heard = (await peerAudio(tone)).received;
  await expect.poll(async () => (await peerAudio(tone)).received - heard, { timeout: 5_000 }).toBeGreaterThan(20);
  await pwa.callPanel().getByTestId('hangup').click();
});
