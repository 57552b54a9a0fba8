/**
 * What the catalog tests share (the unit test of every catalog and the e2e walk of the French UI):
 * a catalog's leaves by path, and which English texts another language may keep as they are.
 */
import type { Language } from '../src/i18n/language-tags.ts';

export type Leaf = { path: string; value: string | ((...args: never[]) => string) };

/** Every text and parameterised message of a catalog, with its dotted path (`call.state.ringing`, `help.rows.0.1`). */
export function catalogLeaves(catalog: unknown, path = ''): Leaf[] {
  if (typeof catalog === 'string' || typeof catalog === 'function') {
    return [{ path, value: catalog as Leaf['value'] }];
  }
  if (typeof catalog !== 'object' || catalog === null) {
    throw new Error(`${path}: neither text, a message function nor a group`);
  }
  return Object.entries(catalog).flatMap(([key, value]) => catalogLeaves(value, path ? `${path}.${key}` : key));
}

/**
 * English texts a language keeps by right: the product's name, protocol and Genesys terms, the
 * shortcut letters, key names and words that are the same in that language.
 */
export const SAME_AS_ENGLISH: Readonly<Record<string, 'all' | readonly Language[]>> = {
  'WebRTC Gateway Bridge': 'all',
  Softphone: ['fr', 'de', 'es', 'pt-BR'],
  SIP: 'all',
  'SIP INFO': 'all',
  WWE: 'all',
  DN: 'all',
  MOS: 'all',
  RTT: 'all',
  H: 'all',
  M: 'all',
  T: 'all',
  Enter: ['pt-BR', 'ja'],
  Jitter: ['de'],
  Notifications: ['fr'],
  Microphone: ['fr'],
};

/** True when `text` may read the same in `language` as in English: nothing to translate, or allowed above. */
export function maySameAsEnglish(text: string, language: Language): boolean {
  const allowed = SAME_AS_ENGLISH[text.trim()];
  return /^[\s\p{P}\p{S}\p{N}]*$/u.test(text) || allowed === 'all' || (allowed?.includes(language) ?? false);
}
