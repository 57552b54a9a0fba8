/**
 * Audio under random packet loss on the browser leg (the agent's home Wi-Fi): Opus with in-band FEC on
 * the browser leg, transcoded by rtpengine to the peer's G.711, beside G.711 end to end, in the same run.
 * Loss comes from iptables `statistic --mode random` rules on the UDP packets between the browser and
 * rtpengine only (rtpengine's port range on one side, not the demo peers' on the other), inside the
 * bench's own network namespace; the peer leg stays clean. Per call, over a fixed window:
 * - agent's ear: Chromium's concealedSamples / totalSamplesReceived, and the 440 Hz tone's SNR in
 *   the remote track recorded in the page;
 * - customer's ear: the microphone tone's (1030 Hz) SNR in what peer 9000 decoded (its sndfile recording,
 *   read with sox);
 * - rtpengine's CPU time (/proc) per second of call.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { GatewayPorts } from '../../gateway/config.ts';
import type { BaresipControl } from '../../gateway/peers.ts';
import { log, type BenchContext } from '../lib/context.ts';
import { median, round, summarize, type FigureRecord } from '../lib/stats.ts';
import { readPcm16, toneSnrDb } from '../lib/tone-snr.ts';
import type { ProductPhone } from './calls.ts';

export const LOSS_PERCENTS = [0, 2, 5, 10] as const;
/** Every figure id lossFigures() returns, in report order. */
export const LOSS_FIGURE_IDS = [
  ...LOSS_PERCENTS.flatMap((p) => [`loss-${p}-agent-concealed`, `loss-${p}-agent-snr`, `loss-${p}-customer-snr`]),
  'transcode-cpu',
  'opus-call-confirmed',
  'opus-answer-rtp',
];
type Codec = 'opus' | 'g711';
const MIME: Record<Codec, string> = { opus: 'audio/opus', g711: 'audio/PCMU' };
const TONE_HZ = 440;
/**
 * The PWA's fake microphone tone in the bench (startStack micToneHz). Not a multiple of 50 Hz: a lost
 * 20 ms packet of a 1 kHz tone leaves its phase intact and would hide from the SNR.
 */
export const BENCH_MIC_HZ = 1030;
const CHAIN = 'WGB-LOSS';

/** iptables rules dropping a share of the browser leg's UDP packets, both directions. */
export class BrowserLegLoss {
  private constructor(private readonly ports: GatewayPorts) {}

  static install(ports: GatewayPorts): BrowserLegLoss {
    iptables(['-N', CHAIN]);
    iptables(['-I', 'INPUT', '-j', CHAIN]);
    return new BrowserLegLoss(ports);
  }

  set(percent: number): void {
    iptables(['-F', CHAIN]);
    if (percent <= 0) {
      return;
    }
    const rtpengine = `${this.ports.rtpMin}:${this.ports.rtpMax}`;
    const peers = `${this.ports.peerRtpBase}:${this.ports.peerRtpBase + 199}`;
    const drop = ['-m', 'statistic', '--mode', 'random', '--probability', String(percent / 100), '-j', 'DROP'];
    iptables(['-A', CHAIN, '-p', 'udp', '--sport', rtpengine, '!', '--dport', peers, ...drop]);
    iptables(['-A', CHAIN, '-p', 'udp', '--dport', rtpengine, '!', '--sport', peers, ...drop]);
  }

  remove(): void {
    iptables(['-D', 'INPUT', '-j', CHAIN]);
    iptables(['-F', CHAIN]);
    iptables(['-X', CHAIN]);
  }
}

export function iptables(args: string[]): void {
  const result = spawnSync('iptables', ['-w', ...args], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`iptables ${args.join(' ')} failed: ${result.stderr.trim()}`);
  }
}

/** What the page measured over the window. */
interface PageWindow {
  codec: string;
  concealed: number;
  total: number;
  /** Remote audio, mono 16-bit, base64. */
  pcm: string;
  rate: number;
}

/** Records the remote audio of the page's last peer connection for `ms` and reads its inbound stats. */
function measureInPage(page: Page, ms: number): Promise<PageWindow> {
  return page.evaluate(async (windowMs) => {
    const pcs = (window as unknown as { __wgbBench: { pcs: RTCPeerConnection[] } }).__wgbBench.pcs;
    const pc = pcs[pcs.length - 1];
    const track = pc?.getReceivers().find((r) => r.track.kind === 'audio')?.track;
    if (!pc || !track) {
      throw new Error('no remote audio track');
    }
    const inbound = async (): Promise<{ concealed: number; total: number; codec: string }> => {
      const report = await pc.getStats();
      const out = { concealed: 0, total: 0, codec: '' };
      let codecId = '';
      report.forEach(
        (s: {
          type: string;
          kind?: string;
          concealedSamples?: number;
          totalSamplesReceived?: number;
          codecId?: string;
        }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            out.concealed = s.concealedSamples ?? 0;
            out.total = s.totalSamplesReceived ?? 0;
            codecId = s.codecId ?? '';
          }
        },
      );
      out.codec = (report.get(codecId) as { mimeType?: string } | undefined)?.mimeType ?? '';
      return out;
    };
    // The track's own 10 ms frames (no Web Audio clock in between, so no drift clicks of its own).
    const Processor = (
      window as unknown as {
        MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<AudioData> };
      }
    ).MediaStreamTrackProcessor;
    const reader = new Processor({ track }).readable.getReader();
    const chunks: Float32Array[] = [];
    let rate = 0;
    const before = await inbound();
    const until = performance.now() + windowMs;
    while (performance.now() < until) {
      const { value: frame } = await reader.read();
      if (!frame) {
        break;
      }
      rate = frame.sampleRate;
      const plane = new Float32Array(frame.numberOfFrames);
      frame.copyTo(plane, { planeIndex: 0, format: 'f32-planar' });
      frame.close();
      chunks.push(plane);
    }
    const after = await inbound();
    await reader.cancel();
    const samples = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      for (const x of chunk) {
        samples[at++] = Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
      }
    }
    const bytes = new Uint8Array(samples.buffer);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return {
      codec: after.codec,
      concealed: after.concealed - before.concealed,
      total: after.total - before.total,
      pcm: btoa(binary),
      rate,
    };
  }, ms);
}

/** rtpengine's user + system CPU time so far, ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function pidOf(runDir: string, name: string): number {
  const line = readFileSync(join(runDir, 'pids'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name} `));
  const pid = Number(line?.split(' ')[1]);
  if (!Number.isInteger(pid)) {
    throw new Error(`bench: no ${name} in ${runDir}/pids`);
  }
  return pid;
}

/** The newest recording of what peer 9000 decoded (baresip sndfile: dump-<time>-dec.wav). */
function newestDecodeRecording(dir: string, after: number): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('-dec.wav'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .filter((x) => x.t >= after)
    .sort((a, b) => b.t - a.t);
  if (!files[0]) {
    throw new Error(`bench: peer 9000 left no decode recording in ${dir}`);
  }
  return join(dir, files[0].f);
}

interface CallSample {
  concealedPct: number;
  agentSnr: number;
  customerSnr: number;
  cpuMsPerSec: number;
}

async function measureCall(
  ctx: BenchContext,
  phone: ProductPhone,
  tone: BaresipControl,
  codec: Codec,
  windowMs: number,
): Promise<CallSample> {
  const runDir = ctx.stack.gateway.runDir;
  const rtpengine = pidOf(runDir, 'rtpengine');
  const started = Date.now();
  const { page, cpu } = await phone.duringCall(tone, async () => {
    // Let ICE/DTLS settle and the jitter buffer fill before the window opens.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const cpu0 = cpuMs(rtpengine);
    const inPage = await measureInPage(phone.page, windowMs);
    return { page: inPage, cpu: cpuMs(rtpengine) - cpu0 };
  });
  if (page.codec !== MIME[codec]) {
    throw new Error(`bench: the ${codec} call received ${page.codec || 'no codec'}, not ${MIME[codec]}`);
  }
  const remote = Buffer.from(page.pcm, 'base64');
  const agentSamples = new Int16Array(remote.buffer, remote.byteOffset, Math.floor(remote.length / 2));
  const recording = readPcm16(newestDecodeRecording(join(runDir, 'recordings'), started), 8000);
  // The same stretch of the call as the page's window: after the settling time, windowMs long.
  const customer = recording.subarray(1_500 * 8, (1_500 + windowMs) * 8);
  return {
    concealedPct: page.total > 0 ? (100 * page.concealed) / page.total : Number.NaN,
    agentSnr: toneSnrDb(agentSamples, page.rate, TONE_HZ),
    customerSnr: toneSnrDb(customer, 8000, BENCH_MIC_HZ),
    cpuMsPerSec: cpu / (windowMs / 1000),
  };
}

function versus(
  base: Omit<FigureRecord, 'n' | 'median' | 'p95' | 'p99' | 'max' | 'baseline' | 'ratio'>,
  opus: number[],
  g711: number[],
): FigureRecord {
  const o = summarize(opus);
  const g = summarize(g711);
  return {
    ...base,
    n: o.n,
    median: o.median,
    max: o.max,
    baseline: { name: 'G.711 end to end, same run', n: g.n, median: g.median, max: g.max },
    ratio: round(o.median / g.median),
  };
}

/**
 * The loss matrix and, at 0 % loss, call setup with Opus beside G.711. Leaves the PWA on Opus (the
 * default). Needs root inside the bench's network namespace (iptables there touches nothing else).
 */
export async function lossFigures(
  ctx: BenchContext,
  phone: ProductPhone,
  tone: BaresipControl,
): Promise<FigureRecord[]> {
  const { lossCalls: n, lossWindowMs: windowMs, callSamples } = ctx.sizes;
  const ports = ctx.stack.gateway.ports;
  const samples = new Map<string, CallSample[]>();
  const setup: Record<Codec, { confirmed: number[]; answer: number[] }> = {
    opus: { confirmed: [], answer: [] },
    g711: { confirmed: [], answer: [] },
  };
  const loss = BrowserLegLoss.install(ports);
  try {
    for (const percent of LOSS_PERCENTS) {
      loss.set(percent);
      for (const codec of ['g711', 'opus'] as const) {
        log(`loss ${percent} %: ${codec} × ${n} calls of ${windowMs} ms`);
        await phone.setAudioCodecs(codec);
        await phone.clock.recalibrate();
        const key = `${codec}@${percent}`;
        for (let i = 0; i < n; i += 1) {
          samples.set(key, [...(samples.get(key) ?? []), await measureCall(ctx, phone, tone, codec, windowMs)]);
        }
        if (percent === 0) {
          for (let i = 0; i < callSamples; i += 1) {
            setup[codec].confirmed.push((await phone.timeCall(tone, 15_000)).confirmed);
            setup[codec].answer.push((await phone.timeAnswer(tone)).rtp);
          }
        }
      }
    }
  } finally {
    loss.remove();
    await phone.setAudioCodecs('opus');
  }
  const pick = (codec: Codec, percent: number, what: keyof CallSample): number[] =>
    (samples.get(`${codec}@${percent}`) ?? []).map((s) => s[what]);
  const method =
    `One call per sample from the PWA (MakeCall) to the tone peer 9000 through Kamailio and rtpengine, ${n} per cell; ` +
    `iptables \`statistic --mode random\` drops the given share of the UDP packets between Chromium and rtpengine, ` +
    `both directions (the rtpengine ⇄ peer leg is untouched); measured over ${windowMs / 1000} s after 1.5 s of settling. ` +
    'Opus: the PWA offers Opus first (useinbandfec=1, usedtx=0, 20 ms), rtpengine transcodes to the peer’s PCMU; ' +
    'G.711: Settings → Audio codecs → G.711 only, no transcoding.';
  const figures: FigureRecord[] = [];
  for (const percent of LOSS_PERCENTS) {
    const goal = percent === 5;
    const concealed = versus(
      {
        id: `loss-${percent}-agent-concealed`,
        name: `Agent’s ear at ${percent} % loss: concealed samples`,
        unit: '%',
        issue: '#17',
        budget: goal ? '≤ 0.5 × G.711' : 'info',
        method: `Chromium inbound-rtp concealedSamples / totalSamplesReceived over the window. ${method}`,
      },
      pick('opus', percent, 'concealedPct'),
      pick('g711', percent, 'concealedPct'),
    );
    const agentSnr = versus(
      {
        id: `loss-${percent}-agent-snr`,
        name: `Agent’s ear at ${percent} % loss: 440 Hz tone SNR`,
        unit: 'dB',
        issue: '#17',
        budget: 'info',
        method:
          'The remote track’s frames read in the page (MediaStreamTrackProcessor) over the window; SNR of the 440 Hz tone ' +
          '(least-squares sine fit per 100 ms block vs what it leaves over, bench/lib/tone-snr.ts).',
      },
      pick('opus', percent, 'agentSnr'),
      pick('g711', percent, 'agentSnr'),
    );
    const customerSnr = versus(
      {
        id: `loss-${percent}-customer-snr`,
        name: `Customer’s ear at ${percent} % loss: 1030 Hz tone SNR at the peer`,
        unit: 'dB',
        issue: '#17',
        budget: goal ? '≥ G.711 + 3 dB' : 'info',
        method:
          'What peer 9000 decoded from the PWA’s 1030 Hz fake microphone (baresip sndfile recording, read at 8 kHz with ' +
          'sox), the same stretch of the call as the agent’s window; same SNR measure.',
      },
      pick('opus', percent, 'customerSnr'),
      pick('g711', percent, 'customerSnr'),
    );
    if (goal) {
      concealed.pass = concealed.median !== undefined && concealed.median <= 0.5 * (concealed.baseline?.median ?? 0);
      customerSnr.pass =
        customerSnr.median !== undefined && customerSnr.median >= (customerSnr.baseline?.median ?? Infinity) + 3;
    }
    figures.push(concealed, agentSnr, customerSnr);
  }
  const cpu = versus(
    {
      id: 'transcode-cpu',
      name: 'rtpengine CPU per call, Opus ⇄ G.711 transcoded',
      unit: 'ms CPU/s',
      issue: '#17',
      budget: 'info (gateway sizing)',
      method:
        'rtpengine’s utime + stime (/proc/<pid>/stat) over each 0 % loss call’s window, divided by its length: CPU ' +
        'milliseconds per second of one call (10 = 1 % of a core). Baseline: the same for a relayed G.711 call.',
    },
    pick('opus', 0, 'cpuMsPerSec'),
    pick('g711', 0, 'cpuMsPerSec'),
  );
  const g711Confirmed = median(setup.g711.confirmed);
  const g711Answer = median(setup.g711.answer);
  const confirmed = versus(
    {
      id: 'opus-call-confirmed',
      name: 'Call → confirmed with Opus on the browser leg (0 % loss)',
      unit: 'ms',
      issue: '#17',
      budget: '≤ G.711 median + 20 ms',
      method: 'As "Call → confirmed", with the PWA on Opus (transcoded) and on G.711 only, alternately, same run.',
    },
    setup.opus.confirmed,
    setup.g711.confirmed,
  );
  confirmed.pass = (confirmed.median ?? Infinity) <= g711Confirmed + 20;
  const answer = versus(
    {
      id: 'opus-answer-rtp',
      name: 'Answer → first inbound RTP with Opus on the browser leg (0 % loss)',
      unit: 'ms',
      issue: '#17',
      budget: '≤ G.711 median + 20 ms',
      method:
        'As "Answer → first inbound RTP seen by the page’s JavaScript", with the PWA on Opus (transcoded) and on G.711 only, same run.',
    },
    setup.opus.answer,
    setup.g711.answer,
  );
  answer.pass = (answer.median ?? Infinity) <= g711Answer + 20;
  return [...figures, cpu, confirmed, answer];
}
