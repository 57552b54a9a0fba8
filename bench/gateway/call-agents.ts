/**
 * The agents that answer the bench's calls: stock JsSIP UAs in headless Chromium pages (the only real
 * WebRTC stack here), several per page, each registered over WSS through nginx and answering every
 * call at once with the fake microphone, so each call's agent leg is real ICE + DTLS-SRTP + Opus.
 * Loss and jitter are read where the agent hears them: each live peer connection's inbound-rtp stats.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { recordPeerConnections } from '../../e2e/fixtures/peer-connections.ts';
import { newBenchContext } from '../lib/instrument.ts';
import { STOCK_PATH } from '../lib/stock-page.ts';
import { agentPassword } from './accounts.ts';

/** The JsSIP global of the stock page, as far as the answering agents use it. */
interface AnsweringWindow {
  JsSIP: {
    UA: new (config: object) => {
      on(event: string, listener: (e: { originator?: string; session?: { answer(o: object): void } }) => void): void;
      start(): void;
    };
    WebSocketInterface: new (url: string) => object;
  };
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

export class AnsweringAgents {
  private constructor(
    private readonly context: BrowserContext,
    private readonly pages: Page[],
  ) {}

  /** Opens ceil(dns / perPage) pages and registers every DN; rejects if one does not register in time. */
  static async open(o: {
    browser: Browser;
    origin: string;
    wsUrl: string;
    dns: readonly string[];
    perPage: number;
  }): Promise<AnsweringAgents> {
    const context = await newBenchContext(o.browser);
    const pages: Page[] = [];
    for (let i = 0; i < o.dns.length; i += o.perPage) {
      const page = await context.newPage();
      await recordPeerConnections(page);
      await page.goto(`${o.origin}${STOCK_PATH}`);
      const accounts = o.dns.slice(i, i + o.perPage).map((dn) => ({ dn, password: agentPassword(dn) }));
      await page.evaluate(
        ({ wsUrl, accounts }) =>
          Promise.all(
            accounts.map(
              ({ dn, password }) =>
                new Promise<void>((resolve, reject) => {
                  const { JsSIP } = window as unknown as AnsweringWindow;
                  const ua = new JsSIP.UA({
                    sockets: [new JsSIP.WebSocketInterface(wsUrl)],
                    uri: `sip:${dn}@127.0.0.1`,
                    password,
                  });
                  ua.on('newRTCSession', (e) => {
                    if (e.originator === 'remote') {
                      e.session?.answer({ mediaConstraints: { audio: true, video: false } });
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
        { wsUrl: o.wsUrl, accounts },
      );
      pages.push(page);
    }
    return new AnsweringAgents(context, pages);
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
