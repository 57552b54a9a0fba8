/**
 * Which language the PWA speaks, from its three sources in order: WWE's `preferred_language`, the
 * agent's choice in Settings, the browser's languages. Tags match BCP 47 style on their primary
 * language (`fr-CA` → fr, `pt` → pt-BR); a source that names no shipped language is skipped, and
 * English is the last resort.
 */
import { LANGUAGES, type Language } from './language-tags.ts';

export type LanguageSources = {
  /** WWE's `preferred_language` (SetSIPEndpointParameters), as sent; null when it sent none. */
  wwe: string | null;
  /** The agent's choice in Settings; `auto` defers to the browser. */
  agent: Language | 'auto';
  /** `navigator.languages`, most preferred first. */
  browser: readonly string[];
};

const primary = (tag: string): string => tag.split('-')[0] ?? '';

/** The shipped language a tag asks for (`fr_FR`, `FR-ca`, `pt`…), or null. */
export function matchLanguage(tag: string): Language | null {
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  return (
    LANGUAGES.find((language) => language.toLowerCase() === wanted) ??
    LANGUAGES.find((language) => primary(language.toLowerCase()) === primary(wanted)) ??
    null
  );
}

export function chooseLanguage(sources: LanguageSources): Language {
  const fromWwe = sources.wwe === null ? null : matchLanguage(sources.wwe);
  const fromAgent = sources.agent === 'auto' ? null : sources.agent;
  const fromBrowser = sources.browser.map(matchLanguage).find((language) => language !== null);
  return fromWwe ?? fromAgent ?? fromBrowser ?? 'en';
}
