/**
 * Issue 4 item 7, transfer with a third party through the real Kamailio: the agent calls 9000 and
 * blind-transfers it to 9001 (the echo peer) with the call panel's transfer control. The REFER goes
 * to 9000, which calls 9001 itself; the PWA's call ends as "Transferred" (its history row says so),
 * and the new 9000 → 9001 call carries audio (9000 receives 9001's echo of its tone).
 *
 * Attended transfer (REFER with Replaces): a customer (sipp as SIP Server's caller, through the trunk)
 * calls the agent, who consults 9001 on the second line and hands the customer over. The customer
 * acts as a real transferee (e2e/sipp/attended-transfer-transferee.xml): 202, NOTIFY 100 Trying, then
 * the final sipfrag, then the agent's BYE. A 2xx ends both lines with the "transferred" notice and
 * History entry; a 503 is told to the agent, who keeps both lines. (The demo peers, baresip 1.0, never
 * send the final NOTIFY for a REFER with Replaces, so they cannot be the transferee here.)
 */
import type { BaresipControl } from '../../gateway/peers.ts';
import { expect, test } from '../fixtures/peer-test.ts';
import { peerAudio } from '../fixtures/call-evidence.ts';
import { readRawStore } from '../fixtures/idb-raw.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { dialogTags, recordSipMessages } from '../fixtures/sip-trace.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { banner, registerAs } from '../fixtures/ui.ts';

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

/** The transferee's checks up to its final NOTIFY; `sipfrag` is the status it reports. */
const TRANSFEREE_LINES = (sipfrag: string): string[] => [
  'answered by the agent: 200 OK with SDP',
  'held for the consultation',
  'REFER Refer-To',
  'NOTIFY 100 Trying answered 200',
  `final NOTIFY SIP/2.0 ${sipfrag} answered 200`,
  'BYE from the agent',
];

/**
 * The customer calls the agent, who answers, calls 9001 on the second line (the customer is held)
 * and transfers the customer to the other line. Returns sipp's run and both lines by Call-ID.
 */
async function consultAndTransfer(pwa: Pwa, echo: BaresipControl, sipfrag: string) {
  const sipp = runSipServer(stack, {
    scenario: 'attended-transfer-transferee.xml',
    dn: DN,
    vars: { sipfrag },
    timeoutMs: 45_000,
  });
  await expect(pwa.page.getByTestId('incoming-caller')).toContainText('Customer');
  await pwa.page.getByTestId('answer').click();
  const panels = pwa.callPanel();
  await expect(panels).toHaveAttribute('data-state', 'active');
  const customerCallId = (await panels.getAttribute('data-call-id')) ?? '';
  const line = (callId: string) => pwa.page.locator(`[data-testid="call-panel"][data-call-id="${callId}"]`);
  const customer = line(customerCallId);

  const echoMark = echo.mark();
  await pwa.dial('9001');
  await expect(panels).toHaveCount(2);
  await expect(panels.nth(1)).toHaveAttribute('data-state', 'active');
  const consultCallId = (await panels.nth(1).getAttribute('data-call-id')) ?? '';
  const consult = line(consultCallId);
  await echo.waitForEvent('CALL_INCOMING', echoMark);
  await expect(customer.getByTestId('call-state')).toHaveText('On hold');

  await customer.getByTestId('transfer-toggle').click();
  await expect(customer.getByTestId('transfer-attended')).toContainText('9001');
  await customer.getByTestId('transfer-attended').click();
  return { sipp, customer, consult, consultCallId };
}

test.describe('attended transfer to a consulted colleague', () => {
  test('the customer is handed to 9001: both lines end, the notice and History say so', async ({ context, echo }) => {
    const sip = await recordSipMessages(context, stack.pwaOrigin);
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    const { sipp, consultCallId } = await consultAndTransfer(pwa, echo, '200 OK');

    // The NOTIFY 200 sipfrag ends the customer's line (our BYE) and the consultation line with 9001.
    await expect(pwa.callPanel()).toHaveCount(0, { timeout: 15_000 });
    await expect(banner(pwa.page, 'error')).toHaveCount(0);
    await expect(pwa.page.getByTestId('transfer-notice')).toHaveText('Call with Customer transferred to 9001');

    // The customer got a REFER to 9001 whose Replaces names our dialog with 9001 as 9001 knows it:
    // its Call-ID, 9001's tag as to-tag, ours as from-tag (RFC 3891 §3).
    const result = await sipp;
    assertSippPassed(result, TRANSFEREE_LINES('200 OK'));
    const [target, replaces = ''] = (/WGB-OK REFER Refer-To (\S+)/.exec(result.log)?.[1] ?? '').split('?Replaces=');
    expect(target).toMatch(/^sip:9001@/);
    const consultDialog = dialogTags(sip, consultCallId);
    if (!consultDialog) {
      throw new Error(`no 2xx to the INVITE of ${consultCallId} passed the PWA's SIP WebSocket`);
    }
    expect(decodeURIComponent(replaces)).toBe(
      `${consultCallId};to-tag=${consultDialog.toTag};from-tag=${consultDialog.fromTag}`,
    );

    await pwa.page.getByTestId('nav-history').click();
    const rows = pwa.page.getByTestId('history-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'Customer' }).getByTestId('history-kind')).toHaveText('Transferred to 9001');
    await expect(rows.filter({ hasNotText: 'Customer' }).getByTestId('history-kind')).toHaveText('Outgoing');
  });

  test('the customer reports 503 for 9001: the agent is told and keeps both lines', async ({ context, echo }) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    const { sipp, customer, consult } = await consultAndTransfer(pwa, echo, '503 Service Unavailable');

    await expect(banner(pwa.page, 'error')).toContainText(
      'transfer failed: the transfer target answered 503 Service Unavailable',
    );
    await expect(pwa.callPanel()).toHaveCount(2);
    await expect(customer.getByTestId('call-state')).toHaveText('On hold');
    await expect(consult.getByTestId('call-state')).toHaveText('Connected');
    await expect(pwa.page.getByTestId('transfer-notice')).toHaveCount(0);

    // Both lines are the agent's to end; the customer's BYE comes from the agent's Hang up.
    await customer.getByTestId('hangup').click();
    assertSippPassed(await sipp, TRANSFEREE_LINES('503 Service Unavailable'));
    await consult.getByTestId('hangup').click();
    await expect(pwa.callPanel()).toHaveCount(0);
    await pwa.page.getByTestId('nav-history').click();
    const kinds = pwa.page.getByTestId('history-row').filter({ hasText: 'Customer' }).getByTestId('history-kind');
    await expect(kinds).toHaveText('Incoming');
  });
});
