/**
 * The `register` and `unregister` commands: start the UA for the DN's slots from settings and wait
 * for the registrars' verdicts; un-REGISTER every slot and wait. Retries and keepalive are the
 * service's job.
 */
import {
  COMMAND_TIMEOUT_MS,
  RelayError,
  type CommandParams,
  type CommandResult,
  type SlotTarget,
} from '../../../protocol/src/index.ts';
import type { PhoneContext } from './phone-context.ts';
import type { Settings } from '../settings/settings.ts';
import type { RegistrationSlot } from './phone-link-machine.ts';
import { issuedCredential, stopRenewal } from './credential-renewal.ts';

const USER_AGENT = 'WebRTC Gateway Bridge';

const sameTarget = (slot: RegistrationSlot | undefined, target: SlotTarget): boolean =>
  slot !== undefined &&
  slot.registration.state !== 'unregistered' &&
  slot.registration.dn === target.dn &&
  slot.registration.server === target.server;

/**
 * The gateway's TURN servers with fresh credentials, or none: registration does not need them, and a
 * call that cannot reach TURN ends with a reason (the adapter's media-path check).
 */
async function turnServers(ctx: PhoneContext, settings: Settings): Promise<RTCIceServer[]> {
  if (!ctx.turn) {
    return [];
  }
  try {
    return await ctx.turn.iceServers(settings.turnCredentialsUrl);
  } catch (error) {
    ctx.log.warn('no TURN credentials from the gateway; calls go without TURN', error);
    return [];
  }
}

const isUp = (slot: RegistrationSlot): boolean =>
  slot.registration.state === 'registered' || slot.registration.state === 'registering';

export async function register(
  ctx: PhoneContext,
  params: CommandParams<'register'>,
): Promise<CommandResult<'register'>> {
  const settings = ctx.settings.current();
  if (!settings.sipWebSocketUrl) {
    throw new RelayError('NOT_REGISTERED', 'no SIP WebSocket URL is configured; set it in Settings');
  }
  const { dn, server } = params;
  const targets: [SlotTarget, ...SlotTarget[]] = [{ dn, server }, ...(params.extraSlots ?? [])];
  const slots = ctx.slots();
  const same = slots.length === targets.length && targets.every((target, i) => sameTarget(slots[i], target));
  if (!same && ctx.liveCalls().length > 0 && slots.some((slot) => slot.registration.state !== 'unregistered')) {
    const current = slots[0].registration;
    throw new RelayError('BUSY', `calls are in progress on DN ${current.state === 'unregistered' ? dn : current.dn}`);
  }
  if (!(same && slots.every(isUp))) {
    if (!settings.sipCredentialsUrl) {
      stopRenewal(ctx);
    }
    const credential = settings.sipCredentialsUrl
      ? await issuedCredential(ctx, settings.sipCredentialsUrl, dn)
      : settings.credentials[dn];
    if (!credential) {
      // The registration in place stays: the agent is asked, and confirming registers this DN.
      ctx.notify({ type: 'password-needed', register: params });
      throw new RelayError(
        'NOT_REGISTERED',
        `no password for DN ${dn} on this PC; the softphone asks the agent for it`,
      );
    }
    ctx.applyLink({ type: 'register', targets });
    ctx.sip.start({
      dn,
      server,
      extraSlots: targets.slice(1),
      webSocketUrl: settings.sipWebSocketUrl,
      ...(credential.authorizationUser ? { authorizationUser: credential.authorizationUser } : {}),
      password: credential.password,
      iceServers: [...settings.iceServers, ...(settings.turnCredentialsUrl ? await turnServers(ctx, settings) : [])],
      iceTransportPolicy: settings.iceTransportPolicy,
      audioCodecs: settings.audioCodecs,
      userAgent: `${USER_AGENT}/${ctx.appVersion}`,
    });
  }
  return ctx.waitFor(
    () => {
      const now = ctx.slots();
      const first = now[0].registration;
      if (
        now.length !== targets.length ||
        first.state === 'unregistered' ||
        first.state === 'unregistering' ||
        first.dn !== dn
      ) {
        throw new RelayError('NOT_REGISTERED', `registration ${first.state}`);
      }
      if (!now.every((slot) => slot.settled)) {
        return undefined;
      }
      if (now.some((slot) => slot.registration.state === 'registered')) {
        return first;
      }
      throw new RelayError('NOT_REGISTERED', first.state === 'failed' ? first.cause : `registration ${first.state}`);
    },
    ctx.timings.registerTimeoutMs,
    () => new RelayError('NOT_REGISTERED', 'no answer to REGISTER from the gateway in time'),
  );
}

export async function unregister(ctx: PhoneContext): Promise<CommandResult<'unregister'>> {
  ctx.timers.cancel('keepalive');
  stopRenewal(ctx);
  const before = ctx.slots();
  ctx.applyLink({ type: 'unregister' });
  if (before.every((slot) => slot.registration.state === 'failed' || slot.registration.state === 'unregistered')) {
    await ctx.sip.stop();
  } else if (ctx.slots().some((slot) => slot.registration.state === 'unregistering')) {
    ctx.sip.unregister();
  }
  const allUnregistered = (): boolean => ctx.slots().every((slot) => slot.registration.state === 'unregistered');
  return ctx.waitFor(
    () => (allUnregistered() ? ctx.registration() : undefined),
    COMMAND_TIMEOUT_MS.unregister - 1_000,
    () => {
      ctx
        .slots()
        .forEach((_, slot) =>
          ctx.applyLink({ type: 'registration', slot, event: { type: 'unregistered' }, jitter: 0 }),
        );
      return new RelayError('INVALID_STATE', 'no answer to the un-REGISTER; considered unregistered');
    },
  );
}
