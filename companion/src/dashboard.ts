/**
 * The companion's own pages: `GET /` (a harmless "running, certificate trusted" page), `GET /dashboard`
 * (status for the agent or support), `GET /dashboard/status` (its JSON), `POST /dashboard/test`
 * (same-origin only: a getStatus round trip to the PWA) and `GET /pair` (the pairing step).
 */
import { X509Certificate } from 'node:crypto';
import type { Response } from 'express';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { EventHub } from './events.ts';
import { cspNonce } from './http/page-headers.ts';
import { HANDLED, type Route } from './http/route.ts';
import { pairingPage } from './pairing.ts';
import type { Relay } from './relay/relay.ts';
import type { DesiredRegistration } from './wwe/desired-registration.ts';
import type { WweSession } from './wwe/session.ts';
import { RelayError } from '../../protocol/src/index.ts';
import type { Logger } from './log.ts';

export interface PagesDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  relay: Relay;
  desired: DesiredRegistration;
  session: WweSession;
  hub: EventHub;
  pairingSecret: string;
  certificatePem: string | Buffer;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** An HTML page; its security headers and CSP nonce come from pageHeaders (http/page-headers.ts). */
function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

const page = (nonce: string, title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font:15px system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}button{font-size:1rem;padding:.4rem 1rem}</style>
</head><body>${body}</body></html>`;

/** The served certificate's expiry and names, parsed once (the certificate does not change while running). */
function certificateFacts(pem: string | Buffer): { validToMs: number; names: string } | null {
  try {
    const cert = new X509Certificate(pem);
    return { validToMs: new Date(cert.validTo).getTime(), names: cert.subjectAltName ?? '' };
  } catch {
    return null;
  }
}

function certificateInfo(
  facts: { validToMs: number; names: string } | null,
  now: number,
): { validTo: string; daysLeft: number; names: string } {
  return facts
    ? {
        validTo: new Date(facts.validToMs).toISOString(),
        daysLeft: Math.floor((facts.validToMs - now) / 86_400_000),
        names: facts.names,
      }
    : { validTo: 'unknown', daysLeft: -1, names: '' };
}

export function pageRoutes(deps: PagesDeps): Route[] {
  const { config, clock, relay, desired, session, hub } = deps;
  const certificate = certificateFacts(deps.certificatePem);

  const status = (): Record<string, unknown> => {
    const link = relay.link;
    const snapshot = relay.snapshot;
    return {
      at: clock.now(),
      pwa: link
        ? { linked: true, appVersion: link.appVersion, since: link.connectedAt, pwaUrl: config.pwaUrl }
        : { linked: false, pwaUrl: config.pwaUrl },
      desiredRegistration: desired.current,
      registration: snapshot?.registration ?? null,
      endpointActive: desired.isActive(),
      gatewayTransport: snapshot?.transport ?? null,
      calls: snapshot?.calls ?? [],
      wweSession: {
        ...session.state,
        pingPeriodMs: session.pingPeriodMs,
        maxFailedPing: session.maxFailedPing,
        options: session.storedOptions,
      },
      certificate: certificateInfo(certificate, clock.now()),
      recentEvents: [...hub.recent()].reverse(),
    };
  };

  return [
    {
      method: 'GET',
      path: '/',
      access: 'page',
      grade: 'OURS',
      handle: ({ res }) => {
        const nonce = cspNonce(res);
        sendPage(
          res,
          200,
          page(
            nonce,
            'Companion running',
            `<h1>The companion is running and this certificate is trusted</h1>
<p>If your browser showed no certificate warning for this page, the softphone's link to this computer works.</p>
<p><a href="/dashboard">Open the dashboard</a></p>`,
          ),
        );
        return HANDLED;
      },
    },
    {
      method: 'GET',
      path: '/dashboard',
      access: 'page',
      grade: 'OURS',
      handle: ({ res }) => {
        const nonce = cspNonce(res);
        sendPage(res, 200, dashboardHtml(nonce, config.pwaUrl));
        return HANDLED;
      },
    },
    { method: 'GET', path: '/dashboard/status', access: 'page', grade: 'OURS', handle: () => status() },
    {
      method: 'POST',
      path: '/dashboard/test',
      access: 'same-origin',
      grade: 'OURS',
      handle: async () => {
        const started = clock.now();
        let pwa: Record<string, unknown>;
        let snapshot = relay.snapshot;
        try {
          snapshot = await relay.request('getStatus', {});
          pwa = { ok: true, roundTripMs: clock.now() - started, appVersion: snapshot.appVersion };
        } catch (err) {
          pwa = {
            ok: false,
            code: err instanceof RelayError ? err.code : 'INTERNAL',
            message: err instanceof Error ? err.message : String(err),
          };
        }
        const cert = certificateInfo(certificate, clock.now());
        return {
          pwa,
          gateway: { ok: snapshot?.transport === 'connected', transport: snapshot?.transport ?? 'unknown' },
          registration: { ok: desired.isActive(snapshot), state: snapshot?.registration.state ?? 'unknown' },
          certificate: {
            ok: cert.daysLeft >= 0,
            validTo: cert.validTo,
            daysLeft: cert.daysLeft,
            note: 'This page loaded over HTTPS; if the browser showed no warning, the certificate is trusted.',
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/pair',
      access: 'page',
      grade: 'OURS',
      handle: ({ req, res, query }) => {
        const nonce = cspNonce(res);
        const asked = typeof query.origin === 'string' ? query.origin : refererOrigin(req.headers.referer);
        const pwaOrigin = config.pwaOrigins.find((o) => o === asked);
        if (!pwaOrigin) {
          deps.log.warn('pairing page refused: not opened by the PWA', { asked });
          sendPage(
            res,
            403,
            page(nonce, 'Pairing refused', '<h1>Pairing refused</h1><p>Open pairing from the softphone itself.</p>'),
          );
          return HANDLED;
        }
        deps.log.info('pairing page served', { pwaOrigin });
        sendPage(res, 200, pairingPage({ secret: deps.pairingSecret, pwaOrigin, nonce }));
        return HANDLED;
      },
    },
  ];
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) {
    return undefined;
  }
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function dashboardHtml(nonce: string, pwaUrl: string): string {
  return page(
    nonce,
    'Companion dashboard',
    `<h1>WebRTC Gateway Bridge — companion</h1>
<p><a href="${escapeHtml(pwaUrl)}" target="_blank" rel="noopener">Open the softphone</a></p>
<table>
<tr><th>Softphone link</th><td id="pwa">…</td></tr>
<tr><th>DN / registration</th><td id="reg">…</td></tr>
<tr><th>Gateway</th><td id="gw">…</td></tr>
<tr><th>Current call</th><td id="call">…</td></tr>
<tr><th>WWE session</th><td id="wwe">…</td></tr>
<tr><th>Certificate</th><td id="cert">…</td></tr>
</table>
<p><button id="test" type="button">Test connection</button></p>
<pre id="result" role="status" hidden></pre>
<h2>Recent events</h2>
<pre id="events">…</pre>
<script nonce="${nonce}">
(() => {
  const $ = (id) => document.getElementById(id);
  const json = { 'Content-Type': 'application/json' };
  async function refresh() {
    try {
      const s = await (await fetch('/dashboard/status')).json();
      $('pwa').textContent = s.pwa.linked ? 'connected (PWA ' + s.pwa.appVersion + ')' : 'not connected';
      const r = s.registration;
      const want = s.desiredRegistration ? 'WWE asked for DN ' + s.desiredRegistration.dn : 'no DN requested yet';
      $('reg').textContent = (r ? r.state + (r.dn ? ' ' + r.dn : '') : 'unknown') + ' — ' + want;
      $('gw').textContent = s.gatewayTransport || 'unknown';
      const c = s.calls[0];
      $('call').textContent = c ? c.direction + ' ' + c.remote + ' (' + c.state + (c.isHeld ? ', held' : '') + ')' : 'none';
      $('wwe').textContent = s.wweSession.state + ', ping every ' + s.wweSession.pingPeriodMs + ' ms';
      $('cert').textContent = 'valid until ' + s.certificate.validTo + ' (' + s.certificate.daysLeft + ' days)';
      $('events').textContent = s.recentEvents.map((e) => new Date(e.at).toLocaleTimeString() + ' ' + e.type + ' ' + JSON.stringify(e)).join('\\n') || 'none yet';
    } catch (err) {
      $('pwa').textContent = 'companion unreachable: ' + err;
    }
  }
  $('test').addEventListener('click', async () => {
    const out = $('result');
    out.hidden = false;
    out.textContent = 'Testing…';
    try {
      const res = await fetch('/dashboard/test', { method: 'POST', headers: json, body: '{}' });
      out.textContent = JSON.stringify(await res.json(), null, 2);
    } catch (err) {
      out.textContent = 'Test failed: ' + err;
    }
  });
  refresh();
  setInterval(refresh, 3000);
})();
</script>`,
  );
}
