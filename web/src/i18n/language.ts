/**
 * The PWA's current language: chosen by choose-language.ts from WWE's `preferred_language`, the
 * agent's Settings and the browser, applied to `msg` (messages.ts) and to `<html lang>`. Components
 * re-render on a change by subscribing (`new StoreController(this, () => language)`).
 */
import type { SettingsSource } from '../settings/settings.ts';
import { CATALOGS } from './catalogs.ts';
import { chooseLanguage, matchLanguage, type LanguageSources } from './choose-language.ts';
import type { Language } from './language-tags.ts';
import { useCatalog } from './messages.ts';

let sources: LanguageSources = { wwe: null, agent: 'auto', browser: [] };
let current: Language = 'en';
let fromWwe: Language | null = null;
const listeners = new Set<() => void>();

export const language = {
  current: (): Language => current,
  /** The language WWE's `preferred_language` names, if shipped: it overrides the agent's choice. */
  fromWwe: (): Language | null => fromWwe,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

function updateSources(patch: Partial<LanguageSources>): void {
  sources = { ...sources, ...patch };
  const next = chooseLanguage(sources);
  const nextFromWwe = sources.wwe === null ? null : matchLanguage(sources.wwe);
  document.documentElement.lang = next;
  if (next === current && nextFromWwe === fromWwe) {
    return;
  }
  current = next;
  fromWwe = nextFromWwe;
  useCatalog(CATALOGS[next]);
  for (const listener of listeners) {
    listener();
  }
}

/** WWE's `preferred_language` as it sent it (SetSIPEndpointParameters); null when it names none. */
export function setWweLanguage(tag: string | null): void {
  updateSources({ wwe: tag });
}

/** Follows the agent's choice in Settings and the browser's languages from now on. */
export function followLanguageSources(settings: SettingsSource): void {
  updateSources({ agent: settings.current().language, browser: navigator.languages });
  settings.subscribe((next) => updateSources({ agent: next.language }));
  window.addEventListener('languagechange', () => updateSources({ browser: navigator.languages }));
}
