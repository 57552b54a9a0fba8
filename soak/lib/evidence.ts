/**
 * Audio evidence from the peers themselves, never SIP state alone: the PWA hears the far end (inbound
 * RTP rising and the 440 Hz tone loudest), the tone peer hears the PWA (baresip's own `rcvd` counter
 * of our SSRC), sipp's media port receives RTP (an iptables counter on it, inside the soak's own
 * network namespace). Each check answers true or false; none throws.
 */
import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { iptables } from '../../bench/figures/loss.ts';
import type { GatewayPorts } from '../../gateway/config.ts';
import type { BaresipControl } from '../../gateway/peers.ts';
import { peerAudio } from '../../e2e/fixtures/call-evidence.ts';
import { dominantRemoteFrequency, rtpCounters } from '../../e2e/fixtures/peer-connections.ts';
import { waitUntil } from './probes.ts';

const TONE_HZ = 440;

/** The agent hears the far end: > 10 inbound packets within 5 s and its 440 Hz tone the loudest. */
export async function agentHearsTone(page: Page): Promise<boolean> {
  try {
    const before = (await rtpCounters(page)).inboundPackets;
    const rising = await waitUntil(async () => (await rtpCounters(page)).inboundPackets - before > 10, 5_000, 200);
    return rising !== undefined && Math.abs((await dominantRemoteFrequency(page)) - TONE_HZ) < 30;
  } catch {
    return false;
  }
}

/** The tone peer hears the agent: its own count of RTP packets received from us rises by > 10 within 5 s. */
export async function peerHearsAgent(peer: BaresipControl): Promise<boolean> {
  try {
    // Before baresip's first RTCP member line for our SSRC the counter reads NaN: count from 0 then.
    const first = (await peerAudio(peer)).received;
    const before = Number.isNaN(first) ? 0 : first;
    return (await waitUntil(async () => (await peerAudio(peer)).received - before > 10, 5_000, 200)) !== undefined;
  } catch {
    return false;
  }
}

/** sipp's default media port: the scenarios' `[media_port]`, where rtpengine sends SIP Server's leg. */
export const SIPP_MEDIA_PORT = 6000;
const COUNT_CHAIN = 'WGB-SOAK-SIPP';
const DROP_CHAIN = 'WGB-SOAK-NET';

/** Counts UDP packets arriving at sipp's media port (only in the soak's own namespace). */
export class SippRtpCounter {
  static install(): SippRtpCounter {
    iptables(['-N', COUNT_CHAIN]);
    iptables(['-I', 'INPUT', '-j', COUNT_CHAIN]);
    iptables(['-A', COUNT_CHAIN, '-p', 'udp', '--dport', String(SIPP_MEDIA_PORT), '-j', 'RETURN']);
    return new SippRtpCounter();
  }

  packets(): number {
    const out = spawnSync('iptables', ['-w', '-nvx', '-L', COUNT_CHAIN], { encoding: 'utf8' }).stdout;
    const row = out.split('\n').find((line) => line.includes(`dpt:${SIPP_MEDIA_PORT}`));
    return Number(row?.trim().split(/\s+/)[0] ?? Number.NaN);
  }

  remove(): void {
    iptables(['-D', 'INPUT', '-j', COUNT_CHAIN]);
    iptables(['-F', COUNT_CHAIN]);
    iptables(['-X', COUNT_CHAIN]);
  }
}

/**
 * The agent's network gone: the browser's WebSocket to the gateway (nginx's https port) and its media
 * (rtpengine's ports, except the demo peers' leg) dropped both ways. The companion on 127.0.0.1:8000
 * is on the agent's own PC and stays reachable, as it would.
 */
export class NetworkDrop {
  private constructor(private readonly ports: GatewayPorts) {}

  static install(ports: GatewayPorts): NetworkDrop {
    iptables(['-N', DROP_CHAIN]);
    iptables(['-I', 'INPUT', '-j', DROP_CHAIN]);
    return new NetworkDrop(ports);
  }

  down(): void {
    const https = String(this.ports.https);
    const rtpengine = `${this.ports.rtpMin}:${this.ports.rtpMax}`;
    iptables(['-A', DROP_CHAIN, '-p', 'tcp', '--dport', https, '-j', 'DROP']);
    iptables(['-A', DROP_CHAIN, '-p', 'tcp', '--sport', https, '-j', 'DROP']);
    const notPeers = `${this.ports.peerRtpBase}:${this.ports.peerRtpBase + 199},${SIPP_MEDIA_PORT}`;
    for (const [from, to] of [
      ['--sport', '--dports'],
      ['--dport', '--sports'],
    ] as const) {
      iptables(['-A', DROP_CHAIN, '-p', 'udp', from, rtpengine, '-m', 'multiport', '!', to, notPeers, '-j', 'DROP']);
    }
  }

  up(): void {
    iptables(['-F', DROP_CHAIN]);
  }

  remove(): void {
    iptables(['-D', 'INPUT', '-j', DROP_CHAIN]);
    iptables(['-F', DROP_CHAIN]);
    iptables(['-X', DROP_CHAIN]);
  }
}
