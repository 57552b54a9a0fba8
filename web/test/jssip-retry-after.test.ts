/**
 * A REGISTER refused with 503 and Retry-After (the gateway refusing a flood) against REAL JsSIP 3.13.8
 * over an in-memory socket: the phone's next REGISTER waits the Retry-After out instead of coming back
 * on its own 1–2 s back-off, and JsSIP sends nothing of its own in between; without the header the
 * old back-off holds.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { homeRegistration } from '../../protocol/src/index.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { PhoneService } from '../src/phone/phone-port.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { createLoopPhone } from './fakes/loop-phone.ts';
import { header, LoopSocket, reply } from './fakes/loop-socket.ts';

describe('a REGISTER refused 503 with Retry-After (real JsSIP, in-memory socket)', () => {
  let socket: LoopSocket;
  let clock: FakeClock;
  let phone: PhoneService;
  let uninstall: () => void;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    socket = new LoopSocket();
    clock = new FakeClock();
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1001': { password: 'pw1001' } },
    };
    phone = createLoopPhone({ socket, clock, log: createMemoryLogger('retry-after'), settings: () => settings });
  });

  afterEach(() => {
    mock.timers.reset();
    uninstall();
  });

  const registers = (): number => socket.sent.filter((m) => m.startsWith('REGISTER ')).length;

  /** Answers the `nth` REGISTER (1-based) with `code` and the extra headers. */
  async function answerRegister(nth: number, code: number, reason: string, extra: string[] = []): Promise<void> {
    let seen = 0;
    const register = await socket.waitFor(/^REGISTER /, () => ++seen === nth);
    const contact = code === 200 ? [`Contact: ${header(register, 'Contact')}`] : [];
    socket.receive(reply(register, code, reason, [...contact, ...extra], `reg${nth}`));
  }

  /** Moves both clocks: the phone's timers (FakeClock) and JsSIP's (mocked setTimeout). */
  async function pass(ms: number): Promise<void> {
    clock.advance(ms);
    mock.timers.tick(ms);
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('503 with Retry-After: 30 → no REGISTER for 30 s, then one, and it registers', async () => {
    const registering = phone.execute('register', { dn: '1001', server: 'sip.example' });
    await answerRegister(1, 503, 'Service Unavailable', ['Retry-After: 30']);
    await assert.rejects(registering, /SIP Failure Code/);
    const refused = homeRegistration(phone.snapshot);
    assert.equal(refused.state, 'failed');
    assert.equal(refused.state === 'failed' && refused.retryAfterSec, 30);

    await pass(29_999);
    assert.equal(registers(), 1, 'a REGISTER before the Retry-After was over');
    await pass(3_001); // the Retry-After plus at most 10 % jitter
    assert.equal(registers(), 2);
    await answerRegister(2, 200, 'OK');
    await pass(0);
    assert.equal(homeRegistration(phone.snapshot).state, 'registered');
  });

  it('503 without Retry-After → the next REGISTER within the first back-off (2 s)', async () => {
    const registering = phone.execute('register', { dn: '1001', server: 'sip.example' });
    await answerRegister(1, 503, 'Service Unavailable');
    await assert.rejects(registering, /SIP Failure Code/);
    const refused = homeRegistration(phone.snapshot);
    assert.equal(refused.state === 'failed' && refused.retryAfterSec, undefined);
    await pass(2_000);
    assert.equal(registers(), 2);
  });
});
