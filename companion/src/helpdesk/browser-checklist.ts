/**
 * The connection test's browser-policy lines (docs/browser-behaviour.md): may the softphone reach the
 * companion on 127.0.0.1 (Local Network Access), and may it ring without a click (autoplay). The
 * softphone reports what its browser says; the link itself is the companion's own observation. Each
 * line carries the raw value (`value`) for the support bundle.
 */
import type { BrowserChecks } from '../../../protocol/src/index.ts';
import type { Check } from './connection-test.ts';

export interface BrowserReport {
  /** The softphone answered over its relay link just now. */
  linked: boolean;
  /** What it reported (all `unknown` when it did not answer or is too old to). */
  checks: BrowserChecks;
}

const POLICIES = 'docs/admin-guide.md, "Browser policies"';

function localNetworkAccessDetail({ linked, checks }: BrowserReport): string {
  if (!linked) {
    return (
      'No softphone is linked, so its permission cannot be read. If the browser asks whether the softphone ' +
      `may access devices on the local network, allow it; or set LocalNetworkAccessAllowedForUrls (${POLICIES}).`
    );
  }
  const permission = checks.localNetworkAccess;
  const says =
    permission === 'granted'
      ? 'the browser grants the permission.'
      : permission === 'prompt'
        ? 'the browser has not granted the permission for good and may ask the agent again; ' +
          `LocalNetworkAccessAllowedForUrls spares the prompt (${POLICIES}).`
        : permission === 'denied'
          ? 'the browser reports the permission as denied, as Chromium also does for one it never asked; ' +
            'the link works regardless.'
          : 'this browser does not report the permission.';
  return `The softphone's link to 127.0.0.1 is up; ${says}`;
}

function autoplayDetail({ linked, checks }: BrowserReport): string {
  switch (checks.autoplay) {
    case 'allowed':
      return 'The browser lets the softphone play sound without a click.';
    case 'allowed-muted':
    case 'disallowed':
      return (
        'The browser plays sound only after the agent clicks in the softphone, so a call may ring silently until ' +
        `then. Allow sound for the softphone's site, or set AutoplayAllowlist (${POLICIES}).`
      );
    case 'unknown':
      return linked
        ? 'The softphone could not tell (an older version, or a browser that reports neither).'
        : 'No softphone is linked, so this cannot be checked.';
  }
}

export function browserChecklist(report: BrowserReport): Check[] {
  return [
    {
      id: 'local-network-access',
      ok: report.linked,
      label: 'Softphone may reach the companion on 127.0.0.1 (Local Network Access)',
      detail: localNetworkAccessDetail(report),
      value: report.checks.localNetworkAccess,
    },
    {
      id: 'autoplay',
      ok: report.checks.autoplay === 'allowed',
      label: 'The ringer may play without a click (autoplay)',
      detail: autoplayDetail(report),
      value: report.checks.autoplay,
    },
  ];
}
