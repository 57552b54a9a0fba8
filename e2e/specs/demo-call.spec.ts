/**
 * What a new user does first on `npm start`: register, call the tone extension 9000, hear it.
 * Audio is proven from the browser's own RTP statistics and the tone's frequency, not signalling.
 */
import { expect, test } from '@playwright/test';
import { dominantRemoteFrequency, rtpCounters, expectInboundRtpRising } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();

test.describe('a registered agent calls the demo extensions', () => {
  test('calling 9000 connects and the agent hears the 440 Hz tone', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.registerManually('1003', 'pw1003');
    await pwa.expectRegistration('registered');

    await pwa.dial('9000');
    await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');

    const first = await rtpCounters(pwa.page);
    await expectInboundRtpRising(pwa.page);
    await expect.poll(async () => (await rtpCounters(pwa.page)).outboundPackets).toBeGreaterThan(first.outboundPackets);
    expect(Math.abs((await dominantRemoteFrequency(pwa.page)) - 440)).toBeLessThan(30);

    await pwa.page.getByTestId('hangup').click();
    await expect(pwa.callPanel()).toHaveCount(0);
  });
});
