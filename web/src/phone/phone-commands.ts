/**
 * The phone's command table (a mapped type over the protocol's CommandMap, so a command without an
 * implementation does not compile): resolves which call a command means, then hands it to the module
 * that implements it. `applySettings`, `getStatus` and `getLog` touch only the service's own fields and come in.
 */
import type { CommandHandlers } from '../../../protocol/src/index.ts';
import { setAudio } from './audio-command.ts';
import { answer, dial, findCall, hangup, sendDtmf, setHold, setMute } from './call-commands.ts';
import type { CallState } from './call-machine.ts';
import type { PhoneContext } from './phone-context.ts';
import { register, unregister } from './registration-commands.ts';
import { transfer } from './transfer-command.ts';

export function createPhoneCommands(
  ctx: PhoneContext,
  own: Pick<CommandHandlers, 'applySettings' | 'getStatus' | 'getLog'>,
): CommandHandlers {
  const find = (callId: string | undefined, preference: CallState['state'][]): CallState =>
    findCall(ctx, callId, preference);
  return {
    register: (p) => register(ctx, p),
    unregister: () => unregister(ctx),
    dial: (p) => dial(ctx, p.target),
    answer: (p) => answer(ctx, find(p.callId, ['incoming', 'answering', 'active'])),
    hangup: (p) => hangup(ctx, find(p.callId, ['active', 'incoming', 'answering', 'dialing', 'ringing', 'ending'])),
    setHold: (p) => setHold(ctx, find(p.callId, ['active']), p.held),
    setMute: (p) => setMute(ctx, find(p.callId, ['active']), p.muted),
    sendDtmf: (p) => sendDtmf(ctx, find(p.callId, ['active']), p.tones),
    transfer: (p) => transfer(ctx, p),
    setAudio: (p) => setAudio(ctx, p),
    ...own,
  };
}
