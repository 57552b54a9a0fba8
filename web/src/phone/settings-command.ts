/**
 * The `applySettings` command: the endpoint settings from the companion are kept for the next call,
 * and the microphone's processing they decide reaches every live call at once.
 */
import type { AppliedSettings } from '../../../protocol/src/index.ts';
import { microphoneProcessing } from './endpoint-policy.ts';
import { respond } from './pending-commands.ts';
import type { StepDraft } from './phone-step.ts';

export function applySettings(d: StepDraft, id: number, applied: AppliedSettings): void {
  d.update({ endpoint: applied });
  d.log('info', 'endpoint settings applied', applied);
  const processing = microphoneProcessing(d.env.settings, applied);
  for (const call of d.state.calls) {
    if (call.state === 'active') {
      d.sip({ method: 'applyMicrophone', callId: call.callId, processing });
    }
  }
  d.push({ type: 'emit', event: { type: 'endpoint-settings', applied } });
  respond(d, { id }, { result: {} });
}
