/**
 * Cleaning of typed and pasted numbers: formatting (spaces, dashes between digits, dots, brackets,
 * slashes, "tel:" prefixes) is stripped so "+1 (555) 010-2030" dials "+15550102030". A SIP user such as
 * "agent_7" stays as it is. Pure, so it is unit-tested without a DOM.
 */
import * as v from 'valibot';
import { DialTargetSchema } from '../../../../protocol/src/index.ts';

/** Strips formatting from a number; leaves SIP user names (anything with a letter) alone apart from spaces. */
export function cleanDialInput(raw: string): string {
  let text = raw.trim().replace(/^(tel|sip|sips):/i, '');
  text = text.replace(/@.*$/, '');
  if (/[A-Za-z]/.test(text.replace(/^\+/, ''))) {
    return text.replace(/\s+/g, '');
  }
  const hasPlus = text.startsWith('+');
  const digits = text.replace(/[^0-9*#]/g, '');
  return hasPlus ? `+${digits}` : digits;
}

/** True when the cleaned text is something the protocol accepts as a dial target. */
export function isDialable(target: string): boolean {
  return v.safeParse(DialTargetSchema, target).success;
}

/** Keys the dial pad accepts from the keyboard. */
export function isDialKey(key: string): boolean {
  return /^[0-9*#+]$/.test(key);
}

/** Keys that are valid DTMF tones. */
export function isDtmfKey(key: string): boolean {
  return /^[0-9*#A-Da-d]$/.test(key);
}
