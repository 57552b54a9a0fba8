/**
 * `--supervise`: keeps the companion running on Windows, where nothing else restarts it (the Run key and
 * the Start-menu shortcut start it once). The supervisor starts the companion as a child process with
 * the same arguments and, when it dies, starts it again after a growing pause. It stops, and exits with
 * the child's code, when the child ended on purpose: a clean exit, a configuration error (fix the
 * configuration first) or another companion already holding the port.
 *
 * `nextStep` is the pure decision (table-tested); `supervise` runs it with real processes.
 */
import { spawn } from 'node:child_process';
import { isSea } from 'node:sea';

/** Exit codes of the companion that the supervisor reads. */
export const EXIT_CODES = {
  OK: 0,
  FAILED: 1,
  BAD_CONFIGURATION: 2,
  PORT_IN_USE: 3,
} as const;

export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** A child that ran at least this long before dying starts the pauses over from the first. */
  healthyAfterMs: number;
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, healthyAfterMs: 60_000 };

export interface SupervisorState {
  /** Restarts since the child last ran long enough to count as healthy. */
  failures: number;
}

export type Step =
  | { action: 'restart'; delayMs: number; state: SupervisorState; reason: string }
  | { action: 'stop'; exitCode: number; reason: string };

export function nextStep(
  state: SupervisorState,
  exit: { code: number | null; signal: string | null; ranMs: number },
  policy: RestartPolicy = RESTART_POLICY,
): Step {
  if (exit.code === EXIT_CODES.OK) {
    return { action: 'stop', exitCode: 0, reason: 'the companion ended normally' };
  }
  if (exit.code === EXIT_CODES.BAD_CONFIGURATION) {
    return { action: 'stop', exitCode: exit.code, reason: 'the configuration is wrong; fix it, then start again' };
  }
  if (exit.code === EXIT_CODES.PORT_IN_USE) {
    return { action: 'stop', exitCode: exit.code, reason: 'another companion (or Genesys Softphone) holds the port' };
  }
  const failures = exit.ranMs >= policy.healthyAfterMs ? 0 : state.failures;
  const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** failures);
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return { action: 'restart', delayMs, state: { failures: failures + 1 }, reason: `the companion stopped (${how})` };
}

/** Environment variable telling a restarted companion why it was restarted (it logs it). */
export const RESTART_REASON_ENV = 'WGB_SUPERVISOR_RESTART';

export interface SuperviseOptions {
  /** The program and arguments that start one companion (without `--supervise`). */
  command: readonly [string, ...string[]];
  policy?: RestartPolicy;
  now?: () => number;
}

/** The command that starts one companion with `args`: the exe itself, or node with the same loader. */
export function companionCommand(args: readonly string[]): [string, ...string[]] {
  return isSea()
    ? [process.execPath, ...args]
    : [process.execPath, ...process.execArgv, process.argv[1] ?? '', ...args];
}

/** Runs the companion until `nextStep` says stop; resolves with the exit code for the supervisor. */
export function supervise(options: SuperviseOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const [file, ...args] = options.command;
  let state: SupervisorState = { failures: 0 };
  let child: ReturnType<typeof spawn> | undefined;
  let stopping = false;
  return new Promise((resolve) => {
    const stopChild = (): void => {
      stopping = true;
      child?.kill();
      if (!child) {
        resolve(0);
      }
    };
    process.once('SIGTERM', stopChild);
    process.once('SIGINT', stopChild);
    const start = (restartReason?: string): void => {
      const startedAt = now();
      const env = restartReason ? { ...process.env, [RESTART_REASON_ENV]: restartReason } : process.env;
      child = spawn(file, args, { stdio: 'ignore', windowsHide: true, env });
      child.once('error', () => resolve(EXIT_CODES.FAILED)); // could not start at all
      child.once('exit', (code, signal) => {
        child = undefined;
        if (stopping) {
          resolve(0);
          return;
        }
        const step = nextStep(state, { code, signal, ranMs: now() - startedAt }, options.policy);
        if (step.action === 'stop') {
          resolve(step.exitCode);
          return;
        }
        state = step.state;
        setTimeout(() => (stopping ? resolve(0) : start(step.reason)), step.delayMs);
      });
    };
    start();
  });
}
