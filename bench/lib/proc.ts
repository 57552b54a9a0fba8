/** Process facts from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size of `pid` in MB (VmRSS), NaN when unreadable. */
export function readRss(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Proportional set size of `pid` in MB (smaps_rollup's Pss): pages shared by n processes count 1/n in
 * each, so a sum over processes (Kamailio's children sharing its shared memory) counts them once. NaN
 * when unreadable.
 */
export function readPss(pid: number): number {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux this runs on). */
export const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time `pid` has used (user + system, all its threads) in clock ticks; 0 once it is gone. */
export function readCpuTicks(pid: number): number {
  const fields = statFields(pid);
  // Fields 14 and 15 of stat(5) (utime, stime); index 0 here is field 3 (state).
  return fields === undefined ? 0 : Number(fields[11]) + Number(fields[12]);
}

/** `root` and every process below it (children, grandchildren…), from /proc's parent links. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const parent = Number.isInteger(pid) ? Number(statFields(pid)?.[1]) : Number.NaN;
    if (Number.isInteger(parent)) {
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    }
  }
  const tree: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The process's command name (`comm`), '' when it is gone. */
export function readComm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
