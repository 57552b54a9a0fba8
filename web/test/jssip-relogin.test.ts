/**
 * WWE's logout/login against REAL JsSIP 3.13.8 over an in-memory socket: `UnregisterDn/` then
 * `RegisterDn/` un-REGISTERs and REGISTERs again with no invalid transition and nothing logged at
 * error — the PWA's console stays clean (an e2e spec checks the same in Chromium).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger, type LogRecord } from '../src/lib/log.ts';
import type { PhoneService } from '../src/phone/phone-port.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { createLoopPhone } from './fakes/loop-phone.ts';
import { header, LoopSocket, reply } from './fakes/loop-socket.ts';

describe('WWE logs out and in again (real JsSIP, in-memory socket)', () => {
  let socket: LoopSocket;
  let phone: PhoneService;
  let records: LogRecord[];
  let uninstall: () => void;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    socket = new LoopSocket();
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1001': { password: 'pw1001' }, '1002': { password: 'pw1002' } },
    };
    const log = createMemoryLogger('relogin');
    records = log.records;
    phone = createLoopPhone({ socket, clock: new FakeClock(), log, settings: () => settings });
  });

  afterEach(() => {
    mock.timers.reset();
    uninstall();
  });

  /** Answers the `nth` REGISTER (1-based) with 200 OK. */
  async function answerRegister(nth: number): Promise<string> {
    let seen = 0;
    const register = await socket.waitFor(/^REGISTER /, () => ++seen === nth);
    socket.receive(reply(register, 200, 'OK', [`Contact: ${header(register, 'Contact')}`], `reg${nth}`));
    return register;
  }

  const errors = (): string[] => records.filter((r) => r.level === 'error').map((r) => r.message);

  it('UnregisterDn then RegisterDn: un-REGISTER, REGISTER, registered, and no error logged', async () => {
    const first = phone.execute('register', { dn: '1001', server: 'sip.example' });
    await answerRegister(1);
    assert.equal((await first).state, 'registered');

    const unregistered = phone.execute('unregister', {});
    const unregister = await answerRegister(2);
    assert.match(unregister, /expires=0|Expires: 0/i);
    assert.equal((await unregistered).state, 'unregistered');

    const again = phone.execute('register', { dn: '1001', server: 'sip.example' });
    await answerRegister(3);
    assert.equal((await again).state, 'registered');
    assert.equal(phone.snapshot.transport, 'connected');
    assert.deepEqual(errors(), []);
  });

  it('RegisterDn for another DN replaces the UA with no invalid transport transition', async () => {
    const first = phone.execute('register', { dn: '1001', server: 'sip.example' });
    await answerRegister(1);
    await first;
    const other = phone.execute('register', { dn: '1002', server: 'sip.example' });
    const register = await answerRegister(3);
    assert.match(header(register, 'From') ?? '', /sip:1002@/);
    assert.equal((await other).state, 'registered');
    assert.equal(phone.snapshot.transport, 'connected');
    assert.deepEqual(errors(), []);
  });
});
