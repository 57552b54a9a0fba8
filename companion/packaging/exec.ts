/**
 * Runs a program without a shell, with a timeout, capturing its output; the packaging scripts' only way
 * to start processes. A non-zero exit is returned, not thrown, unless `mustSucceed` is used.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * Send stdout and stderr to this file instead of pipes (returned as `stdout`). Needed for anything that
   * starts a Node exe under wine: a child that inherits a pipe as stdout fails there.
   */
  outputFile?: string;
}

/** How long output may still arrive after the program exited. */
const PIPE_DRAIN_MS = 2_000;

export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const fd = options.outputFile === undefined ? undefined : openSync(options.outputFile, 'w');
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
    });
    if (fd !== undefined) {
      closeSync(fd);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    let drain: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout:
          options.outputFile === undefined
            ? Buffer.concat(out).toString('utf8')
            : readFileSync(options.outputFile, 'utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    };
    child.on('error', (error) => {
      settled = true;
      clearTimeout(timer);
      reject(new Error(`cannot run ${file}: ${error.message}`));
    });
    // 'close' waits for every holder of the pipes: a daemon the program started (wine starts
    // wineserver, which a running Windows program keeps alive) would hold them for ever. After the
    // program itself exits, what arrived within PIPE_DRAIN_MS is its output.
    child.on('exit', (code, signal) => {
      drain = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      }, PIPE_DRAIN_MS);
    });
    child.on('close', finish);
  });
}

/** Like `run`, but throws with the command and its output when the exit code is not 0. */
export async function mustRun(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${file} ${args.join(' ')} exited with ${result.code}\n${output}`);
  }
  return result;
}

/** True when `name` is found on PATH (used to skip optional steps with a clear message). */
export async function hasCommand(name: string): Promise<boolean> {
  const result = await run('sh', ['-c', `command -v ${name}`]).catch(() => undefined);
  return result?.code === 0;
}
