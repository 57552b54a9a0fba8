/**
 * The settings the phone works with: the agent's Settings with the gateway's issued credential as its
 * DN's (credential-renewal.ts), WWE's device rules (device-rules.ts) and WWE's codec order
 * (codec-policy.ts) in place. Every phone step reads them (quality polls included), so they are built
 * once per change of what they come from — compared by identity, as each input is replaced, never
 * mutated — and the same object is handed out until then.
 */
import type { AppliedSettings } from '../../../protocol/src/index.ts';
import type { Credential, Settings } from '../settings/settings.ts';
import { withCodecOrder } from './codec-policy.ts';
import { withDeviceRules, type DevicePlan } from './device-rules.ts';

export type RuledInputs = {
  own: Settings;
  issued: { dn: string; credential: Credential } | null;
  devices: DevicePlan | null;
  endpoint: AppliedSettings;
};

export function ruleSettings({ own, issued, devices, endpoint }: RuledInputs): Settings {
  const withIssued = issued ? { ...own, credentials: { ...own.credentials, [issued.dn]: issued.credential } } : own;
  return withCodecOrder(withDeviceRules(withIssued, devices), endpoint);
}

/** `ruleSettings` over `read()`, rebuilt only when one of the inputs is another object than last time. */
export function cachedRuledSettings(read: () => RuledInputs): () => Settings {
  let last: { inputs: RuledInputs; settings: Settings } | null = null;
  return () => {
    const inputs = read();
    if (!last || (Object.keys(inputs) as (keyof RuledInputs)[]).some((key) => inputs[key] !== last?.inputs[key])) {
      last = { inputs, settings: ruleSettings(inputs) };
    }
    return last.settings;
  };
}
