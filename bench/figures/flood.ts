/**
 * WWE's own calls while a hostile local client floods the companion (bench/lib/flood.ts): Ping and
 * GetIsEndpointActive from the WWE origin, paced, timed one by one. Every one must answer 200 with
 * a p99 of at most 50 ms; the flood's request rate is reported beside it.
 */
import { log, type BenchContext } from '../lib/context.ts';
import { flood } from '../lib/flood.ts';
import { round, summarize, type FigureRecord } from '../lib/stats.ts';

const PACE_MS = 20;

export async function wweUnderFlood(ctx: BenchContext): Promise<FigureRecord> {
  const seconds = ctx.sizes.floodSec;
  log(`WWE under a hostile flood: ${seconds} s, 12 connections, Ping/GetIsEndpointActive every ${PACE_MS} ms`);
  const origin = ctx.stack.info.wweOrigin;
  const flooding = flood(ctx.stack.info.companionPort, ctx.certs.ca, seconds);
  // Let the flood reach full speed before WWE's calls are timed, and stop timing before it ends.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const until = performance.now() + (seconds - 1) * 1000;
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; performance.now() < until; i += 1) {
    const path = i % 2 === 0 ? '/Ping' : '/GetIsEndpointActive';
    const t0 = performance.now();
    const reply = await ctx.client.request('GET', path, { origin }).catch(() => ({ status: 0, body: '' }));
    times.push(performance.now() - t0);
    failed += reply.status === 200 ? 0 : 1;
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  const report = await flooding;
  const s = summarize(times);
  const rate = round(report.sent / report.seconds);
  const answers = Object.entries(report.statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  return {
    id: 'wwe-under-flood',
    name: 'WWE Ping/GetIsEndpointActive during a hostile flood',
    unit: 'ms',
    issue: '#10',
    n: s.n,
    median: s.median,
    p95: s.p95,
    p99: s.p99,
    max: s.max,
    budget: '0 failures, p99 ≤ 50 ms',
    pass: failed === 0 && s.p99 <= 50,
    method:
      `WWE's GET /Ping and /GetIsEndpointActive in turn (WWE Origin, one keep-alive client), one every ${PACE_MS} ms, ` +
      `timed from send to full answer, while another Node process floods the companion for ${seconds} s over 12 ` +
      'keep-alive connections as fast as it is answered: foreign-Origin and Origin-less status reads, ' +
      'RegisterDn/UnregisterDn and unknown paths. The companion runs with its default refused-traffic bucket.',
    notes:
      `${failed} of ${s.n} WWE calls failed. Flood: ${report.sent} requests in ${round(report.seconds)} s ` +
      `(${rate} req/s), answered ${answers}${report.errors ? `, ${report.errors} connection errors` : ''}.`,
  };
}
