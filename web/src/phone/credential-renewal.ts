/**
 * SIP credentials the gateway issues for a DN when settings name a `sipCredentialsUrl`: fetched
 * before the register command reaches the reducer (so a gateway that issues none refuses RegisterDn
 * with its reason and builds no UA), then renewed on a timer while the DN stays registered and handed
 * to the running UA. The phone reads them as that DN's stored credential (phone-service.ts).
 */
import { RelayError } from '../../../protocol/src/index.ts';
import type { Logger } from '../lib/log.ts';
import type { Credential } from '../settings/settings.ts';
import type { SipCredentialsPort } from './sip-credentials-port.ts';
import type { SipPort } from './sip-port.ts';
import type { TimerSet } from './phone-timers.ts';

export const RENEWAL_TIMER = 'sip-credentials';
/** After a failed renewal: the credentials in use still have half their lifetime. */
export const RENEWAL_RETRY_MS = 30_000;

export type IssuedCredentialsDeps = {
  issuer: SipCredentialsPort | undefined;
  sip: SipPort;
  timers: TimerSet;
  log: Logger;
};

export class IssuedCredentials {
  #current: { dn: string; credential: Credential } | null = null;

  constructor(private readonly deps: IssuedCredentialsDeps) {}

  /** The DN and credential in use, if the gateway issued them. */
  get current(): { dn: string; credential: Credential } | null {
    return this.#current;
  }

  /** Credentials for `dn` now; renewed from then on until `stop`. Rejects with NOT_REGISTERED and the reason. */
  async fetch(url: string, dn: string): Promise<void> {
    const isInUse = this.#current?.dn === dn;
    try {
      const issued = await this.#issuer().issue(url, dn);
      const credential = { authorizationUser: issued.authorizationUser, password: issued.password };
      this.#current = { dn, credential };
      if (isInUse) {
        this.deps.sip.renewCredentials(credential); // WWE registered the same DN again: the running UA keeps it
      }
      this.#schedule(url, dn, issued.renewInMs);
    } catch (error) {
      this.stop();
      const reason = error instanceof Error ? error.message : String(error);
      throw new RelayError('NOT_REGISTERED', `the gateway issued no SIP credentials for DN ${dn}: ${reason}`);
    }
  }

  /** Stops renewing and forgets them (unregistered, or registering without issued credentials). */
  stop(): void {
    this.deps.timers.cancel(RENEWAL_TIMER);
    this.#current = null;
  }

  #issuer(): SipCredentialsPort {
    if (!this.deps.issuer) {
      throw new Error('this phone has no SIP credentials issuer');
    }
    return this.deps.issuer;
  }

  #schedule(url: string, dn: string, delayMs: number): void {
    this.deps.timers.set(RENEWAL_TIMER, delayMs, () => void this.#renew(url, dn));
  }

  async #renew(url: string, dn: string): Promise<void> {
    const { sip, log } = this.deps;
    try {
      const issued = await this.#issuer().issue(url, dn);
      const credential = { authorizationUser: issued.authorizationUser, password: issued.password };
      this.#current = { dn, credential };
      sip.renewCredentials(credential);
      log.info(`renewed the gateway's SIP credentials for DN ${dn}`);
      this.#schedule(url, dn, issued.renewInMs);
    } catch (error) {
      log.warn(`could not renew the SIP credentials for DN ${dn}; trying again in ${RENEWAL_RETRY_MS / 1000} s`, error);
      this.#schedule(url, dn, RENEWAL_RETRY_MS);
    }
  }
}
