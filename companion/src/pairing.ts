/**
 * The pairing secret shared by the PWA and the companion. It is created once (32 random bytes,
 * base64url) in the app-data folder with owner-only permissions, handed to the PWA through a page
 * the user sees (`GET /pair`), and presented by the PWA as the `pair.<secret>` WebSocket subprotocol.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PAIRING_FILE = 'pairing-secret';
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createPairingSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Reads the secret from `<dataDir>/pairing-secret`, creating it (mode 0600) on first run. */
export function loadOrCreatePairingSecret(dataDir: string): { secret: string; created: boolean; path: string } {
  const path = join(dataDir, PAIRING_FILE);
  if (existsSync(path)) {
    const secret = readFileSync(path, 'utf8').trim();
    if (!SECRET_SHAPE.test(secret)) {
      throw new Error(`${path} does not hold a valid pairing secret; delete it and pair the softphone again.`);
    }
    return { secret, created: false, path };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = createPairingSecret();
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { secret, created: true, path };
}

/** Constant-time comparison of two strings of any length (both are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The pairing page. The secret is posted to `window.opener` with targetOrigin = the PWA origin, so a
 * page that opened this one from any other origin receives nothing. The script runs only on click.
 */
export function pairingPage(options: { secret: string; pwaOrigin: string; nonce: string }): string {
  const payload = JSON.stringify({ secret: options.secret, origin: options.pwaOrigin }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pair the softphone</title>
<style nonce="${options.nonce}">body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.2rem}</style>
</head><body>
<h1>Pair this softphone</h1>
<p>The softphone at <strong>${escapeHtml(options.pwaOrigin)}</strong> asks to connect to the companion on this computer.
Pair only if you opened the softphone yourself.</p>
<button id="pair" type="button">Pair this softphone</button>
<p id="status" role="status"></p>
<script nonce="${options.nonce}">
(() => {
  const data = ${payload};
  const status = document.getElementById('status');
  document.getElementById('pair').addEventListener('click', () => {
    if (!window.opener) {
      status.textContent = 'Open this page from the softphone (Settings → Pair with companion).';
      return;
    }
    window.opener.postMessage({ type: 'wgb-pairing', secret: data.secret }, data.origin);
    status.textContent = 'Paired. You can close this window.';
    setTimeout(() => window.close(), 500);
  });
})();
</script>
</body></html>`;
}
