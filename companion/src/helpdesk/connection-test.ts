/**
 * The dashboard's "Test connection" result as a checklist: one line per link in the chain, each saying
 * what was found and, when it failed, what to do; then the browser-policy lines (browser-checklist.ts).
 */
import { browserChecklist, type BrowserReport } from './browser-checklist.ts';

export interface ConnectionReport {
  pwa: { ok: true; roundTripMs: number; appVersion: string } | { ok: false; code: string; message: string };
  gateway: { ok: boolean; transport: string };
  registration: { ok: boolean; state: string };
  certificate: { ok: boolean; validTo: string; daysLeft: number };
  browser: BrowserReport;
}

export interface Check {
  id: 'softphone' | 'gateway' | 'registration' | 'certificate' | 'local-network-access' | 'autoplay';
  ok: boolean;
  label: string;
  detail: string;
  /** The value the browser reported, on a browser-policy line. */
  value?: string;
}

export function connectionChecklist(report: ConnectionReport, validToForPeople: string): Check[] {
  const { pwa, gateway, registration, certificate, browser } = report;
  return [
    {
      id: 'softphone',
      ok: pwa.ok,
      label: 'Softphone answers the companion',
      detail: pwa.ok
        ? `Answered in ${pwa.roundTripMs} ms (version ${pwa.appVersion}).`
        : pwa.code === 'PWA_OFFLINE'
          ? 'No softphone is open. Open the softphone in the browser; if it is open, pair it with the companion in its Settings.'
          : `No answer (${pwa.message}). Reload the softphone.`,
    },
    {
      id: 'gateway',
      ok: gateway.ok,
      label: 'Softphone reaches the WebRTC gateway',
      detail: gateway.ok
        ? 'Connected.'
        : `Transport is ${gateway.transport}. Check the network and the gateway address with the administrator.`,
    },
    {
      id: 'registration',
      ok: registration.ok,
      label: 'The DN is registered',
      detail: registration.ok
        ? 'Registered.'
        : `Registration is ${registration.state}. Sign in to WWE again, or check the DN's SIP password in the softphone.`,
    },
    {
      id: 'certificate',
      ok: certificate.ok,
      label: "The companion's certificate is valid",
      detail: certificate.ok
        ? `Valid until ${validToForPeople} (${certificate.daysLeft} days left). This page loaded without a warning, so the browser trusts it.`
        : 'The certificate has expired or cannot be read. Repair the installation (msiexec /fa) to renew it.',
    },
    ...browserChecklist(browser),
  ];
}
