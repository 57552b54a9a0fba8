import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { epochNow } from './stats.ts';
import { isRtp, onProcessClock, readPcap, WireCapture, wireUnavailable } from './wire-capture.ts';

/** A classic pcap (µs, Ethernet) holding one IPv4/UDP frame per entry. */
function pcap(frames: { t: number; src: number; dst: number; payload: number[] }[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map(({ t, src, dst, payload }) => {
    const frame = Buffer.alloc(14 + 20 + 8 + payload.length);
    frame.writeUInt16BE(0x0800, 12);
    frame[14] = 0x45; // IPv4, 20-byte header
    frame[14 + 9] = 17; // UDP
    frame.writeUInt16BE(src, 34);
    frame.writeUInt16BE(dst, 36);
    Buffer.from(payload).copy(frame, 42);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(t / 1000), 0);
    record.writeUInt32LE(Math.round((t % 1000) * 1000), 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

const rtp = (payloadType: number): number[] => [0x80, payloadType, ...new Array<number>(10).fill(0)];

describe('readPcap', () => {
  it('reads each UDP frame: epoch ms with µs precision, ports, payload', () => {
    const packets = readPcap(
      pcap([
        { t: 1_796_320_850_405.429, src: 30_010, dst: 45_000, payload: rtp(0) },
        { t: 1_796_320_850_425.5, src: 45_000, dst: 30_010, payload: [1, 2] },
      ]),
    );
    assert.equal(packets.length, 2);
    assert.ok(Math.abs((packets[0]?.t ?? 0) - 1_796_320_850_405.429) < 0.002);
    assert.deepEqual(
      packets.map((p) => [p.srcPort, p.dstPort, p.payload.length]),
      [
        [30_010, 45_000, 12],
        [45_000, 30_010, 2],
      ],
    );
  });

  it('refuses what is not a microsecond Ethernet pcap', () => {
    assert.throws(() => readPcap(Buffer.alloc(24)), /not a little-endian microsecond pcap/);
  });
});

describe('isRtp', () => {
  it('tells RTP from RTCP, STUN and DTLS on the same port', () => {
    assert.equal(isRtp(Buffer.from(rtp(0))), true); // PCMU
    assert.equal(isRtp(Buffer.from(rtp(111 | 0x80))), true); // Opus with the marker bit
    assert.equal(isRtp(Buffer.from(rtp(200))), false); // RTCP sender report
    assert.equal(isRtp(Buffer.from([0x00, 0x01, ...new Array<number>(18).fill(0)])), false); // STUN binding request
    assert.equal(isRtp(Buffer.from([0x17, 0xfe, 0xfd, ...new Array<number>(10).fill(0)])), false); // DTLS
    assert.equal(isRtp(Buffer.from([0x80, 0x00])), false); // too short
  });
});

describe('onProcessClock', () => {
  it('shifts the capture by the markers’ median offset and drops them', () => {
    const packets = [
      { t: 1000.0, srcPort: 1, dstPort: 9, payload: Buffer.from([0]) },
      { t: 1010.0, srcPort: 1, dstPort: 9, payload: Buffer.from([1]) },
      { t: 1020.9, srcPort: 1, dstPort: 9, payload: Buffer.from([2]) },
      { t: 1500.0, srcPort: 30_000, dstPort: 45_000, payload: Buffer.from(rtp(0)) },
    ];
    const shifted = onProcessClock(packets, [995, 1005, 1015], 9);
    assert.deepEqual(
      shifted.map((p) => [p.t, p.dstPort]),
      [[1495, 45_000]],
    );
  });

  it('refuses a capture without its markers', () => {
    assert.throws(() => onProcessClock([], [1, 2], 9), /none of its markers/);
  });
});

describe('WireCapture', { skip: wireUnavailable() }, () => {
  it('captures real datagrams on loopback, in order, on this process’s clock', async () => {
    const sink = createSocket('udp4');
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    const port = sink.address().port;
    const capture = await WireCapture.start(join(tmpdir(), `wgb-wire-${process.pid}.pcap`), `dst port ${port}`);
    const sender = createSocket('udp4');
    const sent: number[] = [];
    for (const byte of [7, 8, 9]) {
      sent.push(epochNow());
      await new Promise((resolve) => sender.send(Buffer.from([0x80, byte]), port, '127.0.0.1', resolve));
    }
    const packets = await capture.stop();
    sender.close();
    sink.close();
    assert.deepEqual(
      packets.map((p) => [p.dstPort, p.payload[1]]),
      [
        [port, 7],
        [port, 8],
        [port, 9],
      ],
    );
    // On the process's clock: each one after it was sent, by far less than a second (not a timing claim,
    // a units check: seconds vs milliseconds, or an offset left out, would be off by orders of magnitude).
    packets.forEach((p, i) => {
      const delay = p.t - (sent[i] ?? 0);
      assert.ok(delay > -5 && delay < 1000, `packet ${i} at ${delay} ms from its send`);
    });
  });
});
