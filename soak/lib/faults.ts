/**
 * The faults of the shift, each timed against its recovery budget (outcome.ts RECOVERY_BUDGETS_MS).
 * Every fault undoes itself before it returns (Kamailio started again, the network back, the page
 * resumed), whatever failed, so the next step starts from a whole stack.
 */
import { join } from 'node:path';
import { startRecordedCompanion, stopRunningCompanion } from '../../e2e/fixtures/companion-process.ts';
import {
  restartRecordedDaemon,
  reregisterPeers,
  startKamailio,
  stopKamailio,
} from '../../e2e/fixtures/kamailio-fault.ts';
import { companionCall, isEndpointActive, registerDn } from '../../e2e/fixtures/wwe-client.ts';
import { E2E_RUN_DIR, REPO_ROOT } from '../../e2e/fixtures/paths.ts';
import { rtpCounters, sendingMicrophone } from '../../e2e/fixtures/peer-connections.ts';
import { BaresipControl, runSipp } from '../../gateway/peers.ts';
import { readPids, udpRequest } from '../../gateway/processes.ts';
import type { FaultRecord } from '../outcome.ts';
import type { FaultKind } from '../plan.ts';
import { lastError } from './flows.ts';
import { isBound, isReachable, sleep, waitUntil } from './probes.ts';
import { HIDDEN_THROTTLING_GRACE_MS } from './soak-browser.ts';
import type { ShiftContext } from './shift-context.ts';

const RECOVERY_TIMEOUT_MS = 30_000;

async function uiState(ctx: ShiftContext, testId: string): Promise<string | null> {
  return ctx.pwa.page.getByTestId(testId).getAttribute('data-state', { timeout: 500 });
}

/** The PWA says registered, Kamailio holds its binding and reaches the page, and WWE hears true. */
async function isWhole(ctx: ShiftContext): Promise<boolean> {
  const [registration, link, bound, active, reachable] = await Promise.all([
    uiState(ctx, 'status-registration'),
    uiState(ctx, 'status-link'),
    isBound(ctx.stack.info, ctx.dn),
    isEndpointActive(ctx.stack.info),
    isReachable(ctx.stack.info, ctx.dn),
  ]);
  return registration === 'registered' && link === 'ready' && bound && active && reachable;
}

/** ms from `since` until `condition` holds (undefined if it never does within the timeout). */
async function msUntil(since: number, condition: () => Promise<boolean> | boolean): Promise<number | undefined> {
  const at = await waitUntil(condition, RECOVERY_TIMEOUT_MS, 25);
  return at === undefined ? undefined : at - since;
}

export async function runFault(
  ctx: ShiftContext,
  step: { index: number; fault: FaultKind; outageMs: number },
  duringCall?: number,
): Promise<FaultRecord> {
  const record: FaultRecord = {
    index: step.index,
    fault: step.fault,
    startedAt: Date.now(),
    measures: {},
    ...(duringCall === undefined ? {} : { duringCall }),
  };
  ctx.log(`fault ${step.index}: ${step.fault}${step.outageMs ? ` for ${step.outageMs} ms` : ''}`);
  try {
    await FAULTS[step.fault](ctx, step.outageMs, record.measures);
  } catch (error) {
    record.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  const wholeAt = await waitUntil(() => isWhole(ctx), RECOVERY_TIMEOUT_MS, 50);
  if (wholeAt !== undefined) {
    record.recoveredAt = wholeAt;
  }
  return record;
}

type Measures = FaultRecord['measures'];

const FAULTS: Record<FaultKind, (ctx: ShiftContext, outageMs: number, measures: Measures) => Promise<void>> = {
  'kamailio-restart': async (ctx, _outage, measures) => {
    const stopped = await stopKamailio(ctx.stack.info);
    let startedAt: number;
    try {
      await sleep(500);
    } finally {
      startedAt = await startKamailio(ctx.stack.info, stopped);
    }
    // The demo peers lost their registrations with it: restart them while the PWA recovers.
    const registered = msUntil(startedAt, async () => {
      const [state, bound] = await Promise.all([uiState(ctx, 'status-registration'), isBound(ctx.stack.info, ctx.dn)]);
      return state === 'registered' && bound;
    });
    ctx.tone.close();
    await reregisterPeers(ctx.stack.info);
    ctx.tone = await BaresipControl.connect(ctx.stack.info.toneCtrlPort);
    measures.registered = await registered;
  },

  'companion-restart': async (ctx, _outage, measures) => {
    await stopRunningCompanion();
    await startRecordedCompanion();
    const listeningAt = Date.now();
    measures.relinked = await msUntil(listeningAt, async () => (await uiState(ctx, 'status-link')) === 'ready');
    measures.wweTrue = await msUntil(listeningAt, () => isEndpointActive(ctx.stack.info));
  },

  'pwa-reload': async (ctx, _outage, measures) => {
    const reloadedAt = Date.now();
    await ctx.pwa.page.reload();
    measures.registered = await msUntil(reloadedAt, async () => {
      const [state, link] = await Promise.all([uiState(ctx, 'status-registration'), uiState(ctx, 'status-link')]);
      return state === 'registered' && link === 'ready';
    });
  },

  'page-frozen': async (ctx, outageMs, measures) => {
    const frozenAt = Date.now();
    const frozen = await freeze(ctx);
    ctx.log(`page frozen by ${frozen.method}`);
    try {
      measures.wweFalse = await msUntil(frozenAt, async () => !(await isEndpointActive(ctx.stack.info)));
      measures.inviteFailed = await inviteToFrozenPage(ctx);
      await sleep(Math.max(0, outageMs - (Date.now() - frozenAt)));
    } finally {
      await thaw(ctx, frozen);
    }
    const resumedAt = Date.now();
    measures.wweTrue = await msUntil(resumedAt, () => isEndpointActive(ctx.stack.info));
    // The INVITE that failed at the gateway while the page was frozen must not ring after the thaw.
    const ghost = await waitUntil(() => ctx.pwa.page.getByTestId('incoming-call').isVisible(), 2_000);
    if (ghost !== undefined) {
      measures.ghostRingAfterThaw = ghost - resumedAt;
    }
  },

  'network-drop': async (ctx, outageMs, measures) => {
    const network = ctx.network;
    if (network === undefined) {
      throw new Error('network drop needs the soak’s own network namespace (root)');
    }
    network.down();
    let backAt: number;
    try {
      await sleep(outageMs);
    } finally {
      network.up();
      backAt = Date.now();
    }
    // Registered and reachable: the page answers the gateway again (not only its own REGISTER).
    measures.registered = await msUntil(backAt, async () => {
      const [state, bound, reachable] = await Promise.all([
        uiState(ctx, 'status-registration'),
        isBound(ctx.stack.info, ctx.dn),
        isReachable(ctx.stack.info, ctx.dn),
      ]);
      return state === 'registered' && bound && reachable;
    });
  },

  'wwe-relogin': async (ctx, _outage, measures) => {
    const out = await companionCall(ctx.stack.info, 'POST', '/UnregisterDn/', { body: {} });
    if (out.status !== 200) {
      throw new Error(`UnregisterDn answered ${out.status}`);
    }
    await waitUntil(async () => !(await isEndpointActive(ctx.stack.info)), 10_000);
    const loginAt = Date.now();
    const reply = await registerDn(ctx.stack.info, ctx.dn);
    if (reply.status !== 200) {
      throw new Error(`RegisterDn answered ${reply.status}`);
    }
    measures.wweTrue = await msUntil(loginAt, () => isEndpointActive(ctx.stack.info));
  },

  'rtpengine-restart': rtpengineRestart,
  'nginx-reload': nginxReload,
  'wwe-pings-stop': wwePingsStop,
  'microphone-switch': microphoneSwitch,
  'window-hidden': windowHidden,
};

async function rtpengineRestart(ctx: ShiftContext, _outage: number, measures: Measures): Promise<void> {
  const startedAt = Date.now();
  const { ng } = ctx.stack.gateway.ports;
  const readyAt = await restartRecordedDaemon(
    ctx.stack.info.gatewayRunDir,
    'rtpengine',
    async () => (await udpRequest(ng, 'wgb1 d7:command4:pinge', 300))?.includes('pong') ?? false,
  );
  measures.ready = readyAt - startedAt;
}

/** nginx re-reads its configuration (SIGHUP to the master): the agents' WebSockets must not notice. */
async function nginxReload(ctx: ShiftContext, _outage: number, measures: Measures): Promise<void> {
  const master = readPids(ctx.stack.info.gatewayRunDir).find((r) => r.name === 'nginx');
  if (master === undefined) {
    throw new Error('no nginx recorded in the gateway’s pids');
  }
  const reloadedAt = Date.now();
  process.kill(master.pid, 'SIGHUP');
  await sleep(500);
  measures.registered = await msUntil(reloadedAt, async () => {
    const [state, bound] = await Promise.all([uiState(ctx, 'status-registration'), isBound(ctx.stack.info, ctx.dn)]);
    return state === 'registered' && bound;
  });
}

/** WWE hangs (no Ping, no poll) for the outage: the endpoint stays registered; the PWA sees WWE back. */
async function wwePingsStop(ctx: ShiftContext, outageMs: number, measures: Measures): Promise<void> {
  ctx.wwe.silence(outageMs);
  await sleep(outageMs);
  const backAt = Date.now();
  measures.sessionActive = await msUntil(backAt, async () => (await uiState(ctx, 'status-wwe')) === 'active');
  measures.stayedBound = (await isBound(ctx.stack.info, ctx.dn)) ? 1 : 0;
}

/**
 * The agent picks another microphone in Settings mid-call: measured until the call's sender sends from
 * it and its outbound packets keep rising (the far end's own evidence is the call's, checked after).
 */
async function microphoneSwitch(ctx: ShiftContext, _outage: number, measures: Measures): Promise<void> {
  const { page } = ctx.pwa;
  const current = await sendingMicrophone(page);
  if (current === '') {
    throw new Error('no connected call to switch the microphone of');
  }
  const { label: picked, pickedAt } = await ctx.pwa.chooseOtherMicrophone(current);
  const sentBefore = (await rtpCounters(page)).outboundPackets;
  measures.switched = await msUntil(
    pickedAt,
    async () =>
      (await sendingMicrophone(page)) === picked && (await rtpCounters(page)).outboundPackets - sentBefore > 10,
  );
}

/** How long the hidden page waits between rings, and lets each ring before the caller gives up. */
const HIDDEN_RING_EVERY_MS = 15_000;
const HIDDEN_RING_FOR_MS = 3_000;

/**
 * The softphone's tab goes behind another one for the outage (really hidden: soak-browser.ts); past
 * the intensive-throttling grace, 9000 calls every 15 s and gives up after 3 s (a missed call). Each
 * ring is timed from the dial to the incoming call on the page.
 */
async function windowHidden(ctx: ShiftContext, outageMs: number, measures: Measures): Promise<void> {
  const { page } = ctx.pwa;
  const hiddenAt = Date.now();
  const show = await ctx.hide(page);
  const rings: number[] = [];
  try {
    if ((await page.evaluate(() => document.visibilityState)) !== 'hidden') {
      throw new Error('the softphone’s page did not turn hidden behind another tab');
    }
    await sleep(HIDDEN_THROTTLING_GRACE_MS);
    while (Date.now() - hiddenAt + HIDDEN_RING_FOR_MS < outageMs) {
      rings.push(await ringWhileHidden(ctx));
      ctx.log(`hidden page rang ${String(rings.at(-1))} ms after the dial`);
      await sleep(Math.min(HIDDEN_RING_EVERY_MS, Math.max(0, outageMs - (Date.now() - hiddenAt))));
    }
  } finally {
    await show();
  }
  measures.rings = rings.length;
  measures.ringMax = rings.some((ms) => Number.isNaN(ms)) || rings.length === 0 ? undefined : Math.max(...rings);
}

/** 9000 dials the agent: ms until the hidden page shows the call (NaN if it never does), then 9000 hangs up. */
async function ringWhileHidden(ctx: ShiftContext): Promise<number> {
  const dialedAt = Date.now();
  await ctx.tone.dial(`sip:${ctx.dn}@127.0.0.1`);
  const rang = await waitUntil(() => ctx.pwa.page.getByTestId('incoming-call').isVisible(), HIDDEN_RING_FOR_MS, 25);
  await sleep(Math.max(0, dialedAt + HIDDEN_RING_FOR_MS - Date.now()));
  await ctx.tone.hangup();
  await waitUntil(async () => (await ctx.pwa.page.getByTestId('incoming-call').count()) === 0, 5_000);
  return rang === undefined ? Number.NaN : rang - dialedAt;
}

type FreezeMethod = 'lifecycle' | 'debugger';

interface Frozen {
  method: FreezeMethod;
  /** Brings the hidden tab back to the front. */
  show: () => Promise<void>;
}

/**
 * A sleeping laptop's page: hidden behind another tab first (Chromium freezes hidden pages, as it
 * does a background tab), then CDP's Page.setWebLifecycleState 'frozen'. If the page still runs
 * script, the debugger holds its event loop instead: script stops, the browser's network stack keeps
 * the sockets open, as a frozen page's are.
 */
async function freeze(ctx: ShiftContext): Promise<Frozen> {
  const show = await ctx.hide(ctx.pwa.page);
  await ctx.cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  const isRunning = await Promise.race([
    ctx.cdp.send('Runtime.evaluate', { expression: '1' }).then(() => true),
    sleep(700).then(() => false),
  ]);
  if (!isRunning) {
    return { method: 'lifecycle', show };
  }
  await ctx.cdp.send('Page.setWebLifecycleState', { state: 'active' });
  await ctx.cdp.send('Debugger.enable');
  await ctx.cdp.send('Debugger.pause');
  return { method: 'debugger', show };
}

async function thaw(ctx: ShiftContext, frozen: Frozen): Promise<void> {
  if (frozen.method === 'lifecycle') {
    await ctx.cdp.send('Page.setWebLifecycleState', { state: 'active' });
  } else {
    await ctx.cdp.send('Debugger.resume');
    await ctx.cdp.send('Debugger.disable');
  }
  await frozen.show();
}

/** SIP Server calls the frozen agent: the gateway must fail the call fast (ms until sipp has its failure). */
async function inviteToFrozenPage(ctx: ShiftContext): Promise<number | undefined> {
  const startedAt = Date.now();
  const result = await runSipp({
    scenario: { file: join(REPO_ROOT, 'gateway', 'scenarios', 'invite-to-frozen-agent.xml') },
    target: `127.0.0.1:${ctx.stack.info.sipPort}`,
    args: ['-s', ctx.dn, '-p', String(ctx.stack.info.trunkPort), '-m', '1'],
    cwd: E2E_RUN_DIR,
    timeoutMs: 15_000,
  });
  const elapsed = Date.now() - startedAt;
  const why = result.code === 0 ? '' : `: ${lastError(result.log)}`;
  ctx.log(`INVITE to the frozen page: sipp exit ${String(result.code)} after ${elapsed} ms${why}`);
  return result.code === 0 ? elapsed : undefined;
}
