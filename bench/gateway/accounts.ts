/**
 * The bench's agent accounts: the lab's own users (the demo peers register with them) plus one
 * account per simulated agent, `<dn> pw<dn>` as the lab's users are, in a users file for the gateway.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../gateway/config.ts';

/** `count` DNs from `first` on, as strings. */
export function agentDns(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(first + i));
}

export function agentPassword(dn: string): string {
  return `pw${dn}`;
}

/** Writes the lab's users plus `dns` to `file`. */
export function writeUsersFile(file: string, dns: readonly string[]): void {
  const lab = readFileSync(join(TEMPLATES_DIR, 'users.txt'), 'utf8');
  writeFileSync(file, `${lab.trimEnd()}\n${dns.map((dn) => `${dn} ${agentPassword(dn)}`).join('\n')}\n`);
}
