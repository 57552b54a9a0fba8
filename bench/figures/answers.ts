/**
 * Answer figures (issues #4, #11), product beside stock JsSIP: 9000 calls the softphone, which answers
 * (product: `POST /AnswerCall` as WWE sends it; stock: `session.answer()` in its page), alternating.
 * Each answer is timed to its 200 OK leaving the page, and to its first inbound RTP twice: on the wire
 * (the first RTP packet rtpengine sends the browser, read off the namespace's loopback by tcpdump) and as
 * the page's JavaScript notices it (the remote track's `unmute`, or a non-empty
 * getSynchronizationSources() polled every 2 ms). Audio reaches the ear from the wire without the page's
 * main thread (Chromium's network and audio threads), so the wire is the figure; what the page's
 * JavaScript sees is reported beside it (it also counts how busy that thread is right after an answer:
 * the PWA renders its call screen, the stock page renders nothing). Like for like on the codec: the PWA
 * with Opus (its default) beside stock JsSIP answering Opus, and the PWA on G.711 only beside stock
 * JsSIP's default, which answers the offer's first codec (PCMU).
 */
import { join } from 'node:path';
import { log, type BenchContext } from '../lib/context.ts';
import { median, type FigureRecord } from '../lib/stats.ts';
import { isRtp, WireCapture, wireUnavailable, type WirePacket } from '../lib/wire-capture.ts';
import type { BaresipControl } from '../../gateway/peers.ts';
import { pair, TONE, type AnswerTimes, type ProductPhone, type StockPhone } from './calls.ts';

type Codec = 'opus' | 'g711';
type Series = { product: AnswerTimes[]; stock: AnswerTimes[] };

export async function answerFigures(
  ctx: BenchContext,
  phone: ProductPhone,
  stock: StockPhone,
  tone: BaresipControl,
): Promise<FigureRecord[]> {
  const n = ctx.sizes.answerSamples;
  const notOnWire = wireUnavailable();
  log(
    `answers from ${TONE}: product AnswerCall × ${n} with Opus then G.711 only, stock answer() × ${n} beside each ` +
      `(Opus preferred, then its default)${notOnWire ? `; not on the wire: ${notOnWire}` : ''}`,
  );
  const { gateway } = ctx.stack;
  const capture = notOnWire ? undefined : await WireCapture.start(join(gateway.runDir, 'answers.pcap'), toBrowser(ctx));
  let series: Record<Codec, Series>;
  let packets: WirePacket[] = [];
  try {
    await phone.clock.recalibrate();
    await stock.clock.recalibrate();
    const opus = await answerPairs(phone, stock, tone, n, 'opus');
    await phone.setAudioCodecs('g711');
    await phone.clock.recalibrate();
    const g711 = await answerPairs(phone, stock, tone, n, 'g711').finally(() => phone.setAudioCodecs('opus'));
    series = { opus, g711 };
  } finally {
    packets = (await capture?.stop()) ?? [];
  }
  const wire = capture ? firstRtpOnWire(packets, series) : undefined;
  const sent = (side: keyof Series) => [...series.opus[side], ...series.g711[side]].map((t) => t.sent);
  return [
    pair(
      {
        id: 'answer-200',
        name: 'Answer → 200 OK on the wire',
        unit: 'ms',
        issue: '#11',
        budget: 'below stock JsSIP (ratio < 1)',
        method:
          `${START} To the page handing its 200 OK to its SIP WebSocket (init-script hook on WebSocket.send) — ` +
          'the part of the answer the softphone decides; after it come the gateway, the far end starting its ' +
          'audio and the way back. All the answers of the rows below.',
      },
      sent('product'),
      sent('stock'),
      'stock JsSIP answer() → 200 OK',
      (m) => m < median(sent('stock')),
    ),
    wireRow('opus', wire, notOnWire),
    wireRow('g711', wire, notOnWire),
    pageRow('opus', series),
    pageRow('g711', series),
  ];
}

const START =
  'baresip 9000 calls the DN; product: from `POST /AnswerCall` (after `GetIncomingCall` shows the call, t0 ' +
  'in Node), stock: from `session.answer()` in its page, alternating with the product.';

const CODEC: Record<Codec, { title: string; stockName: string; detail: string }> = {
  opus: {
    title: '',
    stockName: 'stock JsSIP answer(), Opus preferred',
    detail:
      'Both answer Opus (the PWA by default; stock JsSIP by reordering the offer in its `sdp` event), and ' +
      'rtpengine transcodes the peer’s PCMU: its first Opus packet leaves about one 20 ms frame after the ' +
      'first PCMU packet (compare the G.711 row).',
  },
  g711: {
    title: ', PWA on G.711 only',
    stockName: 'stock JsSIP answer() (defaults: PCMU)',
    detail:
      'The PWA with Settings → Audio codecs → G.711 only; stock JsSIP with its defaults, which answer the ' +
      'offer’s first codec: PCMU end to end on both, no transcoding.',
  },
};

/** `wire`: the answers with their first RTP on the wire; absent when it could not be read (`notOnWire`). */
function wireRow(codec: Codec, wire: Record<Codec, Series> | undefined, notOnWire?: string): FigureRecord {
  const { title, stockName, detail } = CODEC[codec];
  const base = {
    id: codec === 'opus' ? 'answer-rtp' : 'answer-rtp-g711',
    name: `Answer → first inbound RTP on the wire${title}`,
    unit: 'ms',
    issue: '#4, #11',
    budget: '≤ 120 ms, below stock JsSIP (ratio < 1)',
    method:
      `${START} To the first RTP packet rtpengine sends the browser's socket after t0 (tcpdump on the bench ` +
      'namespace’s loopback; its clock tied to Node’s by marker datagrams in the same capture). ' +
      detail,
  };
  if (!wire) {
    return { ...base, n: 0, notMeasured: notOnWire ?? 'no capture' };
  }
  const record = pair(base, rtpOf(wire[codec].product), rtpOf(wire[codec].stock), `${stockName} → first RTP`);
  return { ...record, pass: (record.median ?? Infinity) <= 120 && (record.ratio ?? Infinity) < 1 };
}

function pageRow(codec: Codec, series: Record<Codec, Series>): FigureRecord {
  const { title, stockName } = CODEC[codec];
  return pair(
    {
      id: codec === 'opus' ? 'answer-rtp-page' : 'answer-rtp-page-g711',
      name: `Answer → first inbound RTP seen by the page’s JavaScript${title}`,
      unit: 'ms',
      issue: '#4, #11',
      budget: 'info',
      method:
        `${START} The same answers as the wire row, to the page noticing the first packet: the remote ` +
        "track's `unmute` event or a non-empty getSynchronizationSources() (polled every 2 ms once the page " +
        'has sent its 2xx) — a task on the page’s main thread, so it also counts how busy that thread is.',
    },
    rtpOf(series[codec].product),
    rtpOf(series[codec].stock),
    `${stockName} → unmute`,
  );
}

/**
 * n answers by the product and n by stock JsSIP on `codec`, alternating, after one unmeasured answer
 * each (the first answer after a re-REGISTER or a codec change runs cold on both sides).
 */
async function answerPairs(
  phone: ProductPhone,
  stock: StockPhone,
  tone: BaresipControl,
  n: number,
  codec: Codec,
): Promise<Series> {
  const product: AnswerTimes[] = [];
  const stockTimes: AnswerTimes[] = [];
  for (let i = 0; i <= n; i += 1) {
    const productAnswer = await phone.timeAnswer(tone);
    const stockAnswer = await stock.timeAnswer(tone, { preferOpus: codec === 'opus' });
    if (i > 0) {
      product.push(productAnswer);
      stockTimes.push(stockAnswer);
    }
  }
  return { product, stock: stockTimes };
}

/** The capture filter: what rtpengine sends from its ports to a socket that is neither its own nor a peer's. */
function toBrowser(ctx: BenchContext): string {
  const { rtpMin, rtpMax, peerRtpBase } = ctx.stack.gateway.ports;
  return (
    `src portrange ${rtpMin}-${rtpMax} and not dst portrange ${rtpMin}-${rtpMax} ` +
    `and not dst portrange ${peerRtpBase}-${peerRtpBase + 199}`
  );
}

/**
 * Each answer's first inbound RTP on the wire, ms from its t0: the first RTP packet to the browser after
 * t0 and before the next answer's t0 (one call at a time; none may flow before the answer).
 */
function firstRtpOnWire(packets: WirePacket[], series: Record<Codec, Series>): Record<Codec, Series> {
  const rtp = packets.filter((p) => isRtp(p.payload));
  const starts = Object.values(series)
    .flatMap((s) => [...s.product, ...s.stock])
    .map((t) => t.t0)
    .sort((a, b) => a - b);
  const onWire = (times: AnswerTimes): AnswerTimes => {
    const end = starts.find((t0) => t0 > times.t0) ?? Infinity;
    const first = rtp.find((p) => p.t >= times.t0 && p.t < end);
    if (!first) {
      throw new Error(`bench: no RTP to the browser on the wire after the answer at ${times.t0}`);
    }
    return { ...times, rtp: first.t - times.t0 };
  };
  const map = (s: Series): Series => ({ product: s.product.map(onWire), stock: s.stock.map(onWire) });
  return { opus: map(series.opus), g711: map(series.g711) };
}

const rtpOf = (times: AnswerTimes[]): number[] => times.map((t) => t.rtp);
