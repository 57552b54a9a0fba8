/**
 * The agents that answer the bench's calls: stock JsSIP UAs in headless Chromium pages (the only real
 * WebRTC stack here), several per page, each registered over WSS through nginx and answering every
 * call at once with the fake microphone and the PWA's codec order (agent-page-codecs.ts), so each
 * call's agent leg is real ICE + DTLS-SRTP + Opus.
 * Loss and jitter are read where the agent hears them: each live peer connection's inbound-rtp stats.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { recordPeerConnections } from '../../e2e/fixtures/peer-connections.ts';
import { log } from '../lib/context.ts';
import { newBenchContext } from '../lib/instrument.ts';
import { STOCK_PATH } from '../lib/stock-page.ts';
import { agentPassword } from './accounts.ts';

/** An answering agent's view of a JsSIP session: its answer and its SDP event. */
interface AnsweredSession {
  answer(o: object): void;
  on(event: 'sdp', listener: (e: { originator: string; type: string; sdp: string }) => void): void;
}

/** The JsSIP global of the stock page and the PWA's codec order, as far as the answering agents use them. */
interface AnsweringWindow {
  JsSIP: {
    UA: new (config: object) => AnsweringUa;
    WebSocketInterface: new (url: string) => object;
  };
  __wgbPreferredAudio(sdp: string): string;
  __wgbAgents?: AnsweringUa[];
}

interface AnsweringUa {
  on(event: string, listener: (e: { originator?: string; session?: AnsweredSession }) => void): void;
  start(): void;
  isRegistered(): boolean;
  readonly transport: { readonly url: string; isConnected(): boolean };
}

/** agent-page-codecs.ts as one script for the pages. */
function codecOrderScript(): string {
  const built = buildSync({
    entryPoints: [join(import.meta.dirname, 'agent-page-codecs.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'warning',
  });
  return built.outputFiles[0]?.text ?? '';
}

/** One live call's receive counters at the agent. */
export interface InboundAudio {
  /** `<page>:<peer connection>`: the same call in two snapshots. */
  id: string;
  packetsReceived: number;
  packetsLost: number;
  /** RFC 3550 interarrival jitter, ms. */
  jitterMs: number;
}

/** Loss over the window per call present in both snapshots (no packet at all counts as all lost). */
export function callMedia(
  before: readonly InboundAudio[],
  after: readonly InboundAudio[],
): { loss: number; jitterMs: number }[] {
  return after.flatMap((end) => {
    const start = before.find((b) => b.id === end.id);
    if (start === undefined) {
      return [];
    }
    const received = end.packetsReceived - start.packetsReceived;
    const lost = Math.max(0, end.packetsLost - start.packetsLost);
    return [{ loss: received + lost === 0 ? 1 : lost / (received + lost), jitterMs: end.jitterMs }];
  });
}

export class AnsweringAgents {
  private constructor(
    private readonly context: BrowserContext,
    private readonly pages: Page[],
  ) {}

  /** Opens ceil(dns / perPage) pages and registers every DN; rejects if one does not register in time. */
  static async open(o: {
    browser: Browser;
    origin: string;
    /** The gateway URLs in order of preference (JsSIP's socket weights): the next serves when one fails. */
    wsUrls: readonly string[];
    dns: readonly string[];
    perPage: number;
  }): Promise<AnsweringAgents> {
    const context = await newBenchContext(o.browser);
    await context.addInitScript({ content: codecOrderScript() });
    const pages: Page[] = [];
    for (let i = 0; i < o.dns.length; i += o.perPage) {
      const page = await context.newPage();
      const index = pages.length;
      page.on('crash', () => log(`agent page ${index} crashed`));
      await recordPeerConnections(page);
      await page.goto(`${o.origin}${STOCK_PATH}`);
      const accounts = o.dns.slice(i, i + o.perPage).map((dn) => ({ dn, password: agentPassword(dn) }));
      await page.evaluate(
        ({ wsUrls, accounts }) =>
          Promise.all(
            accounts.map(
              ({ dn, password }) =>
                new Promise<void>((resolve, reject) => {
                  const { JsSIP } = window as unknown as AnsweringWindow;
                  const ua = new JsSIP.UA({
                    sockets: wsUrls.map((url, i) => ({
                      socket: new JsSIP.WebSocketInterface(url),
                      weight: wsUrls.length - i,
                    })),
                    uri: `sip:${dn}@127.0.0.1`,
                    password,
                  });
                  const w = window as unknown as AnsweringWindow;
                  (w.__wgbAgents ??= []).push(ua);
                  ua.on('newRTCSession', (e) => {
                    if (e.originator === 'remote' && e.session) {
                      e.session.on('sdp', (sdp) => {
                        if (sdp.originator === 'remote') {
                          sdp.sdp = (window as unknown as AnsweringWindow).__wgbPreferredAudio(sdp.sdp);
                        }
                      });
                      e.session.answer({ mediaConstraints: { audio: true, video: false } });
                    }
                  });
                  ua.on('registered', () => resolve());
                  ua.on('registrationFailed', (e) =>
                    reject(new Error(`${dn} did not register: ${String(e.originator)}`)),
                  );
                  ua.start();
                }),
            ),
          ).then(() => undefined),
        { wsUrls: o.wsUrls, accounts },
      );
      pages.push(page);
    }
    return new AnsweringAgents(context, pages);
  }

  /** For every agent, the gateway URL it is registered through now ('' while it is not registered). */
  async registeredVia(): Promise<string[]> {
    const perPage = await Promise.all(
      this.pages.map((page) =>
        page.evaluate(() =>
          ((window as unknown as AnsweringWindow).__wgbAgents ?? []).map((ua) =>
            ua.isRegistered() && ua.transport.isConnected() ? ua.transport.url : '',
          ),
        ),
      ),
    );
    return perPage.flat();
  }

  /** Waits (bounded) until `count` calls are live; resolves with the last look at them (fewer on timeout). */
  async waitForCalls(count: number, timeoutMs: number): Promise<InboundAudio[]> {
    const deadline = Date.now() + timeoutMs;
    let calls = await this.inbound();
    while (calls.length < count && Date.now() < deadline) {
      await sleep(250);
      calls = await this.inbound();
    }
    return calls;
  }

  /** How many of the calls in `since` receive audio (some packets, not all lost) over the next `overMs`. */
  async callsWithAudio(since: readonly InboundAudio[], overMs: number): Promise<number> {
    await sleep(overMs);
    return callMedia(since, await this.inbound()).filter((m) => m.loss < 1).length;
  }

  /** Inbound audio of every live call (a connected peer connection), over all pages. */
  async inbound(): Promise<InboundAudio[]> {
    const perPage = await Promise.all(
      this.pages.map(async (page, pageIndex) => {
        const calls = await page.evaluate(async () => {
          const all = window.__wgbPeerConnections ?? [];
          const live = all.filter((pc) => pc.connectionState === 'connected');
          return Promise.all(
            live.map(async (pc) => {
              const audio = { pc: all.indexOf(pc), packetsReceived: 0, packetsLost: 0, jitterMs: 0 };
              (await pc.getStats()).forEach(
                (s: {
                  type: string;
                  kind?: string;
                  packetsReceived?: number;
                  packetsLost?: number;
                  jitter?: number;
                }) => {
                  if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                    audio.packetsReceived = s.packetsReceived ?? 0;
                    audio.packetsLost = s.packetsLost ?? 0;
                    audio.jitterMs = (s.jitter ?? 0) * 1000;
                  }
                },
              );
              return audio;
            }),
          );
        });
        return calls.map(({ pc, ...audio }) => ({ id: `${pageIndex}:${pc}`, ...audio }));
      }),
    );
    return perPage.flat();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
