/**
 * The call flows of the shift, each proven with the peers' own audio evidence (evidence.ts). A flow
 * never throws: whatever fails is written into its CallRecord, and `clearCalls` leaves the PWA and the
 * tone peer without a call before the next step.
 */
import { randomBytes } from 'node:crypto';
import { runSipServer } from '../../e2e/fixtures/sip-server.ts';
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
        await remoteAnswer(ctx, step, record);
        break;
      case 'inbound-ui-answer':
      case 'outbound-makecall':
      case 'outbound-dialpad-hold':
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

/** sipp as SIP Server: NOTIFY talk answers, NOTIFY hold/talk, SIP Server hangs up. */
async function remoteAnswer(ctx: ShiftContext, step: CallStep, record: CallRecord): Promise<void> {
  const rtpBefore = ctx.sippRtp?.packets();
  const sipp = runSipServer(ctx.stack.info, {
    scenario: 'genesys-remote-answer.xml',
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
  // The scenario streams for ~8 s; SIP Server's leg received our transcoded audio if its port did.
  const received = rtpBefore === undefined ? Number.NaN : (ctx.sippRtp?.packets() ?? Number.NaN) - rtpBefore;
  record.isHeardByFarEnd = received > 100;
}

function lastError(log: string): string {
  const lines = log.split('\n').filter((l) => /error|unexpected|aborted|timeout/i.test(l));
  return (lines.at(-1) ?? log.trim().split('\n').at(-1) ?? '').slice(0, 200);
}

/** Calls with the tone peer 9000: it calls in (answered in the UI), or the agent calls it (MakeCall, dial pad). */
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
  if (step.flow === 'outbound-dialpad-hold') {
    await holdAndRetrieve(ctx);
  }
  await midCall(ctx, step);
  const [heardByAgent, heardByFarEnd] = await Promise.all([agentHearsTone(page), peerHearsAgent(ctx.tone)]);
  record.isHeardByAgent = heardByAgent;
  record.isHeardByFarEnd = heardByFarEnd;
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

async function holdAndRetrieve(ctx: ShiftContext): Promise<void> {
  const hold = ctx.pwa.callPanel().getByTestId('hold');
  for (const pressed of ['true', 'false']) {
    await hold.click({ timeout: 5_000 });
    const done = await waitUntil(async () => (await hold.getAttribute('aria-pressed')) === pressed, 5_000);
    if (done === undefined) {
      throw new Error(`hold button never showed aria-pressed=${pressed}`);
    }
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
