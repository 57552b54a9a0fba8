/**
 * Issue 4 item 7, transfer with a third party through the real Kamailio: the agent calls 9000 and
 * blind-transfers it to 9001 (the echo peer) with the call panel's transfer control. The REFER goes
 * to 9000, which calls 9001 itself; the PWA's call ends as "Transferred" (its history row says so),
 * and the new 9000 → 9001 call carries audio (9000 receives 9001's echo of its tone).
 *
 * Attended transfer (REFER with Replaces) is not proven here: baresip 1.0 has no Replaces support
 * (it never sends the final NOTIFY; ui-call.spec.ts shows the app reports that). It is proven only by
 * the adapter's unit test against real JsSIP.
 */
import { expect, test } from '../fixtures/peer-test.ts';
import { peerAudio } from '../fixtures/call-evidence.ts';
import { readRawStore } from '../fixtures/idb-raw.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1009';

interface HistoryRow {
  remote: string;
  endCause?: string;
  transferredTo?: string;
}

test.describe('blind transfer to a third party', () => {
  test('9000 is handed to 9001: our leg ends as transferred, 9000 calls 9001 and they talk', async ({
    context,
    tone,
    echo,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.registerManually(DN, `pw${DN}`);
    await pwa.expectRegistration('registered');
    const first = tone.mark();
    await pwa.dial('9000');
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');
    await tone.waitForEvent('CALL_ESTABLISHED', first);

    const toneMark = tone.mark();
    const echoMark = echo.mark();
    await panel.getByTestId('transfer-toggle').click();
    await panel.getByTestId('transfer-target').fill('9001');
    await panel.getByTestId('transfer-blind').click();

    // 9000 got our REFER to 9001 …
    const refer = await tone.waitForEvent('TRANSFER', toneMark);
    expect(refer.param).toContain('sip:9001@127.0.0.1');
    // … and placed a new call to 9001, which 9001 answered.
    await expect
      .poll(() => tone.events.slice(toneMark).find((e) => e.type === 'CALL_ESTABLISHED')?.peeruri)
      .toBe('sip:9001@127.0.0.1');
    // 9001's echo module takes the call over (it emits no CALL_ESTABLISHED of its own): the call
    // came from 9000 and 9000's RTP reached it.
    const atEcho = await echo.waitForEvent('CALL_INCOMING', echoMark);
    expect(atEcho.peeruri).toBe('sip:9000@127.0.0.1');
    await echo.waitForEvent('CALL_RTPESTAB', echoMark);

    // Our leg ended (our BYE after the NOTIFY 200 sipfrag): no call left, no error shown.
    await expect(panel).toHaveCount(0, { timeout: 15_000 });
    await expect(pwa.page.locator('sp-banner[banner-id="error"]')).toHaveCount(0);
    const closed = await tone.waitForEvent('CALL_CLOSED', toneMark);
    expect(closed.peeruri).toContain(`sip:${DN}@127.0.0.1`);
    await expect
      .poll(async () => JSON.parse((await readRawStore(pwa.page, 'wgb-softphone', 'history')).rows) as HistoryRow[])
      .toContainEqual(expect.objectContaining({ remote: '9000', endCause: 'Transferred', transferredTo: '9001' }));

    // The transferred call is a real call: 9000 now receives 9001's echo.
    const before = await peerAudio(tone);
    await expect.poll(async () => (await peerAudio(tone)).received).toBeGreaterThan(before.received + 10);
    await pwa.expectRegistration('registered');
  });
});
