/**
 * The companion as it ships: the esbuild bundle that the packaged executables carry
 * (companion/packaging/sea.ts), run by plain `node` (one process, so its PID is the server's and its
 * RSS is the companion's, with no TypeScript loader beside it), the same flags as the e2e stack's child but at
 * the product's default log level (`info`), JSON log lines read from stdout as they arrive so a
 * restart can be timed from the companion's own "companion listening" and "PWA linked" lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../e2e/fixtures/paths.ts';
import { readRss } from './proc.ts';
import { Waiters } from './waiters.ts';
import { stopChild } from '../../e2e/fixtures/stop-child.ts';

export interface BenchCompanionOptions {
  /** The bundled companion (`bundleCompanion()` output). */
  bundle: string;
  port: number;
  dataDir: string;
  certsDir: string;
  pwaOrigin: string;
  wweOrigin: string;
  extensionToken: string;
  logFile: string;
}

interface LogLine {
  msg?: string;
  at: number;
}

/**
 * The default rate limit per caller (300 requests per 10 s for each Origin) is a security policy, not a
 * speed: it would turn the throughput and 200 req/s figures into 429s. The bench raises it in the data
 * folder's config.json (a file-only key) and says so in the report; the refused bucket keeps its default.
 */
export function writeBenchConfig(dataDir: string): void {
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ limits: { ratePerOrigin: 10_000_000 } }, null, 2));
}

export class BenchCompanion {
  #child: ChildProcess | undefined;
  #lines: LogLine[] = [];
  readonly #waiters = new Waiters<LogLine & { index: number }>();
  #log: WriteStream;

  constructor(private readonly o: BenchCompanionOptions) {
    this.#log = createWriteStream(o.logFile, { flags: 'a' });
  }

  get token(): string {
    return this.o.extensionToken;
  }

  get pid(): number {
    return this.#child?.pid ?? -1;
  }

  rssMb(): number {
    return readRss(this.pid);
  }

  /** Index of the next log line; pass it to waitForLine to ignore older lines. */
  mark(): number {
    return this.#lines.length;
  }

  /** Spawns the companion; resolves with spawn time and listening time (performance.now()). */
  async start(): Promise<{ spawnedAt: number; listeningAt: number }> {
    const args = [
      this.o.bundle,
      `--port=${this.o.port}`,
      `--data-dir=${this.o.dataDir}`,
      `--certs-dir=${this.o.certsDir}`,
      `--pwa-origins=${this.o.pwaOrigin}`,
      `--pwa-url=${this.o.pwaOrigin}/`,
      `--wwe-origins=${this.o.wweOrigin}`,
      '--extension-api-enabled=true',
      `--extension-api-origins=${this.o.wweOrigin}`,
      `--extension-api-token=${this.o.extensionToken}`,
      '--log-level=info',
    ];
    const from = this.mark();
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    this.#child = child;
    child.stderr?.pipe(this.#log, { end: false });
    createInterface({ input: child.stdout }).on('line', (line) => this.#onLine(line, performance.now()));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`companion exited with ${String(code)} (see ${this.o.logFile})`))),
    );
    exited.catch(() => undefined);
    const listeningAt = await Promise.race([this.waitForLine('companion listening', from, 20_000), exited]);
    return { spawnedAt, listeningAt };
  }

  /** performance.now() when the first line with message `msg` at index ≥ `after` arrived. */
  waitForLine(msg: string, after: number, timeoutMs: number): Promise<number> {
    const seen = this.#lines.slice(after).find((l) => l.msg === msg);
    if (seen) {
      return Promise.resolve(seen.at);
    }
    return this.#waiters
      .wait(
        (line) => line.msg === msg && line.index >= after,
        timeoutMs,
        () => new Error(`companion: no "${msg}" log line within ${timeoutMs} ms`),
      )
      .then((line) => line.at);
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    await stopChild(child);
  }

  #onLine(text: string, at: number): void {
    this.#log.write(`${text}\n`);
    let msg: string | undefined;
    try {
      msg = (JSON.parse(text) as { msg?: string }).msg;
    } catch {
      msg = undefined;
    }
    const index = this.#lines.push({ msg, at }) - 1;
    this.#waiters.offer({ msg, at, index });
  }
}
