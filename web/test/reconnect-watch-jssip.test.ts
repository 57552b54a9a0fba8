/**
 * The reconnect watch with REAL JsSIP 3.13.8 over an in-memory socket: a connect attempt whose SYN was
 * lost is started afresh about every second; a socket stuck in TCP's backoff (a keepalive written into a
 * dropped network) or JsSIP's recovery wait ends as soon as a fresh probe socket opens; the UA REGISTERs
 * on the new connection — without the watch JsSIP would wait on the hung attempt forever, on the
 * silent socket until the keepalive's 10 s timeout, and on its recovery timer for 1–10 s.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { createJsSipAdapter } from '../src/adapters/jssip-adapter.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { SipPort } from '../src/phone/sip-port.ts';
import { installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { header, LoopSocket, reply, sip as sipMessage } from './fakes/loop-socket.ts';

const URL = 'wss://gateway.test/ws';
const KEEPALIVE_TIMEOUT_MS = 10_000;

describe('reconnect watch: a stuck socket is replaced once a fresh one opens (real JsSIP)', () => {
  let socket: LoopSocket;
  let clock: FakeClock;
  let sip: SipPort;
  let gatewayAnswers: boolean;
  let probes: { url: string; timeoutMs: number | undefined }[];
  let uninstall: () => void;

  function start(): void {
    sip = createJsSipAdapter({
      log: createMemoryLogger('reconnect'),
      clock,
      createSocket: () => socket,
      probeGateway: (url, timeoutMs) => {
        probes.push({ url, timeoutMs });
        return Promise.resolve(gatewayAnswers);
      },
    });
    sip.start({
      dn: '1001',
      server: 'sip.example',
      extraSlots: [],
      webSocketUrls: [URL],
      password: 'pw1001',
      iceServers: [],
      iceTransportPolicy: 'all',
      audioCodecs: ['opus'],
      userAgent: 'test',
    });
  }

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    socket = new LoopSocket(URL);
    clock = new FakeClock();
    gatewayAnswers = true;
    probes = [];
  });

  afterEach(async () => {
    await Promise.race([sip.stop(), new Promise((resolve) => setImmediate(resolve))]);
    mock.timers.reset();
    uninstall();
  });

  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const registers = (): number => socket.sent.filter((m) => m.startsWith('REGISTER ')).length;

  async function answerFirstRegister(): Promise<void> {
    const register = await socket.waitFor(/^REGISTER /);
    socket.receive(reply(register, 200, 'OK', [`Contact: ${header(register, 'Contact')}`], 'reg-1'));
  }

  /** SIP Server's side asks something JsSIP answers with a response that expects nothing back. */
  function requestFromGateway(): void {
    socket.receive(
      sipMessage('OPTIONS sip:1001@127.0.0.1 SIP/2.0', [
        'Via: SIP/2.0/WSS gateway.test;branch=z9hG4bK-from-gateway',
        'From: <sip:probe@gateway.test>;tag=g1',
        'To: <sip:1001@127.0.0.1>',
        'Call-ID: from-gateway',
        'CSeq: 1 OPTIONS',
        'Max-Forwards: 70',
      ]),
    );
  }

  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await settle();
  }

  /** Advances in 250 ms steps, letting the in-memory socket's microtasks run between the watch's beats. */
  async function advanceInSteps(ms: number): Promise<void> {
    for (let done = 0; done < ms; done += 250) {
      await advance(250);
    }
  }

  it('a connect attempt that never opens is started afresh within about a second, without a probe queued behind it', async () => {
    socket.hangConnects = 1;
    start();
    await advance(500);
    assert.equal(socket.connects, 1);
    await advance(800);
    assert.deepEqual(probes, [], 'a browser would queue the probe behind the attempt in CONNECTING');
    assert.equal(socket.connects, 2);
    assert.equal(registers(), 1, 'REGISTER on the fresh connection');
  });

  it('keeps starting fresh attempts about every second while none opens', async () => {
    socket.hangConnects = 4;
    start();
    await advanceInSteps(3_000);
    assert.ok(socket.connects >= 3 && socket.connects <= 5, `${socket.connects} attempts in 3 s`);
    await advanceInSteps(3_000);
    assert.equal(socket.connects, 5);
    assert.equal(registers(), 1);
  });

  it('when JsSIP waits on its recovery timer, a probe that opens connects at once', async () => {
    start();
    await answerFirstRegister();
    socket.hangConnects = 0;
    socket.closeFromGateway();
    await settle();
    assert.equal(socket.connects, 1, 'JsSIP waits 1–2 s before its first retry (mock timers stand still)');
    await advance(1_300);
    assert.deepEqual(probes, [{ url: URL, timeoutMs: 1_000 }]);
    assert.equal(socket.connects, 2);
    assert.equal(registers(), 2);
  });

  it('a keepalive unanswered for a second while a probe opens: the socket is dropped and the UA REGISTERs again at once', async () => {
    start();
    await answerFirstRegister();
    await settle();
    assert.equal(probes.length, 0, 'a connect that opens at once needs no probe');
    const ping = sip.ping(KEEPALIVE_TIMEOUT_MS);
    await socket.waitFor(/^OPTIONS /);
    await advance(1_000);
    assert.equal(probes.length, 0, 'the first probe waits for the beat');
    await advance(1_300);
    assert.equal(await ping, 'dead');
    assert.equal(socket.connects, 2);
    assert.equal(registers(), 2, 'a fresh REGISTER well before the keepalive would have timed out');
  });

  it('a message out with nothing back for a second is followed by an OPTIONS; unanswered, it leads to a fresh connection', async () => {
    start();
    await answerFirstRegister();
    await settle();
    const before = socket.sent.length;
    requestFromGateway();
    assert.match(socket.sent[before] ?? '', /^SIP\/2.0 200 /);
    await advance(900);
    assert.equal(socket.sent.length, before + 1, 'nothing more within the second');
    await advance(200);
    assert.match(socket.sent[before + 1] ?? '', /^OPTIONS /, 'an OPTIONS asks the gateway for an answer');
    await advanceInSteps(2_500);
    assert.equal(socket.connects, 2);
    assert.equal(registers(), 2);
  });

  it('a message out answered within a second sends no OPTIONS', async () => {
    start();
    await answerFirstRegister();
    await settle();
    const before = socket.sent.length;
    requestFromGateway();
    await advance(500);
    socket.receive('\r\n');
    await advance(2_000);
    assert.equal(socket.sent.length, before + 1);
    assert.equal(probes.length, 0);
  });

  it('a keepalive answered within a second starts no probe', async () => {
    start();
    await answerFirstRegister();
    const ping = sip.ping(KEEPALIVE_TIMEOUT_MS);
    const options = await socket.waitFor(/^OPTIONS /);
    await advance(500);
    socket.receive(reply(options, 200, 'OK', [], 'opt-1'));
    assert.equal(await ping, 'alive');
    await advance(5_000);
    assert.equal(probes.length, 0);
    assert.equal(socket.connects, 1);
  });
});
