/**
 * SIP credentials the gateway issues for a DN when settings name a `sipCredentialsUrl`: fetched by
 * the register command, then renewed on a timer while the DN stays registered and handed to the
 * running UA (the register command uses the agent's stored password otherwise).
 */
import { RelayError } from '../../../protocol/src/index.ts';
import type { Credential } from '../settings/settings.ts';
import type { PhoneContext } from './phone-context.ts';

export const RENEWAL_TIMER = 'sip-credentials';
/** After a failed renewal: the credentials in use still have half their lifetime. */
export const RENEWAL_RETRY_MS = 30_000;

function scheduleRenewal(ctx: PhoneContext, url: string, dn: string, delayMs: number): void {
  ctx.timers.set(RENEWAL_TIMER, delayMs, () => {
    void renew(ctx, url, dn);
  });
}

async function renew(ctx: PhoneContext, url: string, dn: string): Promise<void> {
  try {
    const issued = await issuer(ctx).issue(url, dn);
    ctx.sip.renewCredentials({ authorizationUser: issued.authorizationUser, password: issued.password });
    ctx.log.info(`renewed the gateway's SIP credentials for DN ${dn}`);
    scheduleRenewal(ctx, url, dn, issued.renewInMs);
  } catch (error) {
    ctx.log.warn(
      `could not renew the SIP credentials for DN ${dn}; trying again in ${RENEWAL_RETRY_MS / 1000} s`,
      error,
    );
    scheduleRenewal(ctx, url, dn, RENEWAL_RETRY_MS);
  }
}

function issuer(ctx: PhoneContext): NonNullable<PhoneContext['sipCredentials']> {
  if (!ctx.sipCredentials) {
    throw new Error('this phone has no SIP credentials issuer');
  }
  return ctx.sipCredentials;
}

/** Stops renewing (unregistered, or registering without issued credentials). */
export function stopRenewal(ctx: PhoneContext): void {
  ctx.timers.cancel(RENEWAL_TIMER);
}

/** Credentials the gateway issues for `dn` now; renewed from then on until stopRenewal. */
export async function issuedCredential(ctx: PhoneContext, url: string, dn: string): Promise<Credential> {
  try {
    const issued = await issuer(ctx).issue(url, dn);
    scheduleRenewal(ctx, url, dn, issued.renewInMs);
    return { authorizationUser: issued.authorizationUser, password: issued.password };
  } catch (error) {
    stopRenewal(ctx);
    const reason = error instanceof Error ? error.message : String(error);
    throw new RelayError('NOT_REGISTERED', `the gateway issued no SIP credentials for DN ${dn}: ${reason}`);
  }
}
