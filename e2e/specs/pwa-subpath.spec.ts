/**
 * The PWA built for a sub-path (WGB_BASE=/wwe-webrtc-gateway/, as a site serves it next to other pages)
 * and served by the gateway's own nginx template: it loads under the path, its service worker is
 * scoped to the path and controls the page, the manifest's start_url and scope follow, config.json is
 * fetched next to it, and a deep link under the path falls back to the shell.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freeGatewayPorts, startGateway, type Gateway } from '../../gateway/gateway.ts';
import { CERTS_DIR, E2E_RUN_DIR, REPO_ROOT } from '../fixtures/paths.ts';
import { waitForServiceWorkerControl } from '../fixtures/pwa-platform.ts';

const BASE = '/wwe-webrtc-gateway/';

let gateway: Gateway | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const webRoot = join(E2E_RUN_DIR, 'web-subpath');
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--outDir', webRoot, '--emptyOutDir'], {
    cwd: REPO_ROOT,
    env: { ...process.env, WGB_BASE: BASE },
    stdio: 'ignore',
  });
  gateway = await startGateway({
    runDir: join(E2E_RUN_DIR, 'gateway-subpath'),
    ports: await freeGatewayPorts(),
    certsDir: CERTS_DIR,
    webRoot,
    basePath: BASE,
    peers: false,
  });
});

test.afterAll(async () => {
  await gateway?.stop();
});

test('the PWA built for a sub-path runs under it, with its service worker scoped to it', async ({ page }) => {
  const app = `${gateway?.origin}${BASE}`;
  const config = page.waitForResponse((res) => res.url() === `${app}config.json`);
  await page.goto(app);
  expect((await config).status()).toBe(200);
  await expect(page.getByTestId('status-link')).toBeVisible();
  await waitForServiceWorkerControl(page);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(app);

  const manifest = await page.evaluate(async () => {
    const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? '';
    return { href, body: (await (await fetch(href)).json()) as { start_url: string; scope: string } };
  });
  expect(manifest.href).toBe(`${app}manifest.webmanifest`);
  expect(manifest.body).toMatchObject({ start_url: BASE, scope: BASE });

  // A deep link under the path is the app (SPA fallback), and nothing of the app is served at the root.
  const served = await page.evaluate(
    async ([deepLink, rootIndex]) => {
      const deep = await fetch(deepLink ?? '');
      return {
        deepStatus: deep.status,
        deepBody: await deep.text(),
        rootStatus: (await fetch(rootIndex ?? '')).status,
      };
    },
    [`${app}settings`, `${gateway?.origin}/index.html`],
  );
  expect(served.deepStatus).toBe(200);
  expect(served.deepBody).toContain(`${BASE}assets/`);
  expect(served.rootStatus).toBe(404);
});
