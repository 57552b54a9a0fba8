/** Process facts from /proc (Linux). */
import { readFileSync } from 'node:fs';

/** Resident set size of `pid` in MB (VmRSS), NaN when unreadable. */
export function readRss(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}
