/**
 * Bench-side instruments installed with `context.addInitScript` before any app code runs; the app
 * itself is unchanged (the e2e suite's peer-connections.ts does the same). They timestamp, in epoch
 * ms (`performance.timeOrigin + performance.now()`):
 * - `invite` / `ack` / `2xx`: the moment a page hands a SIP INVITE (the first one of a call, before the
 *   407 digest challenge) / the ACK of a 2xx (= JsSIP `confirmed`) / its 2xx answer to an INVITE to a
 *   WebSocket — the wire as far as the page can see it; both JsSIP users, the PWA and the stock page,
 *   send through it;
 * - `first-rtp`: the first inbound RTP of a remote audio track: the track's `unmute` (Chromium unmutes
 *   a remote track on its first packet) or a non-empty `getSynchronizationSources()` polled every 2 ms
 *   once the page has sent its call's 2xx or ACK, whichever comes first. The poll waits for that because
 *   getSynchronizationSources() is a synchronous hop to WebRTC's thread: polled while the answer was
 *   still being built, it held the page's main thread for up to 8 ms at a time (Chromium trace of an
 *   answer), slowing the very answer it timed — the stock page's more than the product's.
 * Every RTCPeerConnection is kept, so the bench can check its configuration (e.g. the dead STUN server).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { epochNow } from './stats.ts';

export interface Mark {
  name: 'invite' | 'ack' | '2xx' | 'first-rtp';
  t: number;
  how?: string;
}

interface BenchWindow {
  __wgbBench?: { marks: Mark[]; pcs: RTCPeerConnection[] };
}

/**
 * tsx (esbuild, keepNames) wraps named inner functions in `__name(fn, "name")`; functions handed to
 * addInitScript/evaluate are serialized into the page, so a page driven from tsx gets a no-op `__name`
 * first (the Playwright test runner's own transform does not need it).
 */
export const KEEP_NAMES_SHIM = { content: 'globalThis.__name = (fn) => fn;' };

/** A browser context for the bench, with the keep-names shim. */
export async function newBenchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(KEEP_NAMES_SHIM);
  return context;
}

export function installInstruments(): void {
  const now = (): number => performance.timeOrigin + performance.now();
  const state = { marks: [] as Mark[], pcs: [] as RTCPeerConnection[] };
  (window as unknown as BenchWindow).__wgbBench = state;
  const inviteBranches = new Set<string>();
  /** 2xx answers to an INVITE and ACKs of a 2xx this page sent: its calls answered so far. */
  let answered = 0;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    send.call(this, data);
    if (typeof data === 'string') {
      if (/^SIP\/2\.0 2\d\d /.test(data) && /^CSeq: *\d+ INVITE\s*$/m.test(data)) {
        answered += 1;
        state.marks.push({ name: '2xx', t: now() });
      }
      const method = /^(INVITE|ACK) sip:/.exec(data.slice(0, 16))?.[1];
      const branch = /;branch=([^;\s]+)/.exec(data)?.[1] ?? '';
      if (method === 'INVITE') {
        inviteBranches.add(branch);
        state.marks.push({ name: 'invite', t: now() });
      } else if (method === 'ACK' && !inviteBranches.has(branch)) {
        // An ACK to a non-2xx (e.g. the 407 digest challenge) reuses its INVITE's branch; the ACK to a 2xx does not.
        state.marks.push({ name: 'ack', t: now() });
        answered += 1;
      }
    }
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      state.pcs.push(this);
      this.addEventListener('track', (event: RTCTrackEvent) => {
        if (event.track.kind !== 'audio') {
          return;
        }
        let done = false;
        const hit = (how: string): void => {
          if (!done) {
            done = true;
            state.marks.push({ name: 'first-rtp', t: now(), how });
          }
        };
        event.track.addEventListener('unmute', () => hit('unmute'), { once: true });
        const started = now();
        const answeredBefore = answered;
        const poll = setInterval(() => {
          if (done || now() - started > 60_000) {
            clearInterval(poll);
          } else if (answered === answeredBefore) {
            // this call is not answered yet: no RTP can flow (no early media here)
          } else if (event.receiver.getSynchronizationSources().length > 0) {
            hit('ssrc');
            clearInterval(poll);
          }
        }, 2);
      });
    }
  };
}

/** Clears the page's marks (call before each sample). */
export async function clearMarks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const bench = (window as unknown as BenchWindow).__wgbBench;
    if (bench) {
      bench.marks.length = 0;
    }
  });
}

/** Waits for the first mark `name`; resolves with its page time, or undefined after `timeoutMs`. */
export async function waitForMark(page: Page, name: Mark['name'], timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await page.evaluate(
      (n) => (window as unknown as BenchWindow).__wgbBench?.marks.find((m) => m.name === n)?.t,
      name,
    );
    if (t !== undefined) {
      return t;
    }
    if (Date.now() > deadline) {
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** ICE server URLs configured on the page's most recent RTCPeerConnection. */
export async function lastPcIceUrls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pcs = (window as unknown as BenchWindow).__wgbBench?.pcs ?? [];
    const servers = pcs[pcs.length - 1]?.getConfiguration().iceServers ?? [];
    return servers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  });
}

/** A page's clock moved to this process's: page epoch ms − offset = Node epoch ms (see clockOffset). */
export class PageClock {
  private constructor(
    private readonly page: Page,
    private offset: number,
  ) {}

  static async of(page: Page): Promise<PageClock> {
    return new PageClock(page, await clockOffset(page));
  }

  toNode(pageTime: number): number {
    return pageTime - this.offset;
  }

  /** Measures the offset again (before a series: the two clocks drift apart slowly). */
  async recalibrate(): Promise<void> {
    this.offset = await clockOffset(this.page);
  }
}

/**
 * Offset (ms) to subtract from a page timestamp to get this process's epoch time, from the
 * evaluate round trip with the smallest latency (error ≤ half of it, typically < 0.5 ms).
 */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 15; i += 1) {
    const n0 = epochNow();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const n1 = epochNow();
    if (n1 - n0 < best.rtt) {
      best = { rtt: n1 - n0, offset: p - (n0 + n1) / 2 };
    }
  }
  return best.offset;
}
