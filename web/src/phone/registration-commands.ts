/**
 * The `register` and `unregister` commands as parts of the phone reducer: start the UA for the DN's
 * slots and wait for the registrars' verdicts; un-REGISTER every slot and wait. Retries and the
 * keepalive follow from the link machine's effects.
 */
import { COMMAND_TIMEOUT_MS, RelayError, type CommandParams, type SlotTarget } from '../../../protocol/src/index.ts';
import { gatewayUrlList } from '../settings/gateway-url-list.ts';
import { applyLink } from './link-slice.ts';
import { addPending, refOf, replacePending, respond } from './pending-commands.ts';
import type { RegistrationSlot } from './phone-link-machine.ts';
import type { StepDraft } from './phone-step.ts';

const sameTarget = (slot: RegistrationSlot | undefined, target: SlotTarget): boolean =>
  slot !== undefined &&
  slot.registration.state !== 'unregistered' &&
  slot.registration.dn === target.dn &&
  slot.registration.server === target.server;

const isUp = (slot: RegistrationSlot): boolean =>
  slot.registration.state === 'registered' || slot.registration.state === 'registering';

export function register(d: StepDraft, id: number, params: CommandParams<'register'>): void {
  const origin = { id };
  const { settings } = d.env;
  if (gatewayUrlList(settings.sipWebSocketUrl).length === 0) {
    const error = new RelayError('NOT_REGISTERED', 'no SIP WebSocket URL is configured; set it in Settings');
    respond(d, origin, { error });
    return;
  }
  const { dn, server } = params;
  const targets: [SlotTarget, ...SlotTarget[]] = [{ dn, server }, ...(params.extraSlots ?? [])];
  const slots = d.state.link.slots;
  const same = slots.length === targets.length && targets.every((target, i) => sameTarget(slots[i], target));
  if (!same && d.state.calls.length > 0 && slots.some((slot) => slot.registration.state !== 'unregistered')) {
    const current = slots[0].registration;
    const busyDn = current.state === 'unregistered' ? dn : current.dn;
    respond(d, origin, { error: new RelayError('BUSY', `calls are in progress on DN ${busyDn}`) });
    return;
  }
  if (!(same && slots.every(isUp))) {
    if (!settings.credentials[dn]) {
      // The registration in place stays: the agent is asked, and confirming registers this DN.
      d.push({ type: 'emit', event: { type: 'password-needed', register: params } });
      const why = `no password for DN ${dn} on this PC; the softphone asks the agent for it`;
      respond(d, origin, { error: new RelayError('NOT_REGISTERED', why) });
      return;
    }
    applyLink(d, { type: 'register', targets });
    d.sip({ method: 'start', dn, server, extraSlots: targets.slice(1) });
  }
  const pending = { kind: 'register', dn, slots: targets.length, ref: refOf(origin), origin } as const;
  addPending(d, pending, d.env.timings.registerTimeoutMs);
}

export function unregister(d: StepDraft, id: number): void {
  d.push({ type: 'cancelTimer', key: 'keepalive' });
  const before = d.state.link.slots;
  applyLink(d, { type: 'unregister' });
  const stopping = before.every(
    (slot) => slot.registration.state === 'failed' || slot.registration.state === 'unregistered',
  );
  if (stopping) {
    d.sip({ method: 'stop' });
  } else if (d.state.link.slots.some((slot) => slot.registration.state === 'unregistering')) {
    d.sip({ method: 'unregister' });
  }
  const origin = { id };
  addPending(d, { kind: 'unregister', stopping, ref: refOf(origin), origin }, COMMAND_TIMEOUT_MS.unregister - 1_000);
}

/** The SIP stack has stopped: an unregister that waited for it can answer. */
export function onSipStopped(d: StepDraft): void {
  for (const pending of d.state.pending) {
    if (pending.kind === 'unregister' && pending.stopping) {
      replacePending(d, { ...pending, stopping: false });
    }
  }
}
