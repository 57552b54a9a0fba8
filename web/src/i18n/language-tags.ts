/** The languages the PWA ships a catalog for (BCP 47 tags); `en` is the fallback. */
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'pt-BR', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
