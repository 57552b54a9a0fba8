/** The machine a run was measured on. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  chromium: string;
  jssip: string;
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    return `${pretty ?? process.platform} (kernel ${release()})`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

export function describeMachine(repoRoot: string, chromium: string): Machine {
  const jssip = (
    JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'jssip', 'package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: osName(),
    node: process.version,
    chromium,
    jssip,
  };
}
