/**
 * The order of a bench run. Figures that disturb the stack (Kamailio and companion restarts) come last;
 * everything started here is stopped in `finally`, whatever failed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { ensureCertificates } from '../../certs/local-ca.ts';
import { chromiumArgs, chromiumEnv } from '../../e2e/fixtures/chromium.ts';
import { COMPANION_DIR, CERTS_DIR, E2E_RUN_DIR, REPO_ROOT, WEB_ROOT } from '../../e2e/fixtures/paths.ts';
import { startStack, type RunningStack } from '../../e2e/fixtures/stack.ts';
import { BaresipControl } from '../../gateway/peers.ts';
import {
  callFigures,
  deadStunFigures,
  kamailioRestartFigure,
  ProductPhone,
  registrationFigure,
  StockPhone,
} from '../figures/calls.ts';
import { answerFigures } from '../figures/answers.ts';
import { activeThroughput, pingThroughput, relayRoundTrip, restartFigures, rssFigures } from '../figures/companion.ts';
import { BENCH_MIC_HZ, LOSS_FIGURE_IDS, lossFigures } from '../figures/loss.ts';
import { wweUnderFlood } from '../figures/flood.ts';
import { initialJsFigure, swStartFigure } from '../figures/pwa.ts';
import { BenchCompanion, writeBenchConfig } from './companion.ts';
import { bundleCompanion } from '../../companion/packaging/sea.ts';
import { FULL, log, QUICK, type BenchContext } from './context.ts';
import { HttpsClient } from './https-client.ts';
import { describeMachine } from './machine.ts';
import { mergeReports, writeReports } from './report.ts';
import { round, type FigureRecord } from './stats.ts';
import { prepareBenchWebRoot } from './stock-page.ts';

/**
 * `only: 'loss'` runs the loss matrix alone (a machine shared with others) and merges its figures into
 * the existing bench/results.json, keeping every other figure of the last full run.
 * `only`: the call-path figures alone (RegisterDn → active and the call figures with their stock
 * baselines), printed and not written to the reports — for tracing one change without the rest.
 */
export async function runBench(options: {
  quick: boolean;
  network: string;
  repoRoot: string;
  only?: 'loss' | 'companion';
  callPathOnly?: boolean;
}): Promise<number> {
  const started = performance.now();
  const loadAtStart = round(loadavg()[0] ?? 0);
  const sizes = options.quick ? QUICK : FULL;
  const figures: FigureRecord[] = [];
  let stack: RunningStack | undefined;
  let companion: BenchCompanion | undefined;
  let client: HttpsClient | undefined;
  let browser: Browser | undefined;
  let tone: BaresipControl | undefined;
  let failed = false;
  try {
    log(`preparing ${WEB_ROOT} (dist/web + stock JsSIP page)`);
    prepareBenchWebRoot(WEB_ROOT);
    if (!options.only) {
      figures.push(initialJsFigure(WEB_ROOT));
    }

    log(`starting the stack in ${E2E_RUN_DIR}`);
    // The tone peer records what it hears: the loss matrix measures the customer's side from it.
    stack = await startStack({ recordPeerCalls: true, micToneHz: BENCH_MIC_HZ });
    // The stack's companion logs at debug; the bench runs its own at the product default (info).
    await stack.companion.stop();
    writeBenchConfig(COMPANION_DIR);
    const bundle = join(E2E_RUN_DIR, 'companion.cjs');
    await bundleCompanion(REPO_ROOT, bundle, 'bench');
    companion = new BenchCompanion({
      bundle,
      port: stack.info.companionPort,
      dataDir: COMPANION_DIR,
      certsDir: CERTS_DIR,
      pwaOrigin: stack.info.pwaOrigin,
      wweOrigin: stack.info.wweOrigin,
      extensionToken: randomBytes(24).toString('base64url'),
      logFile: join(E2E_RUN_DIR, 'bench-companion.log'),
    });
    await companion.start();
    // The extension token in stack info is the e2e companion's; use ours from here on.
    const info = { ...stack.info, extensionToken: companion.token };
    stack = { ...stack, info };
    const certs = await ensureCertificates(CERTS_DIR);
    const ca = readFileSync(certs.caCert);
    client = new HttpsClient({ port: info.companionPort, ca });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs(),
      env: chromiumEnv(),
    });
    const ctx: BenchContext = {
      sizes,
      stack,
      companion,
      client,
      browser,
      certs: { ca, companionCert: certs.companionCert, companionKey: certs.companionKey },
      companionOrigin: info.companionUrl,
    };

    if (options.only) {
      log('opening the PWA (credentials for 1003, pairing)');
      const phone = await ProductPhone.open(ctx);
      await phone.registerDn();
      if (options.only === 'loss') {
        tone = await BaresipControl.connect(info.toneCtrlPort);
        figures.push(...(await lossMatrix(ctx, phone, tone)));
      } else {
        figures.push(...(await companionFigures(ctx)));
      }
      await phone.context.close();
      const durationSec = Math.round((performance.now() - started) / 1000);
      await mergeReports(options.repoRoot, figures, {
        at: new Date().toISOString(),
        durationSec,
        load: `${loadAtStart} → ${round(loadavg()[0] ?? 0)}`,
        mode: `${options.quick ? 'quick' : 'full'} \`--only=${options.only}\``,
      });
      reportVerdicts(figures);
      log(`merged the ${options.only} figures into bench/results.json and docs/benchmarks.md in ${durationSec} s`);
      return 0;
    }
    if (!options.callPathOnly) {
      figures.push(await swStartFigure(ctx));
    }

    log('opening the PWA (credentials for 1003, pairing) and the stock JsSIP page (1004)');
    const phone = await ProductPhone.open(ctx);
    const stock = await StockPhone.open(ctx);
    figures.push(await registrationFigure(ctx, phone, stock));

    if (options.callPathOnly) {
      tone = await BaresipControl.connect(info.toneCtrlPort);
      figures.push(...(await callFigures(ctx, phone, stock, tone)), ...(await answerFigures(ctx, phone, stock, tone)));
      for (const f of figures.filter((figure) => figure.baseline)) {
        log(`${f.name}: ${f.median} ${f.unit} (baseline ${f.baseline?.median} ${f.unit}, ratio ${f.ratio})`);
      }
      return 0;
    }
    // RSS first: "idle" is the companion with a PWA linked before any load (a flood leaves V8's heap grown).
    const rss = await rssFigures(ctx);
    // Then the calls, as `--call-path` times them, before the companion's heavy load figures (30,000
    // requests, a 10 s flood), so that no figure's load spills into the call figures. (An A/B run back to
    // back showed the slow answers once seen after that load to be the machine's busy phases, not the load.)
    tone = await BaresipControl.connect(info.toneCtrlPort);
    const calls = [...(await callFigures(ctx, phone, stock, tone)), ...(await answerFigures(ctx, phone, stock, tone))];
    figures.push(...calls);
    const confirmed = calls.find((f) => f.id === 'call-confirmed')?.median ?? Number.NaN;
    // The dead-STUN answers are timed as the page sees them: beside the same measure without STUN.
    const answer = calls.find((f) => f.id === 'answer-rtp-page')?.median ?? Number.NaN;
    figures.push(...(await deadStunFigures(ctx, phone, stock, tone, { confirmed, answer })));
    await stock.context.close();
    figures.push(...(await companionLoadFigures(ctx)));
    figures.push(...(await lossMatrix(ctx, phone, tone)));

    figures.push(await kamailioRestartFigure(ctx, phone));
    const restarts = await restartFigures(ctx);
    figures.push(...rss, ...restarts);
    const machine = describeMachine(options.repoRoot, `Chromium ${browser.version()}`);
    await phone.context.close();

    const order = [
      'relay-round-trip',
      'ping-throughput',
      'active-throughput',
      'wwe-under-flood',
      'register-dn',
      'makecall-invite',
      'call-confirmed',
      'answer-200',
      'answer-rtp',
      'answer-rtp-g711',
      'answer-rtp-page',
      'answer-rtp-page-g711',
      'call-confirmed-dead-stun',
      'answer-rtp-dead-stun',
      'loss-matrix',
      ...LOSS_FIGURE_IDS,
      'kamailio-restart',
      'companion-relink',
      'rss-idle',
      'rss-load',
      'cold-start',
      'initial-js',
      'sw-start',
    ];
    figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const durationSec = Math.round((performance.now() - started) / 1000);
    await writeReports(options.repoRoot, {
      generatedAt: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      network: options.network,
      durationSec,
      loadAverage: { start: loadAtStart, end: round(loadavg()[0] ?? 0) },
      machine,
      figures,
    });
    reportVerdicts(figures);
    log(`wrote bench/results.json and docs/benchmarks.md in ${durationSec} s`);
  } catch (error) {
    failed = true;
    console.error('bench: failed:', error);
  } finally {
    tone?.close();
    client?.close();
    await browser?.close().catch(() => undefined);
    await companion?.stop().catch(() => undefined);
    await stack?.gateway.stop().catch(() => undefined);
  }
  return failed ? 1 : 0;
}

function reportVerdicts(figures: readonly FigureRecord[]): void {
  for (const f of figures) {
    const verdict = f.notMeasured ? 'not measured' : f.pass === false ? 'FAIL' : 'pass';
    const base = f.baseline ? ` (baseline ${f.baseline.median} ${f.unit}, ratio ${f.ratio})` : '';
    log(`${verdict.padEnd(12)} ${f.name}: ${f.median} ${f.unit}${base}; budget ${f.budget}`);
  }
}

/** The loss matrix needs root in the bench's own network namespace (its iptables rules touch nothing else). */
async function lossMatrix(ctx: BenchContext, phone: ProductPhone, tone: BaresipControl): Promise<FigureRecord[]> {
  if (process.env.WGB_IN_NETNS !== '1') {
    return [
      {
        id: 'loss-matrix',
        name: 'Loss matrix (Opus+FEC vs G.711 under random loss)',
        unit: '%',
        issue: '#17',
        n: 0,
        budget: '≤ 0.5 × G.711 at 5 %',
        method: "iptables random-drop rules on the browser leg, inside the bench's network namespace.",
        notMeasured: "needs root and the bench's own network namespace (it never touches the host's iptables)",
      },
    ];
  }
  return lossFigures(ctx, phone, tone);
}

/**
 * The companion's own figures alone (`--only=companion`, issue 10's budgets): idle and loaded RSS,
 * relayed round trip, Ping and GetIsEndpointActive throughput, WWE under a hostile flood, cold start
 * and relink.
 */
async function companionFigures(ctx: BenchContext): Promise<FigureRecord[]> {
  // RSS first: "idle" is the companion with a PWA linked before any load (a flood leaves V8's heap grown).
  const rss = await rssFigures(ctx);
  return [...(await companionLoadFigures(ctx)), ...rss, ...(await restartFigures(ctx))];
}

/** Relayed round trip, Ping and GetIsEndpointActive throughput, WWE under a hostile flood. */
async function companionLoadFigures(ctx: BenchContext): Promise<FigureRecord[]> {
  return [await relayRoundTrip(ctx), await pingThroughput(ctx), await activeThroughput(ctx), await wweUnderFlood(ctx)];
}
