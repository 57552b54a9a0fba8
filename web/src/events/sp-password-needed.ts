/**
 * `sp-password-needed` (on window): a register command found no password for its DN; the password
 * dialog asks the agent, then registers with `register`.
 */
import type { CommandParams } from '../../../protocol/src/index.ts';

export type SpPasswordNeededDetail = { register: CommandParams<'register'> };
export type SpPasswordNeededEvent = CustomEvent<SpPasswordNeededDetail>;

export function spPasswordNeeded(detail: SpPasswordNeededDetail): SpPasswordNeededEvent {
  return new CustomEvent('sp-password-needed', { detail });
}

declare global {
  interface WindowEventMap {
    'sp-password-needed': SpPasswordNeededEvent;
  }
}
