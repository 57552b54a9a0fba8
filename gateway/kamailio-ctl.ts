/**
 * Talks to a running gateway's Kamailio through its binrpc ctl socket (`<run>/kamailio_ctl`) with
 * kamcmd: is a DN registered, and with which contact. Read-only.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SiteName } from './config.ts';
import { udpRequest } from './processes.ts';

const execFileAsync = promisify(execFile);

/** One registered contact of an AOR. */
export interface LocationContact {
  /** The Contact URI as registered (a browser's is `sip:x@<random>.invalid;transport=ws`). */
  address: string;
  /** Where Kamailio really reaches it (set for NATed / WebSocket registrations). */
  received: string | undefined;
  /** The Path it registered with (RFC 3327), set at a SIP Server site for agents behind the gateway. */
  path: string | undefined;
  expiresSec: number | undefined;
  userAgent: string | undefined;
}

/** The location-table entry of one AOR. */
export interface LocationEntry {
  aor: string;
  contacts: LocationContact[];
}

/** Which Kamailio of the gateway: the gateway itself, or one of the SIP Server sites behind it. */
export type KamailioInstance = 'kamailio' | SiteName;

/** Runs `kamcmd -s unix:<run>/<instance>_ctl <args…>` and returns its stdout. */
export async function kamcmd(
  runDir: string,
  args: readonly string[],
  timeoutMs = 3000,
  instance: KamailioInstance = 'kamailio',
): Promise<string> {
  const socket = `unix:${join(runDir, `${instance}_ctl`)}`;
  const { stdout } = await execFileAsync('kamcmd', ['-s', socket, ...args], { timeout: timeoutMs });
  return stdout;
}

/** Parses kamcmd's `ul.lookup` output (exported for tests). */
export function parseUlLookup(aor: string, text: string): LocationEntry | undefined {
  if (/AOR not found|error:/i.test(text)) {
    return undefined;
  }
  const contacts: LocationContact[] = [];
  for (const block of text.split(/Contact:\s*\{/).slice(1)) {
    const field = (name: string): string | undefined => new RegExp(`^\\s*${name}:\\s*(.*)$`, 'm').exec(block)?.[1];
    const address = field('Address');
    if (address === undefined) {
      continue;
    }
    const received = field('Received');
    const path = field('Path');
    const expires = field('Expires');
    contacts.push({
      address,
      received: received === undefined || received === '[not set]' ? undefined : received,
      path: path === undefined || path === '[not set]' ? undefined : path,
      expiresSec: expires !== undefined && /^\d+$/.test(expires) ? Number(expires) : undefined,
      userAgent: field('User-Agent'),
    });
  }
  return contacts.length > 0 ? { aor, contacts } : undefined;
}

/**
 * Is `aor` (e.g. `1001@127.0.0.1`) registered at the gateway (or at one of its SIP Server sites)?
 * Resolves to its contacts, or undefined when not registered. Rejects when that Kamailio's ctl socket
 * does not answer.
 */
export async function lookupLocation(
  runDir: string,
  aor: string,
  instance: KamailioInstance = 'kamailio',
): Promise<LocationEntry | undefined> {
  try {
    return parseUlLookup(aor, await kamcmd(runDir, ['ul.lookup', 'location', `s:${aor}`], 3000, instance));
  } catch (error) {
    const text = error instanceof Error && 'stdout' in error ? String(error.stdout) : '';
    if (/AOR not found/i.test(text)) {
      return undefined;
    }
    throw error;
  }
}

/** Sends an out-of-dialog OPTIONS to Kamailio over UDP; true on `200 Keepalive` (or any 200). */
export async function pingSip(port: number, timeoutMs = 500): Promise<boolean> {
  const reply = await udpRequest(port, sipOptions(port), timeoutMs);
  return reply?.startsWith('SIP/2.0 200') ?? false;
}

/** An OPTIONS request to the server itself (`sip:127.0.0.1:<port>`). */
export function sipOptions(port: number): string {
  const tag = Math.random().toString(36).slice(2);
  return [
    `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${tag};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@127.0.0.1>;tag=${tag}`,
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: ${tag}@wgb-probe`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
