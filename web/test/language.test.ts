/**
 * The current language (i18n/language.ts): WWE's preferred_language set through setWweLanguage wins
 * over the agent's Settings, which win over the browser; a change swaps `msg`, sets <html lang> and
 * tells subscribers once. The page's document, navigator and window are stand-ins here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, type Settings, type SettingsSource } from '../src/settings/settings.ts';

const html = { lang: 'en' };
const browser = { languages: ['ja-JP', 'en'] };
Object.assign(globalThis, {
  document: { documentElement: html },
  window: { addEventListener: () => undefined },
});
Object.defineProperty(globalThis, 'navigator', { value: browser, configurable: true });

const { followLanguageSources, language, setWweLanguage } = await import('../src/i18n/language.ts');
const messages = await import('../src/i18n/messages.ts');

function settingsSource(initial: Settings) {
  let current = initial;
  const listeners = new Set<(settings: Settings) => void>();
  const source: SettingsSource = {
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const save = (next: Partial<Settings>): void => {
    current = { ...current, ...next };
    listeners.forEach((listener) => listener(current));
  };
  return { source, save };
}

describe('the current language', () => {
  it('follows the browser, then the agent, then WWE, and back as each one lets go', () => {
    const changes: string[] = [];
    language.subscribe(() => changes.push(language.current()));
    const settings = settingsSource({ ...DEFAULT_SETTINGS, language: 'auto' });

    followLanguageSources(settings.source);
    assert.equal(language.current(), 'ja');
    assert.equal(html.lang, 'ja');
    assert.equal(messages.msg.nav.phone, '電話');

    settings.save({ language: 'de' });
    assert.equal(messages.msg.nav.phone, 'Telefon');

    setWweLanguage('fr-CA');
    assert.equal(language.current(), 'fr');
    assert.equal(language.fromWwe(), 'fr');
    assert.equal(html.lang, 'fr');
    assert.equal(messages.msg.nav.phone, 'Téléphone');
    setWweLanguage('fr');
    settings.save({ language: 'es' });

    setWweLanguage(null);
    assert.equal(language.fromWwe(), null);
    assert.equal(messages.msg.nav.phone, 'Teléfono');
    settings.save({ language: 'auto' });
    assert.deepEqual(changes, ['ja', 'de', 'fr', 'es', 'ja']);
  });

  it('tells subscribers when WWE names the language already shown (Settings says WWE decides)', () => {
    let told = 0;
    language.subscribe(() => (told += 1));
    setWweLanguage('ja');
    assert.deepEqual([language.current(), language.fromWwe(), told], ['ja', 'ja', 1]);
    setWweLanguage('it');
    assert.deepEqual([language.current(), language.fromWwe(), told], ['ja', null, 2]);
  });
});
