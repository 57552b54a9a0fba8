/**
 * CPU and memory per component over a measurement window, from /proc: the gateway's daemons (each
 * with every process it forked), the load generator (this Node process) and the load tools it
 * started (Chromium, sipp). CPU is in % of one core; memory is the processes' summed PSS (shared pages
 * split between the processes that share them, so Kamailio's shared memory counts once).
 */
import { readFileSync } from 'node:fs';
import { readPids } from '../../gateway/processes.ts';
import { processTree, readComm, readCpuTicks, readPss, TICKS_PER_SECOND } from '../lib/proc.ts';
import { round } from '../lib/stats.ts';

export const COMPONENTS = ['nginx', 'kamailio', 'rtpengine', 'generator', 'chromium', 'sipp'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ComponentUse {
  cpuPercent: number;
  pssMb: number;
}

export interface WindowUse {
  seconds: number;
  components: Record<Component, ComponentUse>;
  /** The whole machine's busy time, % of one core (all cores: up to 100 × cores). */
  machineCpuPercent: number;
}

/** The processes of each component now (processes come and go: sipp runs, Chromium renderers). */
function componentPids(gatewayRunDir: string): Record<Component, number[]> {
  const recorded = (name: string): number[] => {
    const pid = readPids(gatewayRunDir).find((r) => r.name === name)?.pid;
    return pid === undefined ? [] : processTree(pid);
  };
  const tools = processTree(process.pid).map((pid) => ({ pid, comm: readComm(pid) }));
  return {
    nginx: recorded('nginx'),
    kamailio: recorded('kamailio'),
    rtpengine: recorded('rtpengine'),
    generator: [process.pid],
    chromium: tools.filter((t) => /^chrom/i.test(t.comm)).map((t) => t.pid),
    sipp: tools.filter((t) => t.comm === 'sipp').map((t) => t.pid),
  };
}

/** Busy and total jiffies of all cores (/proc/stat's `cpu` line; idle and iowait are not busy). */
function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** Samples the components at `start()` and at `read()`; the window's use is the difference. */
export class CpuMeter {
  #t0 = 0;
  #ticks0 = new Map<number, number>();
  #machine0 = machineTicks();

  constructor(private readonly gatewayRunDir: string) {}

  start(): void {
    this.#t0 = performance.now();
    this.#ticks0 = new Map(
      Object.values(componentPids(this.gatewayRunDir))
        .flat()
        .map((pid) => [pid, readCpuTicks(pid)]),
    );
    this.#machine0 = machineTicks();
  }

  read(): WindowUse {
    const seconds = (performance.now() - this.#t0) / 1000;
    const pids = componentPids(this.gatewayRunDir);
    const use = (list: number[]): ComponentUse => {
      // A process started inside the window counts from 0 ticks.
      const ticks = list.reduce((sum, pid) => sum + readCpuTicks(pid) - (this.#ticks0.get(pid) ?? 0), 0);
      const pss = list.reduce((sum, pid) => sum + (readPss(pid) || 0), 0);
      return { cpuPercent: round((100 * ticks) / TICKS_PER_SECOND / seconds), pssMb: round(pss) };
    };
    const components = Object.fromEntries(COMPONENTS.map((c) => [c, use(pids[c])])) as Record<Component, ComponentUse>;
    const machine = machineTicks();
    const cores = (machine.total - this.#machine0.total) / TICKS_PER_SECOND / seconds;
    const busyShare = (machine.busy - this.#machine0.busy) / Math.max(1, machine.total - this.#machine0.total);
    return { seconds: round(seconds), components, machineCpuPercent: round(100 * busyShare * cores) };
  }
}
