/**
 * Every secret value the settings hold (SIP passwords, TURN credentials, the pairing secret): the
 * stored log lines blank them wherever they appear (storage/log-book.ts).
 */
import type { Settings } from './settings.ts';

export function secretValuesOf(settings: Settings): ReadonlySet<string> {
  const values = [
    settings.pairingSecret,
    ...Object.values(settings.credentials).map((credential) => credential.password),
    ...settings.iceServers.map((server) => server.credential),
  ];
  return new Set(values.filter((value): value is string => typeof value === 'string' && value.length > 0));
}
