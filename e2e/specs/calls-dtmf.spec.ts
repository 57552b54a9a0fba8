/**
 * Issue 4 item 7, DTMF verified at the peer: the agent presses keys on the call panel's DTMF pad
 * during a call with baresip 9000, through the real Kamailio + rtpengine, in both call directions.
 *
 * - RFC 4733 (the default): every digit reaches 9000 as a whole telephone-event, start packet with
 *   its key, then its end (baresip's log lines "received event: '1' (end=0)" / "(end=1)"), several
 *   digits in a row, and no SIP INFO.
 * - SIP INFO (Settings → DTMF mode): baresip reports every digit with its key (CALL_DTMF_START).
 *
 * The defect these tests guard: Chromium sends a proper event only if a telephone-event matches its
 * send codec's clock rate. With opus/48000 against baresip's telephone-event/8000, every digit left
 * as three end-only 20 ms packets with no start (`m=1 end=1 dur=960` ×3); baresip decoded only the
 * first digit of a call, without its key. The browser leg now runs opus with telephone-event/48000
 * and the SIP leg G.711 with telephone-event/8000 (gateway/templates/kamailio.cfg,
 * route[MEDIA_OFFER]); rtpengine transcodes the audio and translates each event between the rates.
 * Both RFC 4733 tests check that the legs really run those codecs.
 */
import { expect, test } from '../fixtures/peer-test.ts';
import type { BaresipControl } from '../../gateway/peers.ts';
import { expectOpusBrowserLegG711PeerLeg, PeerLog } from '../fixtures/call-evidence.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1008';
const ALL_KEYS = [...'0123456789*#'];

test.describe('DTMF from the call panel reaches 9000', () => {
  /** Registers, optionally picks a DTMF mode in Settings, calls 9000 and opens the DTMF pad. */
  async function callWithPad(pwa: Pwa, tone: BaresipControl, mode?: 'info'): Promise<ReturnType<Pwa['callPanel']>> {
    if (mode) {
      await pwa.chooseSetting('settings-dtmf', mode);
    }
    const panel = await pwa.callTone(DN, tone);
    await panel.getByTestId('dtmf-toggle').click();
    await expect(panel.getByTestId('dtmf-toggle')).toHaveAttribute('aria-expanded', 'true');
    return panel;
  }

  /**
   * Presses `keys` one by one and waits, for each, until 9000 has decoded it as a whole RFC 4733
   * event: a start packet carrying the key, then its end. In the end the peer saw exactly these
   * events, in order, and no SIP INFO (baresip logs each INFO digit as "received DTMF: …").
   */
  async function pressAndExpectEvents(panel: ReturnType<Pwa['callPanel']>, keys: string[]): Promise<void> {
    const log = PeerLog.mark(stack, '9000');
    const expected: { key: string; isEnd: boolean }[] = [];
    for (const key of keys) {
      await panel.getByTestId(`dtmf-key-${key}`).click();
      expected.push({ key, isEnd: false }, { key, isEnd: true });
      await expect.poll(() => log.telephoneEvents(), { timeout: 5_000 }).toEqual(expected);
    }
    expect(log.text()).not.toContain('received DTMF:');
  }

  test('RFC 4733 (default), agent calls 9000: every digit reaches 9000 as a telephone-event with its key, start and end', async ({
    context,
    tone,
  }) => {
    const pwa = await Pwa.open(context, stack);
    const peerLog = PeerLog.mark(stack, '9000');
    const panel = await callWithPad(pwa, tone);
    await expectOpusBrowserLegG711PeerLeg(pwa.page, peerLog);
    await pressAndExpectEvents(panel, ALL_KEYS);
  });

  test('RFC 4733 (default), 9000 calls the agent: every digit reaches 9000 as a telephone-event with its key, start and end', async ({
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
    await pwa.page.getByTestId('answer').click();
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');
    await tone.waitForEvent('CALL_ESTABLISHED', mark);
    await expectOpusBrowserLegG711PeerLeg(pwa.page, peerLog);
    await panel.getByTestId('dtmf-toggle').click();
    await expect(panel.getByTestId('dtmf-toggle')).toHaveAttribute('aria-expanded', 'true');
    await pressAndExpectEvents(panel, [...ALL_KEYS].reverse());
  });

  test('SIP INFO (chosen in Settings): 9000 reports each digit with its key', async ({ context, tone }) => {
    const pwa = await Pwa.open(context, stack);
    const panel = await callWithPad(pwa, tone, 'info');
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
