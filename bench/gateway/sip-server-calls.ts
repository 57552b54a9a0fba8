/**
 * sipp as Genesys SIP Server on a gateway's trunk: places one call to each DN (sipp-call-agent.xml,
 * `perSecond` a second, all up at once), holds each for `holdMs` while echoing the agent's RTP back to it,
 * then hangs up. The gateway bench's call ramp and the cluster bench place their calls through this.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSipp, type SippResult } from '../../gateway/peers.ts';

const SCENARIO = join(import.meta.dirname, 'sipp-call-agent.xml');

export function placeCalls(o: {
  dns: readonly string[];
  /** Kamailio's SIP address, `127.0.0.1:<port>`. */
  sipTarget: string;
  /** The trunk's source port: the gateway trusts SIP Server by it. */
  trunkPort: number;
  perSecond: number;
  holdMs: number;
  /** Files `<name>.csv` (the DNs) and `<name>.err` (sipp's errors) go here. */
  workDir: string;
  name: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<SippResult> {
  const csv = join(o.workDir, `${o.name}.csv`);
  writeFileSync(csv, `SEQUENTIAL\n${o.dns.join(';\n')};\n`);
  const calls = String(o.dns.length);
  return runSipp({
    scenario: { file: SCENARIO },
    target: o.sipTarget,
    cwd: o.workDir,
    timeoutMs: o.timeoutMs,
    ...(o.signal ? { signal: o.signal } : {}),
    args: ['-inf', csv, '-p', String(o.trunkPort), '-r', String(o.perSecond), '-m', calls, '-l', calls].concat([
      '-d',
      String(o.holdMs),
      '-rtp_echo',
      '-trace_err',
      '-error_file',
      join(o.workDir, `${o.name}.err`),
    ]),
  });
}
