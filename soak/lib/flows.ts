/**
 * The call flows of the shift, each proven with the peers' own audio evidence (evidence.ts). A flow
 * never throws: whatever fails is written into its CallRecord, and `clearCalls` leaves the PWA and the
 * tone peer without a call before the next step.
 */
import { randomBytes } from 'node:crypto';
import type { Locator } from '@playwright/test';
import { runSipServer } from '../../e2e/fixtures/sip-server.ts';
import { PeerLog } from '../../e2e/fixtures/call-evidence.ts';
import { companionCall } from '../../e2e/fixtures/wwe-client.ts';
import type { CallRecord } from '../outcome.ts';
import type { PlanStep } from '../plan.ts';
import { agentHearsTone, peerHearsAgent } from './evidence.ts';
import { waitUntil } from './probes.ts';
import type { ShiftContext } from './shift-context.ts';

type CallStep = Extract<PlanStep, { kind: 'call' }>;

const TOKEN_HEADER = 'X-WGB-Token';

async function panelState(ctx: ShiftContext): Promise<string | null> {
  const panel = ctx.pwa.callPanel();
  return (await panel.count()) === 0 ? null : panel.first().getAttribute('data-state', { timeout: 1_000 });
}

const isActive = async (ctx: ShiftContext): Promise<boolean> => (await panelState(ctx)) === 'active';
/** No call panel and nothing ringing (a ringing call is shown apart from the panel). */
const isIdle = async (ctx: ShiftContext): Promise<boolean> =>
  (await panelState(ctx)) === null && (await ctx.pwa.page.getByTestId('incoming-call').count()) === 0;

export async function playCall(ctx: ShiftContext, step: CallStep): Promise<CallRecord> {
  const record: CallRecord = {
    index: step.index,
    flow: step.flow,
    offeredAt: Date.now(),
    settledAt: 0,
    isAnswered: false,
    isHeardByAgent: false,
    isHeardByFarEnd: false,
  };
  try {
    switch (step.flow) {
      case 'inbound-remote-answer':
        await fromSipServer(ctx, step, record, 'genesys-remote-answer.xml');
        break;
      case 'inbound-auto-answer':
        await fromSipServer(ctx, step, record, 'genesys-auto-answer.xml');
        break;
      case 'inbound-ui-answer':
      case 'outbound-makecall':
      case 'outbound-dialpad-hold':
      case 'outbound-dtmf':
      case 'two-lines':
      case 'blind-transfer':
        await withTonePeer(ctx, step, record);
        break;
    }
  } catch (error) {
    record.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  await clearCalls(ctx);
  record.settledAt = Date.now();
  return record;
}

async function midCall(ctx: ShiftContext, step: CallStep): Promise<void> {
  if (step.midCallFault) {
    await ctx.runFault(step.midCallFault, step.index);
  }
}

/**
 * sipp as SIP Server: the remote-answer scenario (NOTIFY talk answers, NOTIFY hold/talk) or the
 * auto-answer one (Call-Info answer-after=0); SIP Server hangs up.
 */
async function fromSipServer(ctx: ShiftContext, step: CallStep, record: CallRecord, scenario: string): Promise<void> {
  const rtpBefore = ctx.sippRtp?.packets();
  const sipp = runSipServer(ctx.stack.info, {
    scenario,
    dn: ctx.dn,
    vars: { uuid: `SOAK-${step.index}-${randomBytes(3).toString('hex')}` },
    timeoutMs: 40_000,
  });
  const answeredAt = await waitUntil(() => isActive(ctx), 10_000);
  if (answeredAt !== undefined) {
    record.isHeardByAgent = await agentHearsTone(ctx.pwa.page);
    await midCall(ctx, step);
  }
  const result = await sipp;
  record.isAnswered = answeredAt !== undefined && result.code === 0;
  if (result.code !== 0) {
    record.error = `sipp exit ${String(result.code)}${result.timedOut ? ' (timed out)' : ''}: ${lastError(result.log)}`;
  }
  // The scenarios stream for 5–8 s; SIP Server's leg received our transcoded audio if its port did.
  const received = rtpBefore === undefined ? Number.NaN : (ctx.sippRtp?.packets() ?? Number.NaN) - rtpBefore;
  record.isHeardByFarEnd = received > 100;
}

/** sipp's last error line (or its last line), for the log and the call's record. */
export function lastError(log: string): string {
  const lines = log.split('\n').filter((l) => /error|unexpected|aborted|timeout/i.test(l));
  return (lines.at(-1) ?? log.trim().split('\n').at(-1) ?? '').slice(0, 200);
}

/**
 * Calls with the tone peer 9000: it calls in (answered in the UI), or the agent calls it (MakeCall,
 * dial pad), then the flow's own step (hold, DTMF, a second line) and the audio evidence; the call
 * ends by the agent, by 9000, or by a blind transfer to 9001.
 */
async function withTonePeer(ctx: ShiftContext, step: CallStep, record: CallRecord): Promise<void> {
  const { page } = ctx.pwa;
  const mark = ctx.tone.mark();
  if (step.flow === 'inbound-ui-answer') {
    await ctx.tone.dial(`sip:${ctx.dn}@127.0.0.1`);
    const answer = page.getByTestId('answer');
    await answer.waitFor({ state: 'visible', timeout: 5_000 });
    await answer.click({ timeout: 5_000 });
  } else if (step.flow === 'outbound-makecall') {
    const reply = await companionCall(ctx.stack.info, 'POST', '/MakeCall', {
      headers: { [TOKEN_HEADER]: ctx.stack.info.extensionToken },
      body: { destination: '9000' },
    });
    if (reply.status !== 200) {
      throw new Error(`MakeCall answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
  } else {
    await ctx.pwa.dial('9000');
  }
  const answeredAt = await waitUntil(() => isActive(ctx), 10_000);
  await ctx.tone.waitForEvent('CALL_ESTABLISHED', mark, 10_000);
  record.isAnswered = answeredAt !== undefined;
  if (!record.isAnswered) {
    const states = await ctx.pwa.callPanel().evaluateAll((panels) => panels.map((p) => p.getAttribute('data-state')));
    throw new Error(`the call never became active in the PWA (its call panels: ${states.join(', ') || 'none'})`);
  }
  await FLOW_STEPS[step.flow]?.(ctx);
  await midCall(ctx, step);
  const [heardByAgent, heardByFarEnd] = await Promise.all([agentHearsTone(page), peerHearsAgent(ctx.tone)]);
  record.isHeardByAgent = heardByAgent;
  record.isHeardByFarEnd = heardByFarEnd;
  if (step.flow === 'blind-transfer') {
    await blindTransfer(ctx);
    return;
  }
  const closeMark = ctx.tone.mark();
  if (step.hangup === 'agent') {
    await page.getByTestId('hangup').click({ timeout: 5_000 });
  } else {
    await ctx.tone.hangup();
  }
  await ctx.tone.waitForEvent('CALL_CLOSED', closeMark, 10_000);
  if ((await waitUntil(() => isIdle(ctx), 5_000)) === undefined) {
    throw new Error(`the call panel stayed after the ${step.hangup} hung up`);
  }
}

/** What a flow does once its call with 9000 is up, before the evidence is taken. */
const FLOW_STEPS: Partial<Record<CallStep['flow'], (ctx: ShiftContext) => Promise<void>>> = {
  'outbound-dialpad-hold': (ctx) => holdAndRetrieve(ctx),
  'outbound-dtmf': pressDigits,
  'two-lines': secondLine,
};

async function expectPressed(hold: Locator, pressed: 'true' | 'false'): Promise<void> {
  if ((await waitUntil(async () => (await hold.getAttribute('aria-pressed')) === pressed, 5_000)) === undefined) {
    throw new Error(`hold button never showed aria-pressed=${pressed}`);
  }
}

async function holdAndRetrieve(ctx: ShiftContext): Promise<void> {
  const hold = ctx.pwa.callPanel().getByTestId('hold');
  for (const pressed of ['true', 'false'] as const) {
    await hold.click({ timeout: 5_000 });
    await expectPressed(hold, pressed);
  }
}

const DIGITS = ['1', '5', '#'];

/** Each digit from the call's DTMF pad must reach 9000 as a whole RFC 4733 event (start and end). */
async function pressDigits(ctx: ShiftContext): Promise<void> {
  const panel = ctx.pwa.callPanel();
  const peerLog = PeerLog.mark(ctx.stack.info, '9000');
  await panel.getByTestId('dtmf-toggle').click({ timeout: 5_000 });
  for (const [i, key] of DIGITS.entries()) {
    await panel.getByTestId(`dtmf-key-${key}`).click({ timeout: 5_000 });
    const ended = () => peerLog.telephoneEvents().filter((e) => e.isEnd).length > i;
    if ((await waitUntil(ended, 5_000)) === undefined) {
      throw new Error(`9000 never decoded the DTMF digit '${key}'`);
    }
  }
  const decoded = peerLog
    .telephoneEvents()
    .filter((e) => e.isEnd)
    .map((e) => e.key)
    .join('');
  if (decoded !== DIGITS.join('')) {
    throw new Error(`9000 decoded the digits '${decoded}', not '${DIGITS.join('')}'`);
  }
}

/** A second line to the echo peer 9001 holds the first; 9001 is hung up, then 9000 retrieved. */
async function secondLine(ctx: ShiftContext): Promise<void> {
  const panels = ctx.pwa.callPanel();
  await ctx.pwa.dial('9001');
  const bothUp = async (): Promise<boolean> =>
    (await panels.count()) === 2 && (await panels.nth(1).getAttribute('data-state')) === 'active';
  if ((await waitUntil(bothUp, 10_000)) === undefined) {
    throw new Error('the second line to 9001 never became active');
  }
  const firstHold = panels.first().getByTestId('hold');
  await expectPressed(firstHold, 'true');
  await panels.nth(1).getByTestId('hangup').click({ timeout: 5_000 });
  if ((await waitUntil(async () => (await panels.count()) === 1, 5_000)) === undefined) {
    throw new Error('the second line stayed after the agent hung it up');
  }
  await firstHold.click({ timeout: 5_000 });
  await expectPressed(firstHold, 'false');
}

/** Transfers 9000 to 9001: our leg ends, 9000 reaches 9001 (then 9000 hangs up that call). */
async function blindTransfer(ctx: ShiftContext): Promise<void> {
  const panel = ctx.pwa.callPanel();
  const mark = ctx.tone.mark();
  await panel.getByTestId('transfer-toggle').click({ timeout: 5_000 });
  await panel.getByTestId('transfer-target').fill('9001', { timeout: 5_000 });
  await panel.getByTestId('transfer-blind').click({ timeout: 5_000 });
  try {
    if ((await waitUntil(() => isIdle(ctx), 15_000)) === undefined) {
      throw new Error('our leg stayed up after the blind transfer');
    }
    await ctx.tone.waitForEvent('CALL_ESTABLISHED', mark, 10_000).catch(() => {
      throw new Error('9000 never reached 9001 after the REFER');
    });
  } finally {
    await ctx.tone.hangup().catch(() => undefined);
  }
}

/** Leaves no call behind: hangs up in the PWA and at the tone peer, waits for the panel to go. */
export async function clearCalls(ctx: ShiftContext): Promise<void> {
  if (await isIdle(ctx).catch(() => true)) {
    return;
  }
  ctx.log('clearing a call left over');
  await ctx.pwa.page
    .getByTestId('hangup')
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  for (const decline of await ctx.pwa.page.getByTestId('decline').all()) {
    await decline.click({ timeout: 1_000 }).catch(() => undefined);
  }
  await ctx.tone.hangup().catch(() => undefined);
  if ((await waitUntil(() => isIdle(ctx), 10_000)) === undefined) {
    ctx.log('the call panel did not go: reloading the PWA');
    await ctx.pwa.page.reload().catch(() => undefined);
  }
}
