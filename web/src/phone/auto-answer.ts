/**
 * Whether and when an inbound call is answered without the agent (pure).
 *
 * Settings give the base mode; WWE's `policy.session.auto_answer` (applySettings) overrides:
 * - policy true  → 'always' (WWE asks every call to be answered at once);
 * - policy false → at most 'when-requested': ordinary calls ring, but a header request from SIP Server
 *   (3pcc make-call, Call-Info answer-after) is still honoured, or WWE's own outbound calls would ring
 *   the agent — unless settings say 'never';
 * - policy absent → settings.
 */
import type { AutoAnswerRequest } from './sip-port.ts';

export type AutoAnswerMode = 'never' | 'when-requested' | 'always';

export function effectiveAutoAnswer(settingsMode: AutoAnswerMode, policy: boolean | undefined): AutoAnswerMode {
  if (policy === true) {
    return 'always';
  }
  if (policy === false && settingsMode === 'always') {
    return 'when-requested';
  }
  return settingsMode;
}

/**
 * Delay before auto-answering, or null to let the call ring. A header's answer-after wins; a call
 * without one waits `policyDelayMs` (WWE's `policy.session.auto_answer_delay`) under 'always'.
 */
export function autoAnswerDelayMs(
  mode: AutoAnswerMode,
  request: AutoAnswerRequest | null,
  policyDelayMs = 0,
): number | null {
  switch (mode) {
    case 'never':
      return null;
    case 'when-requested':
      return request ? Math.max(0, request.afterSec) * 1000 : null;
    case 'always':
      return request ? Math.max(0, request.afterSec) * 1000 : policyDelayMs;
  }
}
