/**
 * Short-lived SIP credentials from the gateway (`GET <sipCredentialsUrl>?dn=<DN>` →
 * `{username, password, ttl}`, the scheme Kamailio's auth_ephemeral checks with its shared secret).
 * Renewed at half their lifetime, so a late renewal still has the other half to succeed.
 */
import * as v from 'valibot';
import type { IssuedSipCredentials, SipCredentialsPort } from '../phone/sip-credentials-port.ts';

const AnswerSchema = v.object({
  username: v.pipe(v.string(), v.regex(/^\d+:/)),
  password: v.pipe(v.string(), v.minLength(1)),
  ttl: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

export const SIP_CREDENTIALS_TIMEOUT_MS = 4_000;

export function createIssuedSipCredentials(options: { fetchFn?: typeof fetch } = {}): SipCredentialsPort {
  const { fetchFn = fetch } = options;
  return {
    async issue(url, dn): Promise<IssuedSipCredentials> {
      const target = new URL(url, globalThis.location?.href);
      target.searchParams.set('dn', dn);
      const response = await fetchFn(target, {
        cache: 'no-store',
        signal: AbortSignal.timeout(SIP_CREDENTIALS_TIMEOUT_MS),
      });
      if (!response.ok) {
        throw new Error(`the gateway answered ${response.status} for SIP credentials`);
      }
      const parsed = v.safeParse(AnswerSchema, await response.json());
      if (!parsed.success) {
        throw new Error('the gateway sent SIP credentials in an unknown shape');
      }
      const { username, password, ttl } = parsed.output;
      return { authorizationUser: username, password, renewInMs: (ttl * 1000) / 2 };
    },
  };
}
