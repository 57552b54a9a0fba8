/**
 * Each shipped language's catalog, by tag, loaded when first chosen: only English is in the initial
 * bundle (the service worker precaches the others for offline starts).
 */
import type { Language } from './language-tags.ts';
import { english, type Messages } from './messages.ts';

export const CATALOG_LOADERS: Readonly<Record<Language, () => Promise<Messages>>> = {
  en: () => Promise.resolve(english),
  fr: async () => (await import('./fr.ts')).fr,
  de: async () => (await import('./de.ts')).de,
  es: async () => (await import('./es.ts')).es,
  'pt-BR': async () => (await import('./pt-BR.ts')).ptBR,
  ja: async () => (await import('./ja.ts')).ja,
};
