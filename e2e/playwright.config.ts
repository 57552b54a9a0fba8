/**
 * Playwright drives Debian's /usr/bin/chromium (no downloaded browser) against the real local
 * gateway and companion started by global-setup.ts. Certificates are validated for real: Chromium
 * trusts the project's local CA through the NSS database in its HOME; no certificate error is ignored.
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumEnv } from './fixtures/chromium.ts';
import { E2E_RUN_DIR } from './fixtures/paths.ts';

export default defineConfig({
  testDir: './specs',
  outputDir: `${E2E_RUN_DIR}/artifacts`,
  globalSetup: './fixtures/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs(), env: chromiumEnv() },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
