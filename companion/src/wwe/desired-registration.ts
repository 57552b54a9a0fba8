/**
 * What WWE wants the endpoint to be (the DN registered at a server, the audio policy), kept apart
 * from what the PWA reports it is (the relay's snapshot). The desired state is pushed to the PWA
 * when WWE changes it and whenever a PWA links; WWE's status polls are answered from the snapshot.
 */
import type { EndpointPolicy, PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { EventHub } from '../events.ts';
import type { Logger } from '../log.ts';
import type { Opener } from '../opener.ts';
import type { Relay } from '../relay/relay.ts';
import type { Clock } from '../clock.ts';

export interface DesiredDn {
  dn: string;
  server: string;
}

export class DesiredRegistration {
  private desired: DesiredDn | null = null;
  private policy: EndpointPolicy | null = null;
  /** WWE sent RegisterDn or UnregisterDn to this process: from then on only WWE decides. */
  private wweSpoke = false;

  constructor(private readonly deps: { relay: Relay; log: Logger; hub: EventHub; clock: Clock; opener: Opener }) {
    deps.relay.on('connected', () => this.pushAll());
    deps.relay.on('snapshot', (snapshot) => this.adopt(snapshot));
  }

  get current(): DesiredDn | null {
    return this.desired;
  }

  get currentPolicy(): EndpointPolicy | null {
    return this.policy;
  }

  /** RegisterDn: remember the DN, then drive the PWA (or open it) without waiting for the result. */
  register(dn: string, server: string): void {
    this.wweSpoke = true;
    this.desired = { dn, server };
    this.deps.hub.publish({ type: 'wwe-register', at: this.deps.clock.now(), dn, server });
    if (this.deps.relay.link) {
      this.pushRegistration();
    } else {
      this.deps.log.info('RegisterDn with no PWA linked: keeping it until a PWA connects', { dn });
      this.deps.opener.open('RegisterDn with no PWA linked');
    }
  }

  /** UnregisterDn: forget the DN; when a PWA is linked, answer only once it has unregistered. */
  async unregister(): Promise<void> {
    this.wweSpoke = true;
    this.desired = null;
    this.deps.hub.publish({ type: 'wwe-unregister', at: this.deps.clock.now() });
    if (this.deps.relay.link) {
      await this.deps.relay.request('unregister', {});
    }
  }

  /** SetOptions' policy.session.*: forwarded to the PWA now and on every link. */
  setPolicy(policy: EndpointPolicy): void {
    if (Object.keys(policy).length === 0) {
      return;
    }
    this.policy = policy;
    if (this.deps.relay.link) {
      this.pushPolicy();
    }
  }

  /**
   * True only while the PWA answers the relay's pings and reports the desired DN (or, with none
   * desired, any DN) as registered. A frozen PWA keeps its socket and its last snapshot, but cannot
   * take a call: WWE must hear false.
   */
  isActive(snapshot: PhoneSnapshot | null = this.deps.relay.snapshot): boolean {
    if (!this.deps.relay.isResponsive) {
      return false;
    }
    const reg = snapshot?.registration;
    if (reg?.state !== 'registered') {
      return false;
    }
    return this.desired === null || this.desired.dn === reg.dn;
  }

  /** The DN that is really registered right now, or "". */
  registeredDn(snapshot: PhoneSnapshot | null = this.deps.relay.snapshot): string {
    const reg = snapshot?.registration;
    return reg?.state === 'registered' ? reg.dn : '';
  }

  /**
   * After a companion restart WWE does not repeat RegisterDn (it only pings), yet the PWA is still
   * registered. Until WWE speaks to this process, the DN the PWA reports as registered becomes the
   * desired one, so a later PWA reload or relink registers it again instead of silently dropping it.
   */
  private adopt(snapshot: PhoneSnapshot | null): void {
    const reg = snapshot?.registration;
    if (this.wweSpoke || this.desired !== null || reg?.state !== 'registered') {
      return;
    }
    this.desired = { dn: reg.dn, server: reg.server };
    this.deps.log.info('adopted the registration the PWA reports as the desired one (no RegisterDn yet)', {
      dn: reg.dn,
    });
  }

  private pushAll(): void {
    if (this.policy) {
      this.pushPolicy();
    }
    if (this.desired) {
      this.pushRegistration();
    }
  }

  private pushRegistration(): void {
    const desired = this.desired;
    if (!desired) {
      return;
    }
    this.deps.relay.request('register', { dn: desired.dn, server: desired.server }).then(
      (registration) => this.deps.log.info('PWA answered register', { dn: desired.dn, state: registration.state }),
      (err: unknown) => this.deps.log.warn('PWA could not register the DN', { dn: desired.dn, err }),
    );
  }

  private pushPolicy(): void {
    const policy = this.policy;
    if (!policy) {
      return;
    }
    this.deps.relay.request('applyPolicy', policy).then(
      () => this.deps.log.info('PWA applied the endpoint policy', { policy }),
      (err: unknown) => this.deps.log.warn('PWA could not apply the endpoint policy', { err }),
    );
  }
}
