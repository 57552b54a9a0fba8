/**
 * The PWA's command table: one entry per protocol command, a mapped type over CommandMap, so a
 * command without a handler does not compile (house style §6.3). Each forwards to the phone.
 */
import type { CommandHandlers } from '../../../protocol/src/index.ts';
import type { PhoneService } from '../phone/phone-port.ts';

export function createCommandHandlers(phone: PhoneService): CommandHandlers {
  return {
    register: (p) => phone.execute('register', p),
    unregister: (p) => phone.execute('unregister', p),
    dial: (p) => phone.execute('dial', p),
    answer: (p) => phone.execute('answer', p),
    hangup: (p) => phone.execute('hangup', p),
    setHold: (p) => phone.execute('setHold', p),
    setMute: (p) => phone.execute('setMute', p),
    sendDtmf: (p) => phone.execute('sendDtmf', p),
    transfer: (p) => phone.execute('transfer', p),
    applyPolicy: (p) => phone.execute('applyPolicy', p),
    getStatus: (p) => phone.execute('getStatus', p),
  };
}
