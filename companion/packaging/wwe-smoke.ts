/**
 * The companion smoke test shared by the Linux and the Windows (wine) executables: HTTPS with a given
 * CA only, then WWE's login sequence (GetDnSIP, SetOptions, RegisterDn, GetIsEndpointActive, Ping)
 * with a stand-in PWA on the relay socket, so the answers come from a real relay round trip.
 */
import { request } from 'node:https';
import { isIP } from 'node:net';
import { FakePwa } from '../test/fake-pwa.ts';

/** The WWE origin of the smoke test; the same as in policy/companion-policy-example.reg. */
export const SMOKE_WWE_ORIGIN = 'https://wwe.example.com';
export const SMOKE_PWA_ORIGIN = 'https://127.0.0.1:8443';

export interface HttpsResult {
  status: number;
  body: string;
}

/** One HTTPS request trusting only `ca`; `servername` checks the SAN (127.0.0.1 or localhost). */
export function httpsRequest(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<HttpsResult> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname,
        method: init.method ?? 'GET',
        ca,
        // No SNI for an IP (RFC 6066); the certificate is still checked against it.
        servername: isIP(init.host ?? target.hostname) ? undefined : (init.host ?? target.hostname),
        headers: { Host: `${init.host ?? target.hostname}:${target.port}`, ...init.headers },
        timeout: 5_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Polls `probe` until it returns a value, or throws after `timeoutMs` with the last error. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${last instanceof Error ? ` (${last.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function expectJson(step: string, res: HttpsResult, want: unknown): void {
  if (res.status !== 200 || res.body !== JSON.stringify(want)) {
    throw new Error(`${step}: got ${res.status} ${res.body}, want 200 ${JSON.stringify(want)}`);
  }
}

/** WWE's login sequence against `https://127.0.0.1:<port>`; throws naming the first wrong answer. */
export async function wweLoginSequence(
  port: number,
  ca: string,
  pairingSecret: string,
  pwaOrigin = SMOKE_PWA_ORIGIN,
): Promise<void> {
  const base = `https://127.0.0.1:${port}`;
  const wwe = (path: string, body?: unknown): Promise<HttpsResult> =>
    httpsRequest(`${base}${path}`, ca, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Origin: SMOKE_WWE_ORIGIN,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=UTF-8' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  expectJson('GetDnSIP before login', await wwe('/GetDnSIP'), { get_DnSIPResult: '' });
  expectJson('SetOptions', await wwe('/SetOptions', { value: { 'ping-interval': 2000, 'max-failed-ping': 10 } }), {});
  const pwa = await FakePwa.connect({ port, ca, secret: pairingSecret, origin: pwaOrigin });
  try {
    expectJson('RegisterDn', await wwe('/RegisterDn/', { addresses: ['127.0.0.1:5060'], users: ['1001'] }), {
      RegisterDnResult: true,
    });
    await waitFor('GetIsEndpointActive true', 5_000, async () => {
      const res = await wwe('/GetIsEndpointActive');
      return res.body === JSON.stringify({ get_IsEndpointActiveResult: true }) ? true : undefined;
    });
    expectJson('GetDnSIP after login', await wwe('/GetDnSIP'), { get_DnSIPResult: '1001' });
    expectJson('Ping', await wwe('/Ping'), { PingResult: [] });
  } finally {
    await pwa.close();
  }
}
