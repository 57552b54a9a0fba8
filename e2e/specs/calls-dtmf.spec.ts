/**
 * Issue 4 item 7, DTMF verified at the peer: the agent presses keys on the call panel's DTMF pad
 * during a call to baresip 9000, through the real Kamailio + rtpengine.
 *
 * - RFC 4733 (the default): the telephone-event packets cross rtpengine and baresip decodes the
 *   digit (its ctrl_tcp CALL_DTMF_END and its log line "received event: '5'").
 * - SIP INFO (Settings → DTMF mode): baresip reports every digit with its key (CALL_DTMF_START).
 *
 * Known interop defect, not covered by a passing test (see the closing note of issue 4): Chromium sends opus at 48 kHz but the only
 * telephone-event rate baresip (and most SIP peers) accept is 8000 Hz. With no telephone-event at
 * the send codec's rate, Chromium measures the event length in 8 kHz units against 48 kHz RTP
 * timestamps, so every digit leaves as three end-only packets of 20 ms (seen on the wire here:
 * `m=1 end=1 dur=960` ×3, no start packet). baresip reports only the first such digit of a call,
 * without its key; a peer that needs the start packet misses digits.
 */
import { expect, test } from '@playwright/test';
import { BaresipControl } from '../../web/gateway/peers.ts';
import { PeerLog } from '../fixtures/call-evidence.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1008';

test.describe('DTMF from the call panel reaches 9000', () => {
  let tone: BaresipControl;
  test.beforeEach(async () => {
    tone = await BaresipControl.connect(stack.toneCtrlPort);
  });
  test.afterEach(async () => {
    await tone.hangup().catch(() => undefined);
    tone.close();
  });

  /** Registers, optionally picks a DTMF mode in Settings, calls 9000 and opens the DTMF pad. */
  async function callWithPad(pwa: Pwa, mode?: 'info'): Promise<ReturnType<Pwa['callPanel']>> {
    if (mode) {
      await pwa.page.getByTestId('nav-settings').click();
      await pwa.page.getByTestId('settings-dtmf').selectOption(mode);
      await pwa.page.getByTestId('settings-save').click();
      await expect(pwa.page.getByTestId('settings-status')).toHaveText('Settings saved');
      await pwa.page.getByTestId('nav-phone').click();
    }
    await pwa.registerManually(DN, `pw${DN}`);
    await pwa.expectRegistration('registered');
    const mark = tone.mark();
    await pwa.dial('9000');
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');
    await tone.waitForEvent('CALL_ESTABLISHED', mark);
    await panel.getByTestId('dtmf-toggle').click();
    await expect(panel.getByTestId('dtmf-toggle')).toHaveAttribute('aria-expanded', 'true');
    return panel;
  }

  test('RFC 4733 (default): the digit crosses rtpengine as a telephone-event and 9000 decodes it', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    const panel = await callWithPad(pwa);
    const log = PeerLog.mark(stack, '9000');
    const mark = tone.mark();
    await panel.getByTestId('dtmf-key-5').click();
    await tone.waitForEvent('CALL_DTMF_END', mark, 5_000);
    await expect.poll(() => log.telephoneEvents()).toContainEqual({ key: '5', isEnd: true });
    // No SIP INFO was sent: 9000 got the digit in the media only.
    expect(tone.events.slice(mark).filter((e) => e.type === 'CALL_DTMF_START')).toEqual([]);
  });

  test('SIP INFO (chosen in Settings): 9000 reports each digit with its key', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    const panel = await callWithPad(pwa, 'info');
    const mark = tone.mark();
    const keys = (): (string | undefined)[] =>
      tone.events
        .slice(mark)
        .filter((e) => e.type === 'CALL_DTMF_START')
        .map((e) => e.param);
    const pressed: string[] = [];
    for (const key of ['5', '#', '0']) {
      await panel.getByTestId(`dtmf-key-${key}`).click();
      pressed.push(key);
      await expect.poll(keys).toEqual(pressed);
    }
  });
});
