/**
 * Calls through the cluster while a node dies, with real media: answering agents in headless Chromium
 * (stock JsSIP, real ICE + DTLS-SRTP + Opus; bench/gateway/call-agents.ts) and sipp as Genesys SIP
 * Server on the surviving node's trunk, echoing the agents' RTP back to them.
 * - `survivors` are registered at node 2 and hold calls through node 2 across the kill: their media is
 *   measured from before the kill until every moving agent has moved (loss at the agent).
 * - `movers` are registered at node 1 with node 2 next in their list; once they re-registered through
 *   node 2, SIP Server calls them there and each call must be answered with audio.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from '@playwright/test';
import { trustCaInNssDb } from '../../certs/nss.ts';
import { chromiumArgs, chromiumEnv, writeFakeMicrophone } from '../../e2e/fixtures/chromium.ts';
import { FAKE_MIC_WAV } from '../../e2e/fixtures/paths.ts';
import type { Gateway } from '../../gateway/gateway.ts';
import type { SippResult } from '../../gateway/peers.ts';
import { round } from '../lib/stats.ts';
import { AnsweringAgents, callMedia, type InboundAudio } from '../gateway/call-agents.ts';
import { placeCalls } from '../gateway/sip-server-calls.ts';

const AGENTS_PER_PAGE = 2;
/** Longer than the kill and the whole move may take (the calls are stopped when the bench is done). */
const SURVIVOR_HOLD_MS = 120_000;
const MOVER_HOLD_MS = 5_000;
const UP_WAIT_MS = 15_000;

export interface ClusterCallResult {
  /** Calls up at node 2 before the kill, and those still receiving audio after the move. */
  survivorCalls: number;
  survivorCallsWithAudio: number;
  /** Worst loss at a survivor's agent from before the kill until every moving agent had moved, %. */
  survivorWorstLossPercent: number;
  /** Calls placed through node 2 to moved agents once they re-registered there, and those receiving audio. */
  movedCalls: number;
  movedCallsWithAudio: number;
  /** Kill → the last calling agent registered through node 2, ms (null when one never did). */
  moversRegisteredMs: number | null;
}

export interface ClusterCallsOptions {
  nodes: readonly [Gateway, Gateway];
  survivorDns: string[];
  moverDns: string[];
  workDir: string;
}

export class ClusterCalls {
  /** One sipp at a time: SIP Server's trunk is its source port. */
  #sipp: { run: Promise<SippResult>; stop: AbortController } | null = null;
  #before: InboundAudio[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly survivors: AnsweringAgents,
    private readonly movers: AnsweringAgents,
    private readonly o: ClusterCallsOptions,
  ) {}

  /** Opens both groups of agents (the web root of node 2 serves their page) and waits until each registered. */
  static async open(o: ClusterCallsOptions): Promise<ClusterCalls> {
    mkdirSync(o.workDir, { recursive: true });
    const [first, second] = o.nodes;
    // Chromium of its own: a HOME whose NSS database trusts the cluster's CA, and the suite's fake microphone.
    const home = join(o.workDir, 'chromium-home');
    await trustCaInNssDb(join(home, '.pki', 'nssdb'), first.tls.caFile ?? first.tls.certFile);
    if (!existsSync(FAKE_MIC_WAV)) {
      writeFakeMicrophone();
    }
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs(),
      env: { ...chromiumEnv(), HOME: home },
    });
    const open = (dns: string[], wsUrls: string[]): Promise<AnsweringAgents> =>
      AnsweringAgents.open({ browser, origin: second.origin, wsUrls, dns, perPage: AGENTS_PER_PAGE });
    const survivors = await open(o.survivorDns, [second.sipWebSocketUrl]);
    const movers = await open(o.moverDns, [first.sipWebSocketUrl, second.sipWebSocketUrl]);
    return new ClusterCalls(browser, survivors, movers, o);
  }

  /** Stops the sipp placing calls (its calls end with it) and waits for it to exit. */
  async #stopCalls(): Promise<void> {
    this.#sipp?.stop.abort();
    await this.#sipp?.run;
    this.#sipp = null;
  }

  async #call(dns: readonly string[], holdMs: number, name: string): Promise<void> {
    await this.#stopCalls();
    const second = this.o.nodes[1];
    const stop = new AbortController();
    const run = placeCalls({
      dns,
      sipTarget: `127.0.0.1:${second.ports.sip}`,
      trunkPort: second.ports.trunk,
      perSecond: 10,
      holdMs,
      workDir: this.o.workDir,
      name,
      timeoutMs: holdMs + UP_WAIT_MS + 30_000,
      signal: stop.signal,
    });
    this.#sipp = { run, stop };
  }

  /** SIP Server calls every survivor through node 2; resolves once all the calls carry audio. */
  async callSurvivors(): Promise<void> {
    await this.#call(this.o.survivorDns, SURVIVOR_HOLD_MS, 'survivors');
    await this.survivors.waitForCalls(this.o.survivorDns.length, UP_WAIT_MS);
    await sleep(2_000);
    this.#before = await this.survivors.inbound();
  }

  /** Waits (bounded) until every mover is registered through node 2; kill → the last one, ms. */
  async moversMoved(killedAt: number, deadlineMs: number): Promise<number | null> {
    const url = this.o.nodes[1].sipWebSocketUrl;
    const deadline = killedAt + deadlineMs;
    while (performance.now() < deadline) {
      if ((await this.movers.registeredVia()).every((via) => via === url)) {
        return round(performance.now() - killedAt);
      }
      await sleep(100);
    }
    return null;
  }

  /** The survivors' media since callSurvivors() and in one more second, then calls to the movers through node 2. */
  async result(moversRegisteredMs: number | null): Promise<ClusterCallResult> {
    const end = await this.survivors.inbound();
    const media = callMedia(this.#before, end);
    const survivorCallsWithAudio = await this.survivors.callsWithAudio(end, 1_000);
    const movedCalls = this.o.moverDns.length;
    let movedCallsWithAudio = 0;
    if (moversRegisteredMs !== null) {
      await this.#call(this.o.moverDns, MOVER_HOLD_MS, 'movers');
      const first = await this.movers.waitForCalls(movedCalls, UP_WAIT_MS);
      movedCallsWithAudio = await this.movers.callsWithAudio(first, 1_000);
    }
    return {
      survivorCalls: this.#before.length,
      survivorCallsWithAudio,
      survivorWorstLossPercent: round(Math.max(0, ...media.map((m) => m.loss * 100))),
      movedCalls,
      movedCallsWithAudio,
      moversRegisteredMs,
    };
  }

  async close(): Promise<void> {
    await this.#stopCalls();
    await this.survivors.close();
    await this.movers.close();
    await this.browser.close();
  }
}
