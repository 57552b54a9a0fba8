/** The PWA's language: WWE's preferred_language, then the agent's Settings, then the browser; BCP 47 matching. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseLanguage, matchLanguage, type LanguageSources } from '../src/i18n/choose-language.ts';
import type { Language } from '../src/i18n/language-tags.ts';

describe('matching a language tag', () => {
  const table: [string, Language | null][] = [
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['fr_FR', 'fr'],
    ['FR', 'fr'],
    ['de-AT', 'de'],
    ['es-419', 'es'],
    ['pt', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['ja-JP', 'ja'],
    ['en-GB', 'en'],
    [' ja ', 'ja'],
    ['it', null],
    ['zh-Hans-CN', null],
    ['', null],
  ];
  for (const [tag, expected] of table) {
    it(`${JSON.stringify(tag)} → ${String(expected)}`, () => assert.equal(matchLanguage(tag), expected));
  }
});

describe('choosing the language', () => {
  const table: [string, LanguageSources, Language][] = [
    ['WWE first', { wwe: 'ja', agent: 'de', browser: ['es'] }, 'ja'],
    ['WWE as a regional tag', { wwe: 'fr-CA', agent: 'auto', browser: ['en-US'] }, 'fr'],
    ['an unknown WWE language falls to the agent', { wwe: 'it-IT', agent: 'de', browser: ['es'] }, 'de'],
    ['no WWE language: the agent', { wwe: null, agent: 'pt-BR', browser: ['es'] }, 'pt-BR'],
    ['agent on auto: the browser', { wwe: null, agent: 'auto', browser: ['es-MX', 'en'] }, 'es'],
    ['the first browser language shipped', { wwe: null, agent: 'auto', browser: ['it', 'nl', 'pt'] }, 'pt-BR'],
    ['nothing shipped: English', { wwe: 'it', agent: 'auto', browser: ['it', 'zh'] }, 'en'],
    ['no sources at all: English', { wwe: null, agent: 'auto', browser: [] }, 'en'],
  ];
  for (const [name, sources, expected] of table) {
    it(name, () => assert.equal(chooseLanguage(sources), expected));
  }
});
