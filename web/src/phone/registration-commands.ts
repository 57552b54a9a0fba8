/**
 * The `register` and `unregister` commands: start the UA for a DN from settings and wait for the
 * registrar's verdict; un-REGISTER and wait. Retries and keepalive are the service's job.
 */
import { COMMAND_TIMEOUT_MS, RelayError, type CommandResult } from '../../../protocol/src/index.ts';
import type { PhoneContext } from './phone-context.ts';

const USER_AGENT = 'WebRTC Gateway Bridge';

export async function register(ctx: PhoneContext, dn: string, server: string): Promise<CommandResult<'register'>> {
  const settings = ctx.settings.current();
  if (!settings.sipWebSocketUrl) {
    throw new RelayError('NOT_REGISTERED', 'no SIP WebSocket URL is configured; set it in Settings');
  }
  const reg = ctx.registration();
  const same = reg.state !== 'unregistered' && reg.dn === dn && reg.server === server;
  const busy = ctx.liveCalls().length > 0;
  if (!same && busy && reg.state !== 'unregistered') {
    throw new RelayError('BUSY', `calls are in progress on DN ${reg.dn}`);
  }
  if (!(same && (reg.state === 'registered' || reg.state === 'registering'))) {
    const credential = settings.credentials[dn];
    if (!credential) {
      ctx.log.warn(`no credentials for DN ${dn}; registering without a password`);
    }
    ctx.applyRegistration({ type: 'register', dn, server });
    ctx.sip.start({
      dn,
      server,
      webSocketUrl: settings.sipWebSocketUrl,
      ...(credential?.authorizationUser ? { authorizationUser: credential.authorizationUser } : {}),
      ...(credential ? { password: credential.password } : {}),
      iceServers: settings.iceServers,
      audioCodecs: settings.audioCodecs,
      userAgent: `${USER_AGENT}/${ctx.appVersion}`,
    });
  }
  return ctx.waitFor(
    (event) => {
      const r = ctx.registration();
      if (r.state === 'registered' && r.dn === dn) {
        return r;
      }
      if (event?.type === 'registration' && event.event.type === 'registrationFailed') {
        throw new RelayError('NOT_REGISTERED', event.event.cause);
      }
      if (r.state === 'unregistered' || r.state === 'unregistering' || r.dn !== dn) {
        throw new RelayError('NOT_REGISTERED', `registration ${r.state}`);
      }
      return undefined;
    },
    ctx.timings.registerTimeoutMs,
    () => new RelayError('NOT_REGISTERED', 'no answer to REGISTER from the gateway in time'),
  );
}

export async function unregister(ctx: PhoneContext): Promise<CommandResult<'unregister'>> {
  ctx.timers.cancel('keepalive');
  const before = ctx.registration().state;
  ctx.applyRegistration({ type: 'unregister' });
  if (before === 'failed') {
    await ctx.sip.stop();
  } else if (ctx.registration().state === 'unregistering') {
    ctx.sip.unregister();
  }
  return ctx.waitFor(
    () => {
      const r = ctx.registration();
      return r.state === 'unregistered' ? r : undefined;
    },
    COMMAND_TIMEOUT_MS.unregister - 1_000,
    () => {
      ctx.applyRegistration({ type: 'unregistered' });
      return new RelayError('INVALID_STATE', 'no answer to the un-REGISTER; considered unregistered');
    },
  );
}
