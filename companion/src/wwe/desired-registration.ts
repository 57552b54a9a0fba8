/**
 * What WWE wants the endpoint to be, kept apart from what the PWA reports it is (the relay's
 * snapshot). The decisions are the pure reducer in desired-machine.ts; this service feeds it WWE's
 * requests, PWA links and snapshots, and runs its effects on the relay. WWE's status polls are
 * answered from the snapshot.
 */
import { homeRegistration, type AppliedSettings, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../log.ts';
import type { Opener } from '../opener.ts';
import type { Relay } from '../relay/relay.ts';
import type { Clock } from '../clock.ts';
import { endpointActive } from './endpoint-active.ts';
import {
  INITIAL_DESIRED,
  desiredSlots,
  reduceDesired,
  type DesiredEffect,
  type DesiredEvent,
  type DesiredRegistrationState,
  type RegistrationSlots,
} from './desired-machine.ts';

export interface DesiredDn {
  dn: string;
  server: string;
}

export class DesiredRegistration {
  private machine: DesiredRegistrationState = INITIAL_DESIRED;

  constructor(private readonly deps: { relay: Relay; log: Logger; hub: EventHub; clock: Clock; opener: Opener }) {
    deps.relay.on('connected', () => void this.dispatch({ type: 'pwaLinked' }));
    deps.relay.on(
      'snapshot',
      (snapshot) => void this.dispatch({ type: 'snapshot', registration: homeRegistration(snapshot) }),
    );
  }

  get state(): DesiredRegistrationState {
    return this.machine;
  }

  /** Slot 0 as the DN wanted at a server, or null when nothing is wanted. */
  get current(): DesiredDn | null {
    const slot = desiredSlots(this.machine)?.[0];
    return slot ? { dn: slot.user, server: slot.address } : null;
  }

  /** True when the desired DN came from WWE's RegisterDn, false when it was adopted from the PWA or there is none. */
  get askedByWwe(): boolean {
    return this.machine.state === 'requested';
  }

  /** RegisterDn: remember the slots, then drive the PWA (or open it) without waiting for the result. */
  register(slots: RegistrationSlots): void {
    const [first] = slots;
    this.deps.hub.publish({ type: 'wwe-register', at: this.deps.clock.now(), dn: first.user, server: first.address });
    void this.dispatch({ type: 'registerDn', slots, isPwaLinked: this.deps.relay.link !== null });
  }

  /** UnregisterDn: forget the slots; when a PWA is linked, answer only once it has unregistered. */
  async unregister(): Promise<void> {
    this.deps.hub.publish({ type: 'wwe-unregister', at: this.deps.clock.now() });
    await this.dispatch({ type: 'unregisterDn', isPwaLinked: this.deps.relay.link !== null });
  }

  /** The effective endpoint settings: pushed to the PWA when they change and on every link. */
  setSettings(settings: AppliedSettings): void {
    void this.dispatch({ type: 'setSettings', settings, isPwaLinked: this.deps.relay.link !== null });
  }

  /**
   * True only while the PWA answers the relay's pings and reports the desired DN (or, with none
   * desired, any DN) as registered. A frozen PWA keeps its socket and its last snapshot, but cannot
   * take a call: WWE must hear false. So must it while WWE's headset rule finds no headset (the PWA
   * refuses every call then).
   */
  isActive(snapshot: PhoneSnapshot | null = this.deps.relay.snapshot): boolean {
    if (!this.deps.relay.isResponsive || !snapshot || snapshot.headsetMissing) {
      return false;
    }
    return endpointActive(snapshot.slots, desiredSlots(this.machine));
  }

  /** The DN that is really registered right now, or "". */
  registeredDn(snapshot: PhoneSnapshot | null = this.deps.relay.snapshot): string {
    const reg = homeRegistration(snapshot);
    return reg?.state === 'registered' ? reg.dn : '';
  }

  /** Applies an event; resolves once the effects that answer WWE (unregister) are done. */
  private async dispatch(event: DesiredEvent): Promise<void> {
    const previous = this.machine;
    const step = reduceDesired(previous, event);
    this.machine = step.state;
    if (step.state.state !== previous.state) {
      this.deps.log.info(`desired registration ${previous.state} → ${step.state.state}`, {
        event: event.type,
        dn: this.current?.dn,
      });
    }
    await Promise.all(step.effects.map((effect) => this.run(effect)));
  }

  private async run(effect: DesiredEffect): Promise<void> {
    const { relay, log } = this.deps;
    switch (effect.type) {
      case 'register': {
        const [first, ...others] = effect.slots;
        const dn = first.user;
        const extraSlots = others.map((slot) => ({ dn: slot.user, server: slot.address }));
        await relay
          .request('register', { dn, server: first.address, ...(extraSlots.length ? { extraSlots } : {}) })
          .then(
            (registration) => log.info('PWA answered register', { dn, state: registration.state }),
            (err: unknown) => log.warn('PWA could not register the DN', { dn, err }),
          );
        return;
      }
      case 'unregister':
        await relay.request('unregister', {});
        return;
      case 'applySettings':
        await relay.request('applySettings', effect.settings).then(
          () => log.info('PWA applied the endpoint settings', { decided: effect.settings.sources }),
          (err: unknown) => log.warn('PWA could not apply the endpoint settings', { err }),
        );
        return;
      case 'openPwa':
        log.info('RegisterDn with no PWA linked: keeping it until a PWA connects', { dn: this.current?.dn });
        this.deps.opener.open(effect.reason);
        return;
    }
  }
}
