/**
 * The order of a gateway bench run: the stack with one account per simulated agent, the agent ramp,
 * then the call ramp, then the reports. Everything started here is stopped in `finally`.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumEnv } from '../../e2e/fixtures/chromium.ts';
import { E2E_RUN_DIR, WEB_ROOT } from '../../e2e/fixtures/paths.ts';
import { startStack, type RunningStack } from '../../e2e/fixtures/stack.ts';
import { log } from '../lib/context.ts';
import { describeMachine } from '../lib/machine.ts';
import { round } from '../lib/stats.ts';
import { prepareBenchWebRoot } from '../lib/stock-page.ts';
import { agentDns, agentPassword, writeUsersFile } from './accounts.ts';
import { runAgentRamp, type AgentStep } from './agent-ramp.ts';
import { AgentPool } from './agents.ts';
import { AnsweringAgents } from './call-agents.ts';
import { runCallRamp } from './call-ramp.ts';
import { CpuMeter, type WindowUse } from './cpu-meter.ts';
import { FULL_PLAN, QUICK_PLAN, type CpuCeiling } from './plan.ts';
import { writeGatewayReports } from './report.ts';

/** The simulated agents' DNs start here; the call ramp's agents (Chromium pages) at CALL_AGENT_FIRST_DN. */
const AGENT_FIRST_DN = 20_000;
export const CALL_AGENT_FIRST_DN = 90_000;
/** rtpengine's media ports for the bench: the lab's 200 ports hold about 50 calls, fewer than a node carries. */
const BENCH_RTP_PORTS = { rtpMin: 40_000, rtpMax: 49_999 };

/** nginx's worker processes in the rendered config (`auto` is one per core). */
function nginxWorkers(gatewayRunDir: string, cores: number): number {
  const value = /^\s*worker_processes\s+(\w+);/m.exec(readFileSync(join(gatewayRunDir, 'nginx.conf'), 'utf8'))?.[1];
  return value === undefined || value === 'auto' ? cores : Number(value);
}

/** Saturated at 90 % of what each can use: one core per nginx worker, one for Node and sipp, all for the rest. */
function ceilings(gatewayRunDir: string, cores: number): CpuCeiling[] {
  const all = 90 * cores;
  return [
    { component: 'nginx', saturatedAtPercent: 90 * Math.min(cores, nginxWorkers(gatewayRunDir, cores)) },
    { component: 'kamailio', saturatedAtPercent: all },
    { component: 'rtpengine', saturatedAtPercent: all },
    { component: 'generator', saturatedAtPercent: 90 },
    { component: 'chromium', saturatedAtPercent: all },
    { component: 'sipp', saturatedAtPercent: 90 },
  ];
}

/** Calls answered by one Chromium page (one JsSIP UA per call). */
const CALLS_PER_PAGE = 10;

const CALL_METHOD =
  'Each call: sipp as Genesys SIP Server (trunk, UDP) sends an INVITE with a PCMU offer to an agent; Kamailio ' +
  'routes it over WSS through nginx to a stock JsSIP 3.13 UA in headless Chromium (10 UAs per page) that answers ' +
  'with its fake microphone. rtpengine bridges the legs: ICE + DTLS-SRTP + Opus to the agent, plain RTP/AVP PCMU ' +
  'to sipp, transcoding both ways; sipp sends every packet back (-rtp_echo). Loss and jitter are the agent\u2019s ' +
  'inbound-rtp stats (getStats) over the window: the audio crossed rtpengine twice (agent → sipp → agent).';

/** The stack at rest for 3 s: what the per-1,000 and per-100 figures subtract. */
async function idleUse(gatewayRunDir: string): Promise<WindowUse> {
  const meter = new CpuMeter(gatewayRunDir);
  meter.start();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return meter.read();
}

export async function runGatewayBench(o: { quick: boolean; network: string; repoRoot: string }): Promise<number> {
  const started = performance.now();
  const loadAtStart = round(loadavg()[0] ?? 0);
  const plan = o.quick ? QUICK_PLAN : FULL_PLAN;
  const cores = availableParallelism();
  const agents = agentDns(AGENT_FIRST_DN, plan.agentSteps.at(-1) ?? 0);
  const callAgents = agentDns(CALL_AGENT_FIRST_DN, plan.callSteps.at(-1) ?? 0);
  let stack: RunningStack | undefined;
  let pool: AgentPool | undefined;
  let browser: Browser | undefined;
  let answering: AnsweringAgents | undefined;
  let failed = false;
  try {
    log(`preparing ${WEB_ROOT} (dist/web + stock JsSIP page)`);
    prepareBenchWebRoot(WEB_ROOT);
    const usersFile = join(dirname(E2E_RUN_DIR), 'bench-gateway-users.txt');
    writeUsersFile(usersFile, [...agents, ...callAgents]);
    log(`starting the stack in ${E2E_RUN_DIR} with ${agents.length + callAgents.length} agent accounts`);
    stack = await startStack({ gateway: { usersFile, ports: BENCH_RTP_PORTS } });
    // The companion plays no part in the gateway's load.
    await stack.companion.stop();
    const gatewayRunDir = stack.gateway.runDir;
    const idle = await idleUse(gatewayRunDir);
    const wsUrls = [stack.gateway.sipWebSocketUrl];
    pool = new AgentPool({
      wsUrls: () => wsUrls,
      ca: readFileSync(stack.info.caCertFile),
      domain: '127.0.0.1',
      dns: agents,
      password: agentPassword,
    });
    log(`agent ramp: ${plan.agentSteps.join(', ')} agents, ${plan.agentHoldSec} s hold each`);
    const agentSteps: AgentStep[] = await runAgentRamp({
      pool,
      plan,
      gatewayRunDir,
      ceilings: ceilings(gatewayRunDir, cores),
      cores,
    });
    await pool.stop();
    pool = undefined;

    log(`call ramp: ${plan.callSteps.join(', ')} concurrent calls, ${plan.callWindowSec} s measured each`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs(),
      env: chromiumEnv(),
    });
    answering = await AnsweringAgents.open({
      browser,
      origin: stack.info.pwaOrigin,
      wsUrls,
      dns: callAgents,
      perPage: CALLS_PER_PAGE,
    });
    // The agents are gone but Kamailio and nginx keep memory they took: calls are counted from here.
    const callIdle = await idleUse(gatewayRunDir);
    const callSteps = await runCallRamp({
      agents: answering,
      dns: callAgents,
      plan,
      sipTarget: `127.0.0.1:${stack.info.sipPort}`,
      trunkPort: stack.info.trunkPort,
      workDir: join(E2E_RUN_DIR, 'sipp'),
      gatewayRunDir,
      ceilings: ceilings(gatewayRunDir, cores),
      cores,
    });
    const chromiumVersion = `Chromium ${browser.version()}`;
    const durationSec = Math.round((performance.now() - started) / 1000);
    await writeGatewayReports(o.repoRoot, {
      generatedAt: new Date().toISOString(),
      mode: o.quick ? 'quick' : 'full',
      command: `npm run bench:gateway${o.quick ? ' -- --quick' : ''}`,
      network: o.network,
      durationSec,
      loadAverage: { start: loadAtStart, end: round(loadavg()[0] ?? 0) },
      machine: describeMachine(o.repoRoot, chromiumVersion),
      plan,
      idle,
      agentSteps,
      callIdle,
      callSteps,
      callMethod: CALL_METHOD,
    });
    log(`done in ${durationSec} s`);
  } catch (error) {
    failed = true;
    console.error('bench:gateway: failed:', error);
  } finally {
    await pool?.stop(0);
    await answering?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.gateway.stop().catch(() => undefined);
  }
  return failed ? 1 : 0;
}
