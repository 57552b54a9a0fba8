/** Each shipped language's catalog, by tag. */
import { de } from './de.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import type { Language } from './language-tags.ts';
import { english, type Messages } from './messages.ts';
import { ptBR } from './pt-BR.ts';

export const CATALOGS: Readonly<Record<Language, Messages>> = { en: english, fr, de, es, 'pt-BR': ptBR, ja };
