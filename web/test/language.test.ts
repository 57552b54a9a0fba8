/**
 * The current language (i18n/language.ts): WWE's preferred_language set through setWweLanguage wins
 * over the agent's Settings, which win over the browser; a change loads the catalog, swaps `msg`, sets
 * <html lang> and tells subscribers once, and a catalog that arrives after a newer change is dropped.
 * The page's document, navigator and window are stand-ins here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryLogger } from '../src/lib/log.ts';
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

/** Resolves at the next change the subscribers are told of. */
const nextChange = (): Promise<void> =>
  new Promise((resolve) => {
    const stop = language.subscribe(() => {
      stop();
      resolve();
    });
  });

describe('the current language', () => {
  it('follows the browser, then the agent, then WWE, and back as each one lets go', async () => {
    const changes: string[] = [];
    language.subscribe(() => changes.push(language.current()));
    const settings = settingsSource({ ...DEFAULT_SETTINGS, language: 'auto' });

    await followLanguageSources(settings.source, createMemoryLogger());
    assert.equal(language.current(), 'ja');
    assert.equal(html.lang, 'ja');
    assert.equal(messages.msg.nav.phone, '電話');

    let changed = nextChange();
    settings.save({ language: 'de' });
    await changed;
    assert.equal(messages.msg.nav.phone, 'Telefon');

    await setWweLanguage('fr-CA');
    assert.equal(language.current(), 'fr');
    assert.equal(language.fromWwe(), 'fr');
    assert.equal(html.lang, 'fr');
    assert.equal(messages.msg.nav.phone, 'Téléphone');
    await setWweLanguage('fr');
    settings.save({ language: 'es' });

    await setWweLanguage(null);
    assert.equal(language.fromWwe(), null);
    assert.equal(messages.msg.nav.phone, 'Teléfono');
    changed = nextChange();
    settings.save({ language: 'auto' });
    await changed;
    assert.deepEqual(changes, ['ja', 'de', 'fr', 'es', 'ja']);
  });

  it('tells subscribers when WWE names the language already shown (Settings says WWE decides)', async () => {
    let told = 0;
    language.subscribe(() => (told += 1));
    await setWweLanguage('ja');
    assert.deepEqual([language.current(), language.fromWwe(), told], ['ja', 'ja', 1]);
    await setWweLanguage('it');
    assert.deepEqual([language.current(), language.fromWwe(), told], ['ja', null, 2]);
  });

  it('keeps the last change when an earlier catalog arrives after it', async () => {
    const slow = setWweLanguage('pt');
    await setWweLanguage('ja');
    await slow;
    assert.deepEqual([language.current(), html.lang, messages.msg.nav.phone], ['ja', 'ja', '電話']);
  });
});
