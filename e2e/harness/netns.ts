/**
 * Runs a command inside a fresh network namespace that holds only `lo`, so the stack under test can
 * reach nothing but 127.0.0.1 and never clashes with a stack running on the host's loopback.
 * Needs root and iproute2; without them the command runs in the host namespace (loopback-bound
 * servers still work, but Chromium then gathers candidates on every interface).
 */
import { spawn, spawnSync } from 'node:child_process';

export interface NetnsPlan {
  readonly mode: 'netns' | 'host';
  readonly reason: string;
}

export function planNetns(env: NodeJS.ProcessEnv): NetnsPlan {
  if (env.WGB_NETNS === 'none') {
    return { mode: 'host', reason: 'WGB_NETNS=none' };
  }
  if (process.getuid?.() !== 0) {
    return { mode: 'host', reason: 'not root (network namespaces need root)' };
  }
  const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return { mode: 'host', reason: `'ip netns' unavailable: ${probe.error?.message ?? probe.stderr.trim()}` };
  }
  return { mode: 'netns', reason: 'root with iproute2' };
}

function ip(args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
  }
}

/** Creates the namespace, runs argv inside it, deletes the namespace, resolves with the exit code. */
export async function runInNetns(name: string, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  ip(['netns', 'add', name]);
  try {
    ip(['-n', name, 'link', 'set', 'lo', 'up']);
    const child = spawn('ip', ['netns', 'exec', name, ...argv], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.on('SIGINT', forward).on('SIGTERM', forward);
    return await new Promise<number>((resolve) => {
      child.on('exit', (code, signal) => {
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  } finally {
    spawnSync('ip', ['netns', 'delete', name]);
  }
}

/**
 * The entry scripts' first step (tests, bench, soak): as root, re-run this very script inside a fresh
 * namespace and resolve with its exit code; inside it (or where namespaces are unavailable) resolve
 * with null, and the caller goes on in this process.
 */
export async function rerunInOwnNetns(label: string, script: string, hostNote = ''): Promise<number | null> {
  if (process.env.WGB_IN_NETNS === '1') {
    return null;
  }
  const plan = planNetns(process.env);
  if (plan.mode === 'host') {
    console.log(`${label}: running in the host network namespace (${plan.reason})${hostNote}`);
    return null;
  }
  const name = `wgb-${label}-${process.pid}`;
  console.log(`${label}: running inside network namespace ${name} (only lo)`);
  return runInNetns(name, [process.execPath, '--import', 'tsx', script, ...process.argv.slice(2)], {
    ...process.env,
    WGB_IN_NETNS: '1',
  });
}
