/**
 * The phone writes a step's log lines after the step's SIP action and the snapshot it publishes: a
 * console line can cost over a millisecond (DevTools or an automation client attached), which must not
 * hold back a REGISTER or the report that it succeeded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { homeRegistration } from '../../protocol/src/index.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/log.ts';
import { createPhone } from '../src/phone/phone-service.ts';
import type { SipAccount } from '../src/phone/sip-port.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { FakeSip } from './fakes/fake-sip.ts';

describe('phone log lines come after the wire and the snapshot', () => {
  it('register: SIP start, then the registering snapshot, then the lines; registered: snapshot, then lines', async () => {
    const timeline: string[] = [];
    const sip = new FakeSip();
    const start = sip.start.bind(sip);
    sip.start = (account: SipAccount) => {
      timeline.push('sip start');
      start(account);
    };
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1001': { password: 'pw1001' } },
    };
    const phone = createPhone({
      settings: { current: () => settings, subscribe: () => () => undefined },
      log: createLogger('phone', { level: 'debug', sink: (record) => timeline.push(`log: ${record.message}`) }),
      clock: new FakeClock(),
      sip,
      media: {
        getUserMedia: () => Promise.reject(new Error('no media here')),
        enumerateDevices: () => Promise.resolve([]),
      },
      environment: { subscribe: () => () => undefined },
      onInvalidTransition: (d) => assert.fail(`invalid ${d.machine} transition: ${d.reason}`),
    });
    phone.subscribe((snapshot) => timeline.push(`snapshot ${homeRegistration(snapshot)?.state ?? 'none'}`));

    const done = phone.execute('register', { dn: '1001', server: 'sip.example:5060' });
    const firstLine = timeline.findIndex((entry) => entry.startsWith('log: '));
    assert.ok(firstLine > 0, timeline.join('\n'));
    assert.deepEqual(timeline.slice(0, firstLine), ['sip start', 'snapshot registering']);
    assert.match(timeline.slice(firstLine).join('\n'), /→ registering/);

    sip.emit({ type: 'transport', event: { type: 'connected' } });
    timeline.length = 0;
    sip.emit({ type: 'registration', slot: 0, event: { type: 'registered' } });
    assert.equal(timeline[0], 'snapshot registered', timeline.join('\n'));
    assert.match(timeline.slice(1).join('\n'), /registering → registered/);
    assert.equal((await done).state, 'registered');
  });
});
