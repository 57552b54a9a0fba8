/**
 * What the soak watches while the shift runs: WWE's polls beside Kamailio's location table (every
 * answer of GetIsEndpointActive with the truth at that moment), the PWA's JS heap and the companion's
 * RSS, and the page's console errors. Probes read; they drive nothing but WWE's own Ping.
 */
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { udpRequest } from '../../gateway/processes.ts';
import { readRunningCompanion } from '../../e2e/fixtures/companion-process.ts';
import type { StackInfo } from '../../e2e/fixtures/stack-info.ts';
import { companionCall, isEndpointActive } from '../../e2e/fixtures/wwe-client.ts';
import type { MemorySample, TruthSample } from '../outcome.ts';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `intervalMs` until it holds; resolves with the time it first held, or undefined. */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 50,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const isMet = await Promise.resolve()
      .then(condition)
      .catch(() => false);
    if (isMet) {
      return Date.now();
    }
    if (Date.now() >= deadline) {
      return undefined;
    }
    await sleep(intervalMs);
  }
}

/** Is the DN bound in Kamailio's location table right now? (Kamailio down: no.) */
export async function isBound(info: StackInfo, dn: string): Promise<boolean> {
  return (await lookupLocation(info.gatewayRunDir, `${dn}@127.0.0.1`).catch(() => undefined)) !== undefined;
}

/**
 * Can the gateway reach the agent's page right now? An OPTIONS to the DN goes through Kamailio, nginx
 * and the page's WebSocket to JsSIP, which answers it 200 from its JavaScript. Registered is not
 * enough: after the network comes back, TCP may hold the gateway's side of the socket in
 * retransmission back-off for seconds while the page's own REGISTER still gets through.
 */
export async function isReachable(info: StackInfo, dn: string, timeoutMs = 1_000): Promise<boolean> {
  const tag = Math.random().toString(36).slice(2);
  const options = [
    `OPTIONS sip:${dn}@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${tag};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@soak.invalid>;tag=${tag}`,
    `To: <sip:${dn}@127.0.0.1>`,
    `Call-ID: ${tag}@wgb-soak-probe`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return (await udpRequest(info.sipPort, options, timeoutMs))?.startsWith('SIP/2.0 200') ?? false;
}

/** WWE as it behaves all day: Ping and GetIsEndpointActive once a second; each answer beside the truth. */
export class WwePoller {
  readonly samples: TruthSample[] = [];
  #running = true;
  #silentUntil = 0;
  readonly #loop: Promise<void>;

  constructor(
    private readonly info: StackInfo,
    private readonly dn: string,
    periodMs = 1_000,
  ) {
    this.#loop = this.#run(periodMs);
  }

  async #run(periodMs: number): Promise<void> {
    while (this.#running) {
      const started = Date.now();
      if (started < this.#silentUntil) {
        await sleep(Math.min(periodMs, this.#silentUntil - started));
        continue;
      }
      await companionCall(this.info, 'GET', '/Ping').catch(() => undefined);
      const [answer, bound] = await Promise.all([
        isEndpointActive(this.info).catch(() => undefined),
        isBound(this.info, this.dn),
      ]);
      if (answer !== undefined) {
        this.samples.push({ at: Date.now(), answer, isBound: bound });
      }
      await sleep(Math.max(0, periodMs - (Date.now() - started)));
    }
  }

  /** WWE goes silent (a hung WWE tab): no Ping and no poll for `ms`. */
  silence(ms: number): void {
    this.#silentUntil = Date.now() + ms;
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }
}

/**
 * The PWA's JS heap (CDP, so a paused page does not block it) and the running companion's RSS. The heap
 * is read after a full garbage collection: what the page still holds, not where V8's collector happens
 * to be — uncollected, the same page swings between 7 and 10.6 MB from one sample to the next.
 */
export class MemoryProbe {
  readonly pwaHeap: MemorySample[] = [];
  readonly companionRss: MemorySample[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly cdp: () => CDPSession) {}

  start(periodMs: number): void {
    const tick = (): void => {
      void this.sample().finally(() => {
        if (this.#timer !== undefined) {
          this.#timer = setTimeout(tick, periodMs);
        }
      });
    };
    this.#timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async sample(): Promise<void> {
    const at = Date.now();
    const heap = await Promise.race([
      this.cdp()
        .send('HeapProfiler.collectGarbage')
        .then(() => this.cdp().send('Runtime.getHeapUsage'))
        .then((r) => r.usedSize)
        .catch(() => undefined),
      sleep(1_000).then(() => undefined),
    ]);
    if (heap !== undefined) {
      this.pwaHeap.push({ at, bytes: heap });
    }
    const rss = companionRssBytes();
    if (rss !== undefined) {
      this.companionRss.push({ at, bytes: rss });
    }
  }
}

function companionRssBytes(): number | undefined {
  const pid = readRunningCompanion()?.pid;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Chromium's own line for a WebSocket or fetch that could not connect (the companion restarting, the
 * network gone). The browser writes it, not the app, and no app can avoid it: counted apart.
 */
export const BROWSER_NETWORK_ERROR = /^(WebSocket connection to '[^']*' failed|Failed to load resource)/;

/** Every console error and uncaught exception of the page, with its time; the browser's network lines apart. */
export function watchConsole(
  page: Page,
  sinks: { errors: { at: number; text: string }[]; network: { at: number; text: string }[] },
): void {
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const text = message.text();
      (BROWSER_NETWORK_ERROR.test(text) ? sinks.network : sinks.errors).push({ at: Date.now(), text });
    }
  });
  page.on('pageerror', (error) => sinks.errors.push({ at: Date.now(), text: `uncaught: ${error.message}` }));
}
