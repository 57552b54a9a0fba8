/**
 * The "Download support bundle" file: everything a helpdesk needs in one JSON document, with every
 * secret removed. Secrets are removed twice: credential-named keys and known secret values anywhere
 * (the same rule as the log), so a secret that slipped into a log line or a setting still never leaves.
 */
import { redact } from '../../../protocol/src/redaction.ts';
import type { QualitySummary } from './journal.ts';
import type { Sentence } from './sentences.ts';
import type { Check } from './connection-test.ts';

export interface BundleInput {
  generatedAt: string;
  companion: { version: string; platform: string; node: string };
  /** The effective configuration. */
  settings: unknown;
  status: unknown;
  events: readonly Sentence[];
  quality: readonly QualitySummary[];
  selfChecks: readonly Check[];
  /** Recent companion log lines (JSON lines, already redacted by the logger). */
  companionLog: readonly string[];
  /** What the softphone reported about itself, or why it could not. */
  softphone: unknown;
  /** The softphone's recent log lines (helpdesk/softphone-log.ts), or why they could not be fetched. */
  softphoneLog: readonly string[] | { unavailable: string };
  /** Every secret value known to the companion (pairing secret, extension token). */
  secrets: readonly string[];
}

export type SupportBundle = Omit<BundleInput, 'secrets'> & { format: 'wgb-support-bundle/1' };

export function supportBundle(input: BundleInput): SupportBundle {
  const { secrets, ...content } = input;
  const known = new Set(secrets.filter((s) => s.length > 0));
  return redact({ format: 'wgb-support-bundle/1', ...content }, known, Number.POSITIVE_INFINITY) as SupportBundle;
}
