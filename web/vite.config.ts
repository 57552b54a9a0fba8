/**
 * Build of the PWA: root web/, output dist/web (repo-relative), a TypeScript service worker built by
 * vite-plugin-pwa's injectManifest strategy (Workbox bundled, never from a CDN), and a prompt-style
 * update flow driven from src/app/pwa-update.ts. Run from the repo root: `vite build --config web/vite.config.ts`
 * (`WGB_BASE=/wwe-webrtc-gateway/ npm run build` for a PWA served under a sub-path).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { parseBasePath } from '../gateway/config.ts';
import pkg from '../package.json' with { type: 'json' };

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Where the PWA is served: `/` (a whole hostname) or a sub-path such as `/wwe-webrtc-gateway/`, from
 * WGB_BASE (checked as the gateway checks it). The manifest's start_url and scope and the service
 * worker's scope follow it.
 */
const base = parseBasePath(process.env.WGB_BASE);

const THEME_COLOR = '#1f4e8c';
const BACKGROUND_COLOR = '#f6f7f9';

export default defineConfig({
  root: webRoot,
  base,
  publicDir: 'public',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // JsSIP and the telephony core are loaded with a dynamic import by the lock holder only
    // (src/main.ts), so they land in their own chunk and stay out of the initial JS.
    chunkSizeWarningLimit: 400,
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      // src/app/pwa-update.ts registers the worker through virtual:pwa-register.
      injectRegister: false,
      includeAssets: ['icons/*.png'],
      manifest: {
        name: 'WebRTC Gateway Bridge',
        short_name: 'Softphone',
        description: 'WebRTC softphone for Genesys Workspace Web Edition',
        display: 'standalone',
        start_url: base,
        scope: base,
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        icons: [
          { src: `${base}icons/icon-192.png`, sizes: '192x192', type: 'image/png' },
          { src: `${base}icons/icon-512.png`, sizes: '512x512', type: 'image/png' },
          { src: `${base}icons/maskable-512.png`, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
        // The core chunk carries JsSIP (~400 KB raw); it must be precached for an offline start.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
});
