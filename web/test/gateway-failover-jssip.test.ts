/**
 * Fail-over and fail-back across the gateway's URL list with REAL JsSIP 3.13.8 over in-memory
 * sockets: the node in use closes → JsSIP's recovery reconnects to the next URL and REGISTERs there;
 * the first URL answers its probe again → the socket is dropped and the UA REGISTERs at the first.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { createJsSipAdapter } from '../src/adapters/jssip-adapter.ts';
import { FAILBACK_PROBE_MS } from '../src/adapters/failback-watch.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { SipPort } from '../src/phone/sip-port.ts';
import { installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { header, LoopSocket, reply } from './fakes/loop-socket.ts';

const FIRST = 'wss://gateway-1.test/ws';
const SECOND = 'wss://gateway-2.test/ws';
/** JsSIP's first recovery attempt comes 1–2 s after the close (recovery interval 1–10 s). */
const JSSIP_RECOVERY_MS = 2_000;
/** The fail-back probe's longest period (±50 % jitter). */
const PROBE_MAX_MS = FAILBACK_PROBE_MS * 1.5;

describe('gateway URL list: fail-over and fail-back (real JsSIP, in-memory sockets)', () => {
  let sockets: Record<string, LoopSocket>;
  let clock: FakeClock;
  let sip: SipPort;
  let firstAnswers: boolean;
  let probed: string[];
  let uninstall: () => void;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    sockets = { [FIRST]: new LoopSocket(FIRST), [SECOND]: new LoopSocket(SECOND) };
    clock = new FakeClock();
    firstAnswers = false;
    probed = [];
    sip = createJsSipAdapter({
      log: createMemoryLogger('failover'),
      clock,
      createSocket: (url) => sockets[url]!,
      probeGateway: (url) => {
        probed.push(url);
        return Promise.resolve(url === FIRST && firstAnswers);
      },
    });
    sip.start({
      dn: '1001',
      server: 'sip.example',
      extraSlots: [],
      webSocketUrls: [FIRST, SECOND],
      password: 'pw1001',
      iceServers: [],
      iceTransportPolicy: 'all',
      audioCodecs: ['opus'],
      userAgent: 'test',
    });
  });

  afterEach(async () => {
    await Promise.race([sip.stop(), new Promise((resolve) => setImmediate(resolve))]);
    mock.timers.reset();
    uninstall();
  });

  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const registers = (url: string): number => sockets[url]!.sent.filter((m) => m.startsWith('REGISTER ')).length;

  /** Answers the `nth` REGISTER (1-based) sent on `url` with 200 OK. */
  async function answerRegister(url: string, nth: number): Promise<void> {
    const socket = sockets[url]!;
    let seen = 0;
    const register = await socket.waitFor(/^REGISTER /, () => ++seen === nth);
    socket.receive(reply(register, 200, 'OK', [`Contact: ${header(register, 'Contact')}`], `${url}-${nth}`));
  }

  async function failOverToSecond(): Promise<void> {
    await answerRegister(FIRST, 1);
    sockets[FIRST]!.closeFromGateway();
    mock.timers.tick(JSSIP_RECOVERY_MS);
    await settle();
    await answerRegister(SECOND, 1);
  }

  it('connects to the first URL only while it answers', async () => {
    await answerRegister(FIRST, 1);
    assert.equal(registers(SECOND), 0);
    assert.equal(sockets[SECOND]!.isConnected(), false);
  });

  it('the first node closes: JsSIP reconnects to the second and REGISTERs there', async () => {
    await failOverToSecond();
    assert.equal(sockets[SECOND]!.isConnected(), true);
    assert.equal(registers(FIRST), 1);
  });

  it('stays on the second while the first does not answer its probe', async () => {
    await failOverToSecond();
    for (let period = 0; period < 3; period += 1) {
      clock.advance(PROBE_MAX_MS);
      await settle();
    }
    assert.ok(probed.length >= 3, `probed ${probed.length} times`);
    assert.ok(probed.every((url) => url === FIRST));
    assert.equal(sockets[SECOND]!.isConnected(), true);
  });

  it('fails back to the first once it answers again, and REGISTERs there', async () => {
    await failOverToSecond();
    firstAnswers = true;
    clock.advance(PROBE_MAX_MS);
    await settle();
    assert.equal(sockets[SECOND]!.isConnected(), false);
    mock.timers.tick(JSSIP_RECOVERY_MS);
    await settle();
    await answerRegister(FIRST, 2);
    assert.equal(sockets[FIRST]!.isConnected(), true);
    assert.equal(registers(SECOND), 1);
  });
});
