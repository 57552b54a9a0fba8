/**
 * A keep-alive HTTPS client for the companion and the bare baseline server: the same agent options,
 * TLS validated against the local CA, so both sides of a comparison pay the same client costs.
 */
import { Agent, request } from 'node:https';

export interface Reply {
  status: number;
  body: string;
}

export interface RequestOptions {
  origin?: string;
  token?: string;
  body?: unknown;
}

export class HttpsClient {
  readonly agent: Agent;

  constructor(
    private readonly base: { port: number; ca: Buffer },
    maxSockets = 8,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, ca: base.ca });
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            'Content-Type': 'application/json; charset=UTF-8',
            ...(options.origin ? { Origin: options.origin } : {}),
            ...(options.token ? { 'X-WGB-Token': options.token } : {}),
            ...(payload === undefined ? {} : { 'Content-Length': Buffer.byteLength(payload) }),
          },
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** JSON body of a 2xx reply; throws with the body otherwise. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const reply = await this.request(method, path, options);
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`${method} ${path} answered ${reply.status}: ${reply.body}`);
    }
    return JSON.parse(reply.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One round trip, ms; throws unless it answered 200. */
async function roundTrip(send: () => Promise<Reply>): Promise<number> {
  const t0 = performance.now();
  const reply = await send();
  const dt = performance.now() - t0;
  if (reply.status !== 200) {
    throw new Error(`round trip answered ${reply.status}: ${reply.body}`);
  }
  return dt;
}

/**
 * Sequential round trips of two senders in turn (a, b, a, b…), so both meet the same moments of a shared
 * machine; one latency list (ms) each, after `warmup` unmeasured pairs.
 */
export async function alternatingLatencies(
  senders: { a: () => Promise<Reply>; b: () => Promise<Reply> },
  n: number,
  warmup: number,
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < warmup + n; i += 1) {
    const a = await roundTrip(senders.a);
    const b = await roundTrip(senders.b);
    if (i >= warmup) {
      out.a.push(a);
      out.b.push(b);
    }
  }
  return out;
}

/** `total` requests with `concurrency` in flight; resolves with requests per second. */
export async function throughput(send: () => Promise<Reply>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      const reply = await send();
      if (reply.status !== 200) {
        failed += 1;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  if (failed > 0) {
    throw new Error(`${failed} of ${total} requests failed during the throughput run`);
  }
  return total / seconds;
}

/** Paced load: `rate` requests per second for `seconds`, calling `sample()` every 250 ms. */
export async function pacedLoad(
  send: () => Promise<Reply>,
  rate: number,
  seconds: number,
  sample: () => void,
): Promise<{ sent: number; failed: number }> {
  const t0 = performance.now();
  let sent = 0;
  let failed = 0;
  const inflight = new Set<Promise<void>>();
  let lastSample = t0;
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (sent < due) {
      sent += 1;
      const p: Promise<void> = send().then(
        (r) => {
          failed += r.status === 200 ? 0 : 1;
        },
        () => {
          failed += 1;
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    if (performance.now() - lastSample >= 250) {
      lastSample = performance.now();
      sample();
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inflight);
  return { sent, failed };
}
