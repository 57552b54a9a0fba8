/**
 * The pairing secret shared by the PWA and the companion. It is created once (32 random bytes,
 * base64url) in the app-data folder with owner-only permissions, handed to the PWA only in the answer
 * to a confirmed, one-time pairing claim (pairing-requests.ts, http/routes-pairing.ts), and presented
 * by the PWA as the `pair.<secret>` WebSocket subprotocol.
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
 * The confirmation page of one pairing request (`GET /pair?request=<id>`). It never holds the secret:
 * it names the PWA origin the request was made for and asks the user to type the code the softphone
 * shows; the code is posted from this page's own origin (same-origin route, CSRF-safe). The softphone
 * then claims the secret with its own claim token (routes-pairing.ts).
 */
export function pairingPage(options: { requestId: string; pwaOrigin: string; nonce: string }): string {
  const confirmPath = JSON.stringify(`/pair/requests/${encodeURIComponent(options.requestId)}/confirm`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pair the softphone</title>
<style nonce="${options.nonce}">body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button,input{font-size:1.1rem;padding:.6rem 1.2rem}input{width:8ch;letter-spacing:.2em}</style>
</head><body>
<h1>Pair this softphone</h1>
<p>The softphone at <strong>${escapeHtml(options.pwaOrigin)}</strong> asks to connect to the companion on this computer.
Pair only if you started pairing in the softphone yourself, just now.</p>
<form id="confirm">
<p><label for="code">Code shown in the softphone</label><br>
<input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="12" required></p>
<button id="pair" type="submit">Pair this softphone</button>
</form>
<p id="status" role="status"></p>
<script nonce="${options.nonce}">
(() => {
  const status = document.getElementById('status');
  const form = document.getElementById('confirm');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = document.getElementById('code').value;
    status.textContent = 'Checking…';
    try {
      const res = await fetch(${confirmPath}, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      if (res.ok) {
        form.hidden = true;
        status.textContent = 'Paired. The softphone connects by itself; you can close this window.';
        setTimeout(() => window.close(), 1500);
        return;
      }
      const body = await res.json().catch(() => null);
      status.textContent = (body && body.error && body.error.message) || 'Pairing failed (' + res.status + ').';
    } catch {
      status.textContent = 'The companion did not answer; is it still running?';
    }
  });
})();
</script>
</body></html>`;
}
