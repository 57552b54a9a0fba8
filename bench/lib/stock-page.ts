/**
 * Stock JsSIP, the baseline of the call figures: JsSIP 3.13 from node_modules bundled with esbuild
 * (the package ships CommonJS modules only, no browser bundle) into a plain page served from the gateway origin, driven with JsSIP's defaults
 * (no pcConfig → `iceServers: []`, no `ready()` on candidates: JsSIP waits for ICE gathering to complete).
 * The bench web root is a copy of the built PWA plus `/bench-stock/`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../../e2e/fixtures/paths.ts';

export const STOCK_PATH = '/bench-stock/';

/** Copies dist/web (building it first if missing) to `webRoot` and adds the stock JsSIP page. */
export function prepareBenchWebRoot(webRoot: string): void {
  const dist = join(REPO_ROOT, 'dist', 'web');
  if (!existsSync(join(dist, 'index.html'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) {
      throw new Error('npm run build failed');
    }
  }
  rmSync(webRoot, { recursive: true, force: true });
  cpSync(dist, webRoot, { recursive: true });
  const dir = join(webRoot, 'bench-stock');
  mkdirSync(dir, { recursive: true });
  const esbuild = spawnSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      join(REPO_ROOT, 'node_modules', 'jssip', 'lib', 'JsSIP.js'),
      '--bundle',
      '--format=iife',
      '--global-name=JsSIP',
      '--minify',
      '--log-level=warning',
      `--outfile=${join(dir, 'jssip.js')}`,
    ],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  if (esbuild.status !== 0) {
    throw new Error('esbuild could not bundle node_modules/jssip/lib/JsSIP.js');
  }
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>stock JsSIP (bench)</title>' +
      `<script src="${STOCK_PATH}jssip.js"></script></head><body><p>stock JsSIP 3.13 bench page</p></body></html>\n`,
  );
}

/** The parts of JsSIP's API the stock page uses (the global from the IIFE bundle). */
interface StockSession {
  answer(options: object): void;
  on(event: 'sdp', listener: (e: { originator: string; sdp: string }) => void): void;
  terminate(): void;
  isEnded(): boolean;
}
interface StockUa {
  on(event: string, listener: (e: { originator?: string; session?: StockSession; cause?: string }) => void): void;
  start(): void;
  stop(): void;
  call(target: string, options: object): StockSession;
}
interface StockWindow {
  JsSIP: {
    UA: new (config: object) => StockUa;
    WebSocketInterface: new (url: string) => object;
  };
  __stock?: { ua: StockUa; incoming: StockSession[]; current: StockSession | null };
}

/** Registers `dn` with JsSIP defaults; resolves with ua.start() → registered in ms. */
export async function stockRegister(page: Page, wsUrl: string, dn: string): Promise<number> {
  return page.evaluate(
    ({ wsUrl, dn }) =>
      new Promise<number>((resolve, reject) => {
        const w = window as unknown as StockWindow;
        w.__stock?.ua.stop();
        const ua = new w.JsSIP.UA({
          sockets: [new w.JsSIP.WebSocketInterface(wsUrl)],
          uri: `sip:${dn}@127.0.0.1`,
          password: `pw${dn}`,
        });
        const stock = { ua, incoming: [] as StockSession[], current: null as StockSession | null };
        w.__stock = stock;
        ua.on('newRTCSession', (e) => {
          if (e.originator === 'remote' && e.session) {
            stock.incoming.push(e.session);
          }
        });
        const t0 = performance.now();
        ua.on('registered', () => resolve(performance.now() - t0));
        ua.on('registrationFailed', (e) => reject(new Error(`stock JsSIP registration failed: ${e.cause ?? '?'}`)));
        ua.start();
      }),
    { wsUrl, dn },
  );
}

/** `call()` with JsSIP defaults (plus `pcConfig` only when given); resolves with the page time of call(). */
export async function stockCall(page: Page, target: string, iceServers?: RTCIceServer[]): Promise<number> {
  return page.evaluate(
    ({ target, iceServers }) => {
      const stock = (window as unknown as StockWindow).__stock!;
      const t0 = performance.timeOrigin + performance.now();
      stock.current = stock.ua.call(target, {
        mediaConstraints: { audio: true, video: false },
        ...(iceServers ? { pcConfig: { iceServers } } : {}),
      });
      return t0;
    },
    { target, iceServers },
  );
}

/** Waits for an incoming call in the stock page (bounded). */
export async function stockWaitIncoming(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as StockWindow).__stock?.incoming.length ?? 0) > 0, undefined, {
    timeout: timeoutMs,
    polling: 5,
  });
}

export interface StockAnswerOptions {
  /** `pcConfig.iceServers` (JsSIP's default: none). */
  iceServers?: RTCIceServer[];
  /**
   * Answer Opus rather than the offer's first codec, as an application would with JsSIP's documented
   * `sdp` event (the offer's audio payload types reordered, Opus first), for a like-for-like baseline
   * of a softphone that prefers Opus.
   */
  preferOpus?: boolean;
}

/** Answers the incoming call; resolves with the page time of answer(). */
export async function stockAnswer(page: Page, options: StockAnswerOptions = {}): Promise<number> {
  return page.evaluate(({ iceServers, preferOpus }) => {
    const stock = (window as unknown as StockWindow).__stock!;
    const session = stock.incoming.shift()!;
    stock.current = session;
    if (preferOpus) {
      session.on('sdp', (e) => {
        const opus = /^a=rtpmap:(\d+) opus\//im.exec(e.sdp)?.[1];
        if (e.originator === 'remote' && opus !== undefined) {
          e.sdp = e.sdp.replace(/^(m=audio \S+ \S+)((?: \d+)+)/m, (_, head: string, types: string) => {
            const rest = types
              .trim()
              .split(' ')
              .filter((type) => type !== opus);
            return `${head} ${[opus, ...rest].join(' ')}`;
          });
        }
      });
    }
    const t0 = performance.timeOrigin + performance.now();
    session.answer({
      mediaConstraints: { audio: true, video: false },
      ...(iceServers ? { pcConfig: { iceServers } } : {}),
    });
    return t0;
  }, options);
}

export async function stockHangup(page: Page): Promise<void> {
  await page.evaluate(() => {
    const stock = (window as unknown as StockWindow).__stock;
    for (const session of [stock?.current, ...(stock?.incoming ?? [])]) {
      if (session && !session.isEnded()) {
        session.terminate();
      }
    }
    if (stock) {
      stock.current = null;
      stock.incoming = [];
    }
  });
}
