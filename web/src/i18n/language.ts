/**
 * The PWA's current language: chosen by choose-language.ts from WWE's `preferred_language`, the
 * agent's Settings and the browser; its catalog loaded, then applied to `msg` (messages.ts) and to
 * `<html lang>`. Components re-render on a change by subscribing (LocalizedElement does).
 */
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { CATALOG_LOADERS } from './catalogs.ts';
import { chooseLanguage, matchLanguage, type LanguageSources } from './choose-language.ts';
import type { Language } from './language-tags.ts';
import { useCatalog } from './messages.ts';

let sources: LanguageSources = { wwe: null, agent: 'auto', browser: [] };
let current: Language = 'en';
let fromWwe: Language | null = null;
/** Counts source changes, so a catalog that arrives after a newer change is dropped. */
let generation = 0;
let log: Logger | undefined;
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

async function updateSources(patch: Partial<LanguageSources>): Promise<void> {
  sources = { ...sources, ...patch };
  const mine = ++generation;
  const next = chooseLanguage(sources);
  const nextFromWwe = sources.wwe === null ? null : matchLanguage(sources.wwe);
  if (next === current && nextFromWwe === fromWwe) {
    return;
  }
  let catalog;
  try {
    catalog = await CATALOG_LOADERS[next]();
  } catch (error) {
    log?.warn(`the ${next} catalog did not load; the PWA stays in ${current}`, error);
    return;
  }
  if (mine !== generation) {
    return;
  }
  current = next;
  fromWwe = nextFromWwe;
  useCatalog(catalog);
  document.documentElement.lang = next;
  for (const listener of listeners) {
    listener();
  }
}

/**
 * WWE's `preferred_language` as it sent it (SetSIPEndpointParameters); null when it names none.
 * Resolves once the language is applied.
 */
export function setWweLanguage(tag: string | null): Promise<void> {
  return updateSources({ wwe: tag });
}

/** Follows the agent's choice in Settings and the browser's languages from now on; resolves once the first is applied. */
export function followLanguageSources(settings: SettingsSource, logger: Logger): Promise<void> {
  log = logger;
  settings.subscribe((next) => void updateSources({ agent: next.language }));
  window.addEventListener('languagechange', () => void updateSources({ browser: navigator.languages }));
  return updateSources({ agent: settings.current().language, browser: navigator.languages });
}
