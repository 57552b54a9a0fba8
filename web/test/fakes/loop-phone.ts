/**
 * A real phone service over real JsSIP whose SIP socket is an in-memory LoopSocket (no network), with
 * fake WebRTC media; any invalid state transition fails the test.
 */
import assert from 'node:assert/strict';
import { createJsSipAdapter } from '../../src/adapters/jssip-adapter.ts';
import type { FakeClock } from '../../src/lib/clock.ts';
import type { Logger } from '../../src/lib/log.ts';
import type { PhoneService } from '../../src/phone/phone-port.ts';
import { createPhone } from '../../src/phone/phone-service.ts';
import type { Settings } from '../../src/settings/settings.ts';
import { fakeAudioStream } from './fake-webrtc.ts';
import type { LoopSocket } from './loop-socket.ts';

export function createLoopPhone(o: {
  socket: LoopSocket;
  clock: FakeClock;
  log: Logger;
  settings: () => Settings;
}): PhoneService {
  return createPhone({
    settings: { current: o.settings, subscribe: () => () => undefined },
    log: o.log,
    clock: o.clock,
    sip: createJsSipAdapter({ log: o.log, clock: o.clock, createSocket: () => o.socket }),
    media: { getUserMedia: () => Promise.resolve(fakeAudioStream()), enumerateDevices: () => Promise.resolve([]) },
    environment: { subscribe: () => () => undefined },
    onInvalidTransition: (d) => assert.fail(`invalid ${d.machine} transition: ${d.reason}`),
  });
}
