/**
 * A microphone chosen mid-call (the agent plugs in a headset and picks it in Settings) reaches the call
 * at once: the call's audio sender switches to the chosen device's track (RTCRtpSender.replaceTrack),
 * and the far end keeps hearing the agent (baresip 9000's own receive counter), through the real
 * Kamailio and rtpengine.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/peer-test.ts';
import { peerAudio } from '../fixtures/call-evidence.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1009';

/** The label of the track the call's audio sender sends now. */
async function sendingFrom(page: Page): Promise<string> {
  return page.evaluate(() => {
    const pc = (window.__wgbPeerConnections ?? []).find((p) => p.connectionState === 'connected');
    return pc?.getSenders().find((s) => s.track?.kind === 'audio')?.track?.label ?? '';
  });
}

test('another microphone picked in Settings during a call: the call sends from it at once, and 9000 still hears the agent', async ({
  context,
  tone,
}) => {
  const pwa = await Pwa.open(context, stack);
  const panel = await pwa.callTone(DN, tone);
  await expect(panel).toHaveAttribute('data-state', 'active');
  const before = await sendingFrom(pwa.page);
  expect(before).not.toBe('');

  await pwa.page.getByTestId('nav-settings').click();
  const input = pwa.page.getByTestId('device-input');
  const other = input
    .locator('option', { hasNotText: before })
    .filter({ hasText: /Fake Audio Input/ })
    .first();
  const otherLabel = (await other.textContent())?.trim() ?? '';
  expect(otherLabel).not.toBe('');
  await input.selectOption({ label: otherLabel });

  await expect.poll(() => sendingFrom(pwa.page), { timeout: 10_000 }).toBe(otherLabel);
  const heard = (await peerAudio(tone)).received;
  await expect.poll(async () => (await peerAudio(tone)).received - heard, { timeout: 5_000 }).toBeGreaterThan(20);
  await pwa.page.getByTestId('nav-phone').click();
  await pwa.callPanel().getByTestId('hangup').click();
});
