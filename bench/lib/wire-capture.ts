/**
 * The bench's view of the wire: tcpdump on the namespace's loopback, so a figure can say when a packet
 * really crossed it (the first RTP the gateway sends a softphone) rather than when a page's main thread
 * got round to noticing. Times are moved to this process's clock (`epochNow()`) by marker datagrams
 * sent at known times into the same capture. Needs tcpdump and the right to capture (the bench runs as
 * root in its own network namespace).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, rmSync } from 'node:fs';
import { epochNow, median } from './stats.ts';

export interface WirePacket {
  /** epochNow() ms when it crossed loopback. */
  t: number;
  srcPort: number;
  dstPort: number;
  /** The UDP payload as captured (the first bytes only). */
  payload: Buffer;
}

/** Why the wire cannot be read here, or undefined when it can. */
export function wireUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) {
    return 'needs root to capture on loopback';
  }
  if (spawnSync('tcpdump', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return 'needs tcpdump (npm run setup installs it)';
  }
  return undefined;
}

const MARKERS = 5;
const SNAPLEN = 96; // Ethernet + IPv4 + UDP headers and the RTP header

export class WireCapture {
  private constructor(
    private readonly file: string,
    private readonly tcpdump: ChildProcess,
    private readonly marker: Socket,
    private readonly markerPort: number,
  ) {}

  /** Captures UDP on `lo` matching `filter` (a pcap-filter expression), plus the capture's markers. */
  static async start(file: string, filter: string): Promise<WireCapture> {
    const marker = createSocket('udp4');
    await new Promise<void>((resolve) => marker.bind(0, '127.0.0.1', resolve));
    const markerPort = marker.address().port;
    const expression = `udp and ((${filter}) or dst port ${markerPort})`;
    const tcpdump = spawn(
      'tcpdump',
      ['-i', 'lo', '-n', '--immediate-mode', '-U', '-s', String(SNAPLEN), '-w', file, expression],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      let said = '';
      tcpdump.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('listening on')) {
          resolve();
        }
      });
      tcpdump.once('exit', (code) => reject(new Error(`tcpdump exited (${code}) before capturing: ${said.trim()}`)));
    });
    return new WireCapture(file, tcpdump, marker, markerPort);
  }

  /** Stops the capture and returns its packets (markers removed) on this process's clock. */
  async stop(): Promise<WirePacket[]> {
    const sent: number[] = [];
    for (let i = 0; i < MARKERS; i += 1) {
      sent.push(epochNow());
      await new Promise<void>((resolve, reject) =>
        this.marker.send(Buffer.from([i]), this.markerPort, '127.0.0.1', (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // immediate mode and -U: each packet is written as it is seen
    const exited = new Promise((resolve) => this.tcpdump.once('exit', resolve));
    this.tcpdump.kill('SIGTERM');
    await exited;
    this.marker.close();
    const packets = readPcap(readFileSync(this.file));
    rmSync(this.file, { force: true });
    return onProcessClock(packets, sent, this.markerPort);
  }
}

/**
 * The capture's packets without the markers, shifted by the median of (capture time − send time) over
 * the markers: the capture's wall clock and this process's clock agree to well under a millisecond.
 */
export function onProcessClock(packets: WirePacket[], sent: readonly number[], markerPort: number): WirePacket[] {
  const offsets = packets
    .filter((p) => p.dstPort === markerPort && p.payload.length === 1)
    .map((p) => p.t - (sent[p.payload[0] ?? -1] ?? Number.NaN))
    .filter((offset) => Number.isFinite(offset));
  if (offsets.length === 0) {
    throw new Error('wire capture: none of its markers was captured');
  }
  const offset = median(offsets);
  return packets.filter((p) => p.dstPort !== markerPort).map((p) => ({ ...p, t: p.t - offset }));
}

const PCAP_MAGIC_US = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
const ETHERTYPE_IPV4 = 0x0800;
const IPPROTO_UDP = 17;

/** The IPv4 UDP packets of a classic pcap file (microsecond timestamps, Ethernet framing as on `lo`). */
export function readPcap(file: Buffer): WirePacket[] {
  if (file.length < 24 || file.readUInt32LE(0) !== PCAP_MAGIC_US || file.readUInt32LE(20) !== LINKTYPE_ETHERNET) {
    throw new Error('wire capture: not a little-endian microsecond pcap of Ethernet frames');
  }
  const packets: WirePacket[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    const seconds = file.readUInt32LE(at);
    const micros = file.readUInt32LE(at + 4);
    const captured = file.readUInt32LE(at + 8);
    const frame = file.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    if (frame.length < 14 + 20 || frame.readUInt16BE(12) !== ETHERTYPE_IPV4 || frame[14 + 9] !== IPPROTO_UDP) {
      continue;
    }
    const udp = 14 + ((frame[14] ?? 0) & 0x0f) * 4;
    if (frame.length < udp + 8) {
      continue;
    }
    packets.push({
      t: seconds * 1000 + micros / 1000,
      srcPort: frame.readUInt16BE(udp),
      dstPort: frame.readUInt16BE(udp + 2),
      payload: frame.subarray(udp + 8),
    });
  }
  return packets;
}

/** RTP, not RTCP, STUN or DTLS sharing the port (RFC 7983): version 2 and a payload type outside 72–76. */
export function isRtp(payload: Buffer): boolean {
  const first = payload[0] ?? 0;
  const payloadType = (payload[1] ?? 0) & 0x7f;
  return payload.length >= 12 && first >= 128 && first <= 191 && (payloadType < 72 || payloadType > 76);
}
