/**
 * Drives the demo peers and SIP scripts for tests: a baresip ctrl_tcp client (netstring-framed
 * JSON; dial, hangup, events) and a bounded sipp runner. Starts no daemon of the gateway itself.
 */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/** A baresip event, e.g. `{ type: 'CALL_ESTABLISHED', class: 'call', peeruri: … }`. */
export interface BaresipEvent {
  type: string;
  class?: string;
  accountaor?: string;
  peeruri?: string;
  param?: string;
  [key: string]: unknown;
}

/** A baresip command response. */
export interface BaresipResponse {
  ok: boolean;
  data: string;
}

interface Waiter {
  type: string;
  after: number;
  resolve: (event: BaresipEvent) => void;
}

/**
 * Client of baresip's ctrl_tcp module. Events can arrive before the command's response, so every
 * event is buffered with an index: take `mark()` before acting, then `waitForEvent(type, mark)`.
 */
export class BaresipControl {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  readonly #events: BaresipEvent[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #pending = new Map<string, (r: BaresipResponse) => void>();
  #nextToken = 1;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
  }

  /** Connects to `127.0.0.1:<port>` (the peer's ctrl_tcp_listen). */
  static async connect(port: number, host = '127.0.0.1'): Promise<BaresipControl> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new BaresipControl(socket);
  }

  /** Index of the next event; pass it to waitForEvent to ignore older events. */
  mark(): number {
    return this.#events.length;
  }

  /** Events received so far (for debugging a failed wait). */
  get events(): readonly BaresipEvent[] {
    return this.#events;
  }

  /** Sends a command, e.g. `command('dial', 'sip:1001@127.0.0.1')`; resolves with its response. */
  async command(command: string, params = '', timeoutMs = 5000): Promise<BaresipResponse> {
    const token = String(this.#nextToken++);
    const json = JSON.stringify({ command, params, token });
    this.#socket.write(`${Buffer.byteLength(json)}:${json},`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(token);
        reject(new Error(`baresip: no response to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** Dials `uri` (e.g. `sip:1001@127.0.0.1`); rejects when baresip refuses the command. */
  async dial(uri: string): Promise<void> {
    const r = await this.command('dial', uri);
    if (!r.ok) {
      throw new Error(`baresip: dial ${uri} failed: ${r.data}`);
    }
  }

  /** Hangs up the current call. */
  async hangup(): Promise<void> {
    await this.command('hangup');
  }

  /** First event of `type` with index ≥ `afterMark`; rejects after `timeoutMs`. */
  async waitForEvent(type: string, afterMark: number, timeoutMs = 10_000): Promise<BaresipEvent> {
    const seen = this.#events.slice(afterMark).find((e) => e.type === type);
    if (seen) {
      return seen;
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { type, after: afterMark, resolve: () => undefined };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const got = this.#events.slice(afterMark).map((e) => e.type);
        reject(new Error(`baresip: no ${type} within ${timeoutMs} ms (got ${got.join(', ') || 'nothing'})`));
      }, timeoutMs);
      waiter.resolve = (event) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(event);
      };
      this.#waiters.add(waiter);
    });
  }

  /** Closes the control connection (the peer keeps running). */
  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(0x3a);
      if (colon < 0) {
        return;
      }
      const length = Number(this.#buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length) || this.#buffer.length < colon + 1 + length + 1) {
        return;
      }
      const body = this.#buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(colon + 1 + length + 1);
      this.#onMessage(JSON.parse(body) as Record<string, unknown>);
    }
  }

  #onMessage(message: Record<string, unknown>): void {
    if (message.event === true) {
      const event = message as BaresipEvent;
      const index = this.#events.push(event) - 1;
      for (const waiter of [...this.#waiters]) {
        if (waiter.type === event.type && index >= waiter.after) {
          waiter.resolve(event);
        }
      }
    } else if (message.response === true && typeof message.token === 'string') {
      const ok = message.ok === true;
      this.#pending.get(message.token)?.({ ok, data: typeof message.data === 'string' ? message.data : '' });
      this.#pending.delete(message.token);
    }
  }
}

/** Result of one sipp run. */
export interface SippResult {
  /** sipp's exit code (0 = every call succeeded), or null when it had to be killed. */
  code: number | null;
  timedOut: boolean;
  /** stdout + stderr. */
  log: string;
}

/** Options of runSipp. */
export interface SippOptions {
  /** Scenario XML file (`-sf`), or one of sipp's built-in scenarios (`-sn`). */
  scenario: { file: string } | { builtin: 'uac' | 'uas' };
  /** Target, e.g. `127.0.0.1:5060`; none for a UAS that only waits for calls. */
  target?: string;
  /** Extra sipp arguments, e.g. `['-s', '1003', '-p', '5080', '-m', '1']`. */
  args?: readonly string[];
  /** Working directory (trace files, rtp_stream files). */
  cwd?: string;
  /** Hard limit; sipp is also given `-timeout` slightly below it. Default 30000. */
  timeoutMs?: number;
  /** Stops sipp early (SIGTERM), e.g. calls held until the caller is done with them. */
  signal?: AbortSignal;
}

/** Runs sipp bounded in time (`-nostdin`, `-timeout`, then SIGTERM/SIGKILL of this child only). */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sippTimeout = `${Math.max(1, Math.floor(timeoutMs / 1000) - 1)}s`;
  const scenario = 'file' in options.scenario ? ['-sf', options.scenario.file] : ['-sn', options.scenario.builtin];
  const args = [...scenario, '-nostdin', '-timeout', sippTimeout, '-timeout_error'];
  args.push('-i', '127.0.0.1', '-mi', '127.0.0.1', ...(options.args ?? []));
  if (options.target !== undefined) {
    args.push(options.target);
  }
  const child = spawn('sipp', args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  let timedOut = false;
  const stop = (): void => {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  if (options.signal?.aborted) {
    stop();
  }
  options.signal?.addEventListener('abort', stop, { once: true });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  return { code, timedOut, log: Buffer.concat(chunks).toString('utf8') };
}
