/**
 * Issue 12, the PWA's languages against the real stack. French chosen in Settings switches every
 * screen at once (no reload) and survives a reload; then no visible text, label or placeholder of the
 * idle phone, an active call (held and muted; keypad and transfer form open), a ringing call, the history, Settings
 * and the shortcut list may be an English catalog text (catalog-leaves.ts lists the ones French keeps).
 * WWE's preferred_language (SetSIPEndpointParameters) switches a paired PWA the same way, until WWE's
 * logout. Each language's phone screen is saved in docs/screenshots/phone-<language>.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { LANGUAGES, type Language } from '../../web/src/i18n/language-tags.ts';
import { english } from '../../web/src/i18n/messages.ts';
import { catalogLeaves, maySameAsEnglish } from '../../web/test/catalog-leaves.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { companionCall } from '../fixtures/wwe-client.ts';
import { registerAs, ringFromTone, screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
const DN = '1003';

/** The English catalog's texts French must not show (parameterised messages are the unit test's). */
const ENGLISH_TEXTS = catalogLeaves(english)
  .map((leaf) => leaf.value)
  .filter((value): value is string => typeof value === 'string' && !maySameAsEnglish(value, 'fr'));

/** Picks a language in Settings and saves; the page switches without a reload. */
async function chooseLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await page.getByTestId('settings-save').click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/**
 * The English texts the page shows: visible text nodes (a select's options count when the select is
 * visible), and the aria-label, placeholder and title of visible elements, shadow roots included.
 */
async function visibleEnglish(page: Page): Promise<string[]> {
  return page.evaluate((englishTexts) => {
    const englishSet = new Set(englishTexts);
    const found = new Set<string>();
    const note = (text: string | null): void => {
      const normalized = (text ?? '').replace(/\s+/g, ' ').trim();
      if (englishSet.has(normalized)) {
        found.add(normalized);
      }
    };
    const isShown = (element: Element): boolean =>
      (element.closest('select') ?? element).checkVisibility({ visibilityProperty: true });
    const visit = (root: Document | ShadowRoot): void => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node instanceof Text) {
          if (node.parentElement && isShown(node.parentElement)) {
            note(node.data);
          }
        } else if (node instanceof Element) {
          if (isShown(node)) {
            ['aria-label', 'placeholder', 'title'].forEach((name) => note(node.getAttribute(name)));
          }
          if (node.shadowRoot) {
            visit(node.shadowRoot);
          }
        }
      }
    };
    visit(document);
    return [...found];
  }, ENGLISH_TEXTS);
}

async function expectNoEnglish(page: Page, screen: string): Promise<void> {
  expect(await visibleEnglish(page), `English on the French ${screen}`).toEqual([]);
}

test.describe('languages', () => {
  test('French from Settings reaches every screen live and shows no English catalog text', async ({ context }) => {
    test.setTimeout(120_000);
    const pwa = await Pwa.open(context, stack);
    const page = pwa.page;
    // The check can fail: the English UI shows English catalog texts.
    expect(await visibleEnglish(page)).not.toEqual([]);

    await chooseLanguage(page, 'fr');
    await expect(page.getByTestId('settings-status')).toHaveText('Paramètres enregistrés');
    await expectNoEnglish(page, 'Settings, switched live');
    await page.getByTestId('nav-phone').click();
    await expectNoEnglish(page, 'idle phone, switched live');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByTestId('nav-phone')).toHaveText('Téléphone');
    await expectNoEnglish(page, 'idle phone after a reload');

    await registerAs(pwa, DN);
    await expectNoEnglish(page, 'registered phone');
    await pwa.dial('9000');
    const panel = pwa.callPanel();
    await expect(panel).toHaveAttribute('data-state', 'active');
    await expect(panel.getByTestId('call-quality')).toHaveAttribute('data-state', /good|poor/);
    await expectNoEnglish(page, 'active call');
    await panel.getByTestId('hold').click();
    await expect(panel.getByTestId('hold')).toHaveAttribute('aria-pressed', 'true');
    await panel.getByTestId('mute').click();
    await expect(panel.getByTestId('mute')).toHaveAttribute('aria-pressed', 'true');
    await expectNoEnglish(page, 'held and muted call');
    await panel.getByTestId('hold').click();
    await expect(panel.getByTestId('hold')).toHaveAttribute('aria-pressed', 'false');
    await panel.getByTestId('dtmf-toggle').click();
    await panel.getByTestId('transfer-toggle').click();
    await expectNoEnglish(page, 'call with keypad and transfer form');
    await panel.getByTestId('hangup').click();
    await expect(panel).toHaveCount(0);

    const tone = await ringFromTone(stack, DN);
    try {
      await expect(page.getByTestId('incoming-call')).toBeVisible();
      await expectNoEnglish(page, 'ringing call');
      await page.getByTestId('decline').click();
      await expect(page.getByTestId('incoming-call')).toHaveCount(0);
    } finally {
      tone.close();
    }

    await page.getByTestId('nav-history').click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    await expectNoEnglish(page, 'history');

    await page.getByTestId('nav-settings').click();
    await expectNoEnglish(page, 'Settings');

    await page.getByTestId('nav-phone').click();
    await page.getByTestId('help-button').click();
    await expect(page.getByTestId('help-dialog')).toBeVisible();
    await expectNoEnglish(page, 'shortcut list');
  });

  test('WWE’s preferred_language switches the paired PWA live; WWE’s logout gives the browser’s language back', async ({
    context,
  }) => {
    const pwa = await Pwa.openPaired(context, stack, DN);
    await expect(pwa.page.locator('html')).toHaveAttribute('lang', 'en');
    const set = await companionCall(stack, 'POST', '/SetSIPEndpointParameters', {
      body: { value: [{ Key: 'preferred_language', Value: 'de_DE' }] },
    });
    expect(set.status).toBe(200);
    await expect(pwa.page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(pwa.page.getByTestId('nav-phone')).toHaveText('Telefon');
    expect((await companionCall(stack, 'POST', '/UnregisterDn/', { body: {} })).status).toBe(200);
    await expect(pwa.page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(pwa.page.getByTestId('nav-phone')).toHaveText('Phone');
  });

  test('each language’s phone screen', async ({ context }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await registerAs(pwa, DN);
    for (const language of LANGUAGES) {
      await chooseLanguage(pwa.page, language);
      await pwa.page.getByTestId('nav-phone').click();
      await screenshot(pwa.page, testInfo, `phone-${language}`);
    }
  });
});
