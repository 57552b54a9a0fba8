/**
 * Plays one compressed shift against the real stack: starts it (e2e fixtures), opens the PWA as an
 * agent would (credential, pairing, WWE's RegisterDn), starts WWE's polls and the probes, walks the
 * seeded plan in time, and stops everything it started in `finally` — also on Ctrl-C.
 */
import { isRecordedAlive, readPids } from '../../gateway/processes.ts';
import { BaresipControl } from '../../gateway/peers.ts';
import {
  isAlive,
  readRunningCompanion,
  startRecordedCompanion,
  stopRunningCompanion,
} from '../../e2e/fixtures/companion-process.ts';
import { Pwa } from '../../e2e/fixtures/pwa.ts';
import { startStack, type RunningStack } from '../../e2e/fixtures/stack.ts';
import { companionCall, isEndpointActive, registerDn } from '../../e2e/fixtures/wwe-client.ts';
import { KEEP_NAMES_SHIM } from '../../bench/lib/instrument.ts';
import { planShift, type PlanStep, type ShiftOptions } from '../plan.ts';
import type { CallRecord, FaultRecord, PageResources } from '../outcome.ts';
import { NetworkDrop, SippRtpCounter } from './evidence.ts';
import { runFault } from './faults.ts';
import { launchSoakBrowser, type SoakBrowser } from './soak-browser.ts';
import { clearCalls, playCall } from './flows.ts';
import { pageResources, recordPageResources, settledPageResources } from './page-resources.ts';
import { MemoryProbe, sleep, waitUntil, watchConsole, WwePoller } from './probes.ts';
import type { ShiftContext } from './shift-context.ts';

export const SOAK_DN = '1006';

export interface ShiftRecord {
  plan: PlanStep[];
  startedAt: number;
  endedAt: number;
  calls: CallRecord[];
  faults: FaultRecord[];
  truth: WwePoller['samples'];
  pwaHeap: MemoryProbe['pwaHeap'];
  companionRss: MemoryProbe['companionRss'];
  consoleErrors: { at: number; text: string }[];
  /** Chromium's own "WebSocket connection … failed" lines while a peer was down (not the app's). */
  browserNetworkErrors: { at: number; text: string }[];
  /** Recorded gateway daemons and the companion still alive after the stop (must be empty). */
  leftRunning: string[];
  /** Live RTCPeerConnections, open WebSockets and pending timers in the page at the start and the end. */
  resources: { start: PageResources | undefined; end: PageResources | undefined };
  aborted: boolean;
}

function log(message: string): void {
  console.log(`soak ${new Date().toISOString().slice(11, 19)} ${message}`);
}

export async function playShift(options: ShiftOptions, signal: { aborted: boolean }): Promise<ShiftRecord> {
  const plan = planShift(options);
  const record: ShiftRecord = {
    plan,
    startedAt: 0,
    endedAt: 0,
    calls: [],
    faults: [],
    truth: [],
    pwaHeap: [],
    companionRss: [],
    consoleErrors: [],
    browserNetworkErrors: [],
    leftRunning: [],
    resources: { start: undefined, end: undefined },
    aborted: false,
  };
  let stack: RunningStack | undefined;
  let browser: SoakBrowser | undefined;
  let wwe: WwePoller | undefined;
  let memory: MemoryProbe | undefined;
  let ctx: ShiftContext | undefined;
  const inNetns = process.env.WGB_IN_NETNS === '1';
  try {
    log('starting the stack');
    stack = await startStack();
    // The companion runs as `node main.ts` itself from here on, so its RSS is its own (not tsx's wrapper).
    await stopRunningCompanion();
    await startRecordedCompanion();
    browser = await launchSoakBrowser();
    const { context } = browser;
    await context.addInitScript(KEEP_NAMES_SHIM);
    await recordPageResources(context);
    const pwa = await Pwa.open(context, stack.info);
    watchConsole(pwa.page, { errors: record.consoleErrors, network: record.browserNetworkErrors });
    await pwa.saveCredential(SOAK_DN, `pw${SOAK_DN}`);
    await pwa.pairWithCompanion();
    await wweLogin(stack);
    await pwa.expectRegistration('registered');
    if ((await waitUntil(() => isEndpointActive(stack!.info), 10_000)) === undefined) {
      throw new Error('WWE never heard the endpoint active after RegisterDn');
    }
    const cdp = await context.newCDPSession(pwa.page);
    wwe = new WwePoller(stack.info, SOAK_DN);
    ctx = {
      stack,
      context,
      pwa,
      cdp,
      tone: await BaresipControl.connect(stack.info.toneCtrlPort),
      dn: SOAK_DN,
      wwe,
      sippRtp: inNetns ? SippRtpCounter.install() : undefined,
      network: inNetns ? NetworkDrop.install(stack.gateway.ports) : undefined,
      hide: browser.hide,
      runFault: async (step, duringCall) => {
        const fault = await runFault(ctx!, step, duringCall);
        record.faults.push(fault);
        log(`fault ${step.index} ${step.fault} (mid-call ${String(duringCall)}): ${JSON.stringify(fault.measures)}`);
        return fault;
      },
      log,
    };
    record.resources.start = await pageResources(pwa.page);
    memory = new MemoryProbe(() => ctx!.cdp);
    memory.start(10_000);

    record.startedAt = Date.now();
    log(`playing ${plan.length} steps over ${options.minutes} min (seed ${options.seed})`);
    for (const step of plan) {
      if (signal.aborted) {
        record.aborted = true;
        break;
      }
      const wait = record.startedAt + step.atMs - Date.now();
      if (wait > 0) {
        await sleep(wait);
      }
      if (step.kind === 'call') {
        const call = await playCall(ctx, step);
        record.calls.push(call);
        const mid = step.midCallFault ? ` (mid-call ${step.midCallFault.fault})` : '';
        log(
          `call ${step.index} ${step.flow}${mid}: answered=${call.isAnswered} agentHears=${call.isHeardByAgent} ` +
            `farEndHears=${call.isHeardByFarEnd}${call.error ? ` error=${call.error}` : ''}`,
        );
      } else {
        const fault = await ctx.runFault(step);
        await clearCalls(ctx);
        if (fault.error) {
          log(`fault ${step.index} ${step.fault} error: ${fault.error}`);
        }
      }
    }
    record.endedAt = Date.now();
    record.resources.end = await settledPageResources(ctx.pwa.page, record.resources.start).catch(() => undefined);
  } finally {
    memory?.stop();
    await wwe?.stop();
    record.truth = wwe?.samples ?? [];
    record.pwaHeap = memory?.pwaHeap ?? [];
    record.companionRss = memory?.companionRss ?? [];
    ctx?.tone.close();
    ctx?.network?.remove();
    ctx?.sippRtp?.remove();
    await browser?.close().catch((error: unknown) => log(`closing Chromium failed: ${String(error)}`));
    const pids = stack ? readPids(stack.info.gatewayRunDir) : [];
    const companionPid = readRunningCompanion()?.pid;
    await stack?.stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
    record.leftRunning = pids.filter(isRecordedAlive).map((p) => `${p.name} (pid ${p.pid})`);
    if (companionPid !== undefined && isAlive(companionPid)) {
      record.leftRunning.push(`companion (pid ${companionPid})`);
    }
    if (record.endedAt === 0) {
      record.endedAt = Date.now();
    }
  }
  return record;
}

/** WWE's login as it is seen on the wire: SetOptions, GetDnSIP, RegisterDn. */
async function wweLogin(stack: RunningStack): Promise<void> {
  await companionCall(stack.info, 'GET', '/GetDnSIP');
  const reply = await registerDn(stack.info, SOAK_DN);
  if (reply.status !== 200) {
    throw new Error(`RegisterDn answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}
