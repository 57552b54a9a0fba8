/**
 * Screenshots of every screen against the fake phone (web/test/fake.html on the Vite dev server).
 * Start `npx vite --config web/vite.config.ts --port 4174` first, then from the repo root:
 * `npx tsx web/test/tools/screenshots.ts [outDir]` (default docs/screenshots). Fails on page errors.
 */
import { chromium, type Page } from 'playwright-core';

const BASE = process.env.WGB_FAKE_URL ?? 'http://127.0.0.1:4174/test/fake.html';
const OUT = process.argv[2] ?? 'docs/screenshots';

type Shot = { name: string; query: string; scheme?: 'light' | 'dark'; act?: (page: Page) => Promise<void> };

const shots: Shot[] = [
  { name: 'idle', query: 'scenario=idle' },
  { name: 'registered', query: 'scenario=registered' },
  { name: 'registration-failed', query: 'scenario=failed' },
  { name: 'incoming-call', query: 'scenario=incoming' },
  {
    name: 'active-call',
    query: 'scenario=active',
    act: async (page) => page.getByTestId('dtmf-toggle').click(),
  },
  { name: 'two-lines', query: 'scenario=two-lines' },
  {
    name: 'history',
    query: 'scenario=registered&history=1',
    act: async (page) => page.getByTestId('nav-history').click(),
  },
  { name: 'settings', query: 'scenario=registered', act: async (page) => page.getByTestId('nav-settings').click() },
  { name: 'help', query: 'scenario=registered', act: async (page) => page.getByTestId('help-button').click() },
  { name: 'dark-idle', query: 'scenario=registered', scheme: 'dark' },
  { name: 'dark-incoming-call', query: 'scenario=incoming', scheme: 'dark' },
  {
    name: 'dark-settings',
    query: 'scenario=registered',
    scheme: 'dark',
    act: async (page) => page.getByTestId('nav-settings').click(),
  },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ],
});
const errors: string[] = [];
try {
  for (const shot of shots) {
    const context = await browser.newContext({
      viewport: { width: 560, height: 900 },
      colorScheme: shot.scheme ?? 'light',
    });
    await context.grantPermissions(['microphone']);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${shot.name}: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') {
        errors.push(`${shot.name}: console ${m.text()}`);
      }
    });
    await page.goto(`${BASE}?${shot.query}`);
    await page.getByTestId('status-registration').waitFor();
    await page.waitForFunction(
      () => !document.querySelector('sp-app')?.shadowRoot?.querySelector('[data-testid="banner-starting"]'),
    );
    await shot.act?.(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${OUT}/${shot.name}.png`, fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
}
if (errors.length > 0) {
  process.stderr.write(`${errors.join('\n')}\n`);
  process.exitCode = 1;
}
process.stdout.write(`${shots.length} screenshots in ${OUT}, ${errors.length} page errors\n`);
