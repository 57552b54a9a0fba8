/**
 * The companion's own pages: `GET /` (a harmless "running, certificate trusted" page), `GET /dashboard`
 * (status for the agent or a helpdesk, helpdesk/dashboard-page.ts), `GET /dashboard/status` (its JSON,
 * written for people), `POST /dashboard/test` (same-origin only: a getStatus round trip to the PWA, with
 * a checklist) and `POST /dashboard/support-bundle` (same-origin only: the support bundle, secrets
 * removed). Pairing has its own routes (http/routes-pairing.ts).
 */
import { X509Certificate } from 'node:crypto';
import type { Response } from 'express';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { connectionChecklist, type Check, type ConnectionReport } from './helpdesk/connection-test.ts';
import { DASHBOARD_STYLE, dashboardBody } from './helpdesk/dashboard-page.ts';
import type { Journal } from './helpdesk/journal.ts';
import { describeJournal } from './helpdesk/sentences.ts';
import { statusSummary } from './helpdesk/status-summary.ts';
import { fetchSoftphoneLog } from './helpdesk/softphone-log.ts';
import { supportBundle } from './helpdesk/support-bundle.ts';
import { formatDate } from './helpdesk/when.ts';
import { cspNonce } from './http/page-headers.ts';
import { HANDLED, type Route } from './http/route.ts';
import type { Relay } from './relay/relay.ts';
import type { DesiredRegistration } from './wwe/desired-registration.ts';
import type { WweSession } from './wwe/session.ts';
import { otherKeyRows, settingRows } from './helpdesk/settings-rows.ts';
import { RelayError, UNKNOWN_BROWSER_CHECKS, homeRegistration, type BrowserChecks } from '../../protocol/src/index.ts';
import type { Logger } from './log.ts';

export interface PagesDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  relay: Relay;
  desired: DesiredRegistration;
  session: WweSession;
  journal: Journal;
  /** Every secret value the companion knows (kept out of the support bundle). */
  secrets: readonly string[];
  certificatePem: string | Buffer;
  companionVersion: string;
  /** Recent log lines (already redacted), for the support bundle. */
  recentLog: { readonly lines: readonly string[] };
}

/** Companion log lines in a support bundle. */
const BUNDLE_LOG_LINES = 500;

/** The softphone's own report for the support bundle, or why there is none. */
async function softphoneDiagnostics(relay: Relay): Promise<unknown> {
  try {
    return { status: await relay.request('getStatus', {}) };
  } catch (err) {
    return { unavailable: err instanceof Error ? err.message : String(err) };
  }
}

/** The softphone's browser-policy self-checks; a softphone too old to answer leaves them unknown. */
async function softphoneBrowserChecks(relay: Relay): Promise<BrowserChecks> {
  try {
    return await relay.request('getBrowserChecks', {});
  } catch {
    return UNKNOWN_BROWSER_CHECKS;
  }
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** An HTML page; its security headers and CSP nonce come from pageHeaders (http/page-headers.ts). */
function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

const page = (nonce: string, title: string, body: string, extraStyle = ''): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font:15px system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .8rem .2rem 0;vertical-align:top}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}button{font-size:1rem;padding:.4rem 1rem}${extraStyle}</style>
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
  const { config, clock, relay, desired, session, journal } = deps;
  const certificate = certificateFacts(deps.certificatePem);
  const validToForPeople = (): string => (certificate ? formatDate(certificate.validToMs) : 'unknown');

  const status = (): Record<string, unknown> => {
    const link = relay.link;
    const snapshot = relay.snapshot;
    const now = clock.now();
    const cert = certificateInfo(certificate, now);
    return {
      at: now,
      pwa: link
        ? { linked: true, appVersion: link.appVersion, since: link.connectedAt, pwaUrl: config.pwaUrl }
        : { linked: false, pwaUrl: config.pwaUrl },
      desiredRegistration: desired.current,
      wweAskedForDn: desired.askedByWwe ? (desired.current?.dn ?? null) : null,
      registration: homeRegistration(snapshot),
      endpointActive: desired.isActive(),
      gatewayTransport: snapshot?.transport ?? null,
      calls: snapshot?.calls ?? [],
      wweSession: {
        ...session.state,
        pingPeriodMs: session.pingPeriodMs,
        maxFailedPing: session.maxFailedPing,
        settingsTree: session.settingsTree,
        settings: session.effective,
      },
      endpointSettings: settingRows(session.effective),
      otherSettingKeys: otherKeyRows(session.effective),
      certificate: cert,
      summary: statusSummary({
        link,
        snapshot,
        wweAskedForDn: desired.askedByWwe ? (desired.current?.dn ?? null) : null,
        adoptedDn: desired.askedByWwe ? null : (desired.current?.dn ?? null),
        wweSession: session.state.state,
        pingPeriodMs: session.pingPeriodMs,
        certificate: cert,
        validToForPeople: validToForPeople(),
        now,
      }),
      events: describeJournal(journal.entries, now),
    };
  };

  const connectionTest = async (): Promise<ConnectionReport & { checks: Check[] }> => {
    const started = clock.now();
    let pwa: ConnectionReport['pwa'];
    let snapshot = relay.snapshot;
    let browser = UNKNOWN_BROWSER_CHECKS;
    try {
      snapshot = await relay.request('getStatus', {});
      pwa = { ok: true, roundTripMs: clock.now() - started, appVersion: snapshot.appVersion };
      browser = await softphoneBrowserChecks(relay);
    } catch (err) {
      pwa = {
        ok: false,
        code: err instanceof RelayError ? err.code : 'INTERNAL',
        message: err instanceof Error ? err.message : String(err),
      };
    }
    const cert = certificateInfo(certificate, clock.now());
    const report: ConnectionReport = {
      pwa,
      gateway: { ok: snapshot?.transport === 'connected', transport: snapshot?.transport ?? 'unknown' },
      registration: { ok: desired.isActive(snapshot), state: homeRegistration(snapshot)?.state ?? 'unknown' },
      certificate: { ok: cert.daysLeft >= 0, validTo: cert.validTo, daysLeft: cert.daysLeft },
      browser: { linked: pwa.ok, checks: browser },
    };
    return { ...report, checks: connectionChecklist(report, validToForPeople()) };
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
        const pwaLink = `<a href="${escapeHtml(config.pwaUrl)}" target="_blank" rel="noopener">Open the softphone</a>`;
        sendPage(res, 200, page(nonce, 'Companion dashboard', dashboardBody(nonce, pwaLink), DASHBOARD_STYLE));
        return HANDLED;
      },
    },
    { method: 'GET', path: '/dashboard/status', access: 'page', grade: 'OURS', handle: () => status() },
    { method: 'POST', path: '/dashboard/test', access: 'same-origin', grade: 'OURS', handle: connectionTest },
    {
      method: 'POST',
      path: '/dashboard/support-bundle',
      access: 'same-origin',
      grade: 'OURS',
      handle: async ({ res }) => {
        const now = clock.now();
        const bundle = supportBundle({
          generatedAt: new Date(now).toISOString(),
          companion: {
            version: deps.companionVersion,
            platform: `${process.platform} ${process.arch}`,
            node: process.version,
          },
          settings: config,
          status: status(),
          events: describeJournal(journal.entries, now),
          quality: journal.entries.filter((e) => e.kind === 'quality'),
          selfChecks: (await connectionTest()).checks,
          companionLog: deps.recentLog.lines.slice(-BUNDLE_LOG_LINES),
          softphone: await softphoneDiagnostics(relay),
          softphoneLog: await fetchSoftphoneLog((params) => relay.request('getLog', params)),
          secrets: deps.secrets,
        });
        const body = JSON.stringify(bundle, null, 2);
        const stamp = new Date(now).toISOString().slice(0, 19).replaceAll(':', '-');
        res
          .writeHead(200, {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(body),
            'Content-Disposition': `attachment; filename="wgb-support-bundle-${stamp}.json"`,
          })
          .end(body);
        return HANDLED;
      },
    },
  ];
}
