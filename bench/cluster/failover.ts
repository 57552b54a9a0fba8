/**
 * The cluster bench's measurement: agents spread over two nodes by their URL lists (half list node 1
 * first, half node 2), node 1 killed under load, and the time each of its agents takes to register at
 * node 2 (from the kill to the 200 OK), with JsSIP's own recovery and the PWA's retries. Beside them,
 * calls with real media (calls.ts): calls up at node 2 across the kill, and calls to agents that moved.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { log } from '../lib/context.ts';
import { round, summarize, type Summary } from '../lib/stats.ts';
import { agentDns, agentPassword, writeUsersFile } from '../gateway/accounts.ts';
import { AgentPool } from '../gateway/agents.ts';
import { prepareBenchWebRoot } from '../lib/stock-page.ts';
import { ClusterCalls, type ClusterCallResult } from './calls.ts';
import { killNode, startNodePair } from './nodes.ts';

const FIRST_DN = 30_000;
/** The calling agents (Chromium pages) in each group: on node 2 across the kill, and moving from node 1. */
const CALL_FIRST_DN = 29_000;
const CALLING_AGENTS = 2;
/** Agents registering at once while the pool grows, and the PWA's register timeout. */
const GROW_CONCURRENCY = 50;
const REGISTER_TIMEOUT_MS = 9_000;
/** Steady state before the kill, and how long the moved agents may take. */
const SETTLE_MS = 5_000;
const MOVE_DEADLINE_MS = 60_000;

export interface FailoverResult {
  agents: number;
  /** Agents whose list starts with the killed node. */
  moved: number;
  /** Moved agents registered at the surviving node before the deadline. */
  reRegistered: number;
  /** Kill → 200 OK at the surviving node, per moved agent, ms. */
  reRegisterMs: Summary;
  /** Kill → the last moved agent registered, ms (null when some never did). */
  allMovedMs: number | null;
  /** REGISTERs refused or failed while they moved (503 from the flood limit, timeouts). */
  registrationFailures: number;
  /** Agents of the surviving node that lost their socket or registration meanwhile. */
  survivorsDisturbed: number;
  killedProcesses: number;
  growMs: number;
  /** Registrations not done within the PWA's register timeout while the agents first registered. */
  lateFirstRegistrations: number;
  /** kamailio.cfg's REGISTER_LIMIT on both nodes (REGISTERs per second). */
  registerLimit: number | 'template';
  calls: ClusterCallResult;
  cores: number;
  loadAverage: { start: number; end: number };
}

const waitFor = async (done: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export async function measureFailover(o: {
  agents: number;
  runDir: string;
  registerLimit?: number;
}): Promise<FailoverResult> {
  const loadStart = round(loadavg()[0] ?? 0);
  const dns = agentDns(FIRST_DN, o.agents);
  const [survivorDns, moverDns] = [
    agentDns(CALL_FIRST_DN, CALLING_AGENTS),
    agentDns(CALL_FIRST_DN + CALLING_AGENTS, CALLING_AGENTS),
  ];
  const usersFile = join(o.runDir, 'users.txt');
  writeUsersFile(usersFile, [...dns, ...survivorDns, ...moverDns]);
  const webRoot = join(o.runDir, 'web');
  prepareBenchWebRoot(webRoot);
  log(`starting two gateway nodes in ${o.runDir}`);
  const nodes = await startNodePair({ runDir: o.runDir, usersFile, webRoot, registerLimit: o.registerLimit });
  const [first, second] = nodes;
  let pool: AgentPool | undefined;
  let calls: ClusterCalls | undefined;
  try {
    const onFirst = (dn: string): boolean => Number(dn) % 2 === 0;
    const lists = {
      first: [first.sipWebSocketUrl, second.sipWebSocketUrl],
      second: [second.sipWebSocketUrl, first.sipWebSocketUrl],
    };
    const registeredBeforeKill = new Set<string>();
    const registeredAfterKill = new Map<string, number>();
    let killedAt: number | null = null;
    pool = new AgentPool({
      wsUrls: (dn) => (onFirst(dn) ? lists.first : lists.second),
      ca: readFileSync(first.tls.caFile ?? first.tls.certFile),
      domain: '127.0.0.1',
      dns,
      password: agentPassword,
      onRegistered: (dn) => {
        if (killedAt === null) {
          registeredBeforeKill.add(dn);
        } else if (!registeredAfterKill.has(dn)) {
          registeredAfterKill.set(dn, performance.now() - killedAt);
        }
      },
    });
    log(`registering ${o.agents} agents, half on each node`);
    const grown = await pool.grow(o.agents, GROW_CONCURRENCY, REGISTER_TIMEOUT_MS, o.agents);
    // A registration later than the PWA's timeout still counts: the PWA retries, and so do these agents.
    await waitFor(() => registeredBeforeKill.size === o.agents, MOVE_DEADLINE_MS);
    if (registeredBeforeKill.size < o.agents) {
      throw new Error(`${o.agents - registeredBeforeKill.size} of ${o.agents} agents never registered`);
    }
    log(`calling agents: ${CALLING_AGENTS} at node 2 with calls up, ${CALLING_AGENTS} at node 1 that will move`);
    calls = await ClusterCalls.open({ nodes, survivorDns, moverDns, workDir: join(o.runDir, 'sipp') });
    await calls.callSurvivors();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    pool.takeWindow();
    const moved = dns.filter(onFirst);
    killedAt = performance.now();
    const killedProcesses = killNode(first);
    log(`killed node 1 (${killedProcesses} processes); ${moved.length} agents must move to node 2`);
    const moversMoved = calls.moversMoved(killedAt, MOVE_DEADLINE_MS);
    await waitFor(() => moved.every((dn) => registeredAfterKill.has(dn)), MOVE_DEADLINE_MS);
    const window = pool.takeWindow();
    const callResult = await calls.result(await moversMoved);
    const times = moved.flatMap((dn) => registeredAfterKill.get(dn) ?? []);
    const survivors = dns.filter((dn) => !onFirst(dn));
    return {
      agents: o.agents,
      moved: moved.length,
      reRegistered: times.length,
      reRegisterMs: summarize(times),
      allMovedMs: times.length === moved.length ? round(Math.max(...times)) : null,
      registrationFailures: window.registrationFailures,
      survivorsDisturbed: survivors.filter((dn) => registeredAfterKill.has(dn)).length,
      killedProcesses,
      growMs: round(grown.elapsedMs),
      lateFirstRegistrations: grown.failed,
      registerLimit: o.registerLimit ?? 'template',
      calls: callResult,
      cores: availableParallelism(),
      loadAverage: { start: loadStart, end: round(loadavg()[0] ?? 0) },
    };
  } finally {
    await calls?.close();
    await pool?.stop(0);
    for (const node of nodes) {
      await node.stop().catch(() => undefined);
    }
  }
}
