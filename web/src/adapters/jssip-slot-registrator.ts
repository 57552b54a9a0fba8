/**
 * A further registration of the one UA (Business Continuity: the DN at the peer SIP Server site)
 * over the same socket, with its own REGISTER dialog, AOR, Request-URI and timer. JsSIP's UA owns
 * exactly one Registrator and offers no API for a second (nor exports the class); its Registrator
 * does all the work (digest, refresh at half the expiry, un-REGISTER), so a second one of the same
 * class is built over a view of the UA that differs only in the AOR and registrar it reads and in
 * where its outcome is reported.
 */
import { URI, type UA } from 'jssip';
import type { SlotTarget } from '../../../protocol/src/index.ts';
import { aorHost } from './sip-uri.ts';
import {
  registrationFailedEvent,
  type JsSipRegistrationFailure,
  type RegistrationFailedEvent,
} from './jssip-registration-failure.ts';

/** Registrator methods JsSIP's .d.ts leaves out. */
type RegistratorRuntime = {
  readonly registered: boolean;
  register(): void;
  unregister(options?: { all?: boolean }): void;
  close(): void;
  onTransportClosed(): void;
};

/** How a slot's registration ended up, as the UA would have emitted it. */
export type SlotOutcome =
  { type: 'registered' } | { type: 'unregistered'; cause: string | null } | RegistrationFailedEvent;

/** The UA's own fields this reads: its settings, its socket and its Registrator (for the class). */
type UaInternals = UA & {
  _configuration: Record<string, unknown>;
  transport: unknown;
  _registrator: { constructor: new (ua: UA, transport: unknown) => RegistratorRuntime };
};

export class SlotRegistrator {
  readonly #registrator: RegistratorRuntime;
  readonly #configuration: Record<string, unknown>;
  /** The slot registers as the UA's own user, so it shares the UA's credentials. */
  readonly #sharesCredentials: boolean;

  constructor(ua: UA, target: SlotTarget, report: (outcome: SlotOutcome) => void) {
    const internals = ua as UaInternals;
    const view = Object.create(ua) as UaInternals & Record<string, unknown>;
    this.#sharesCredentials = target.dn === (internals._configuration.uri as URI).user;
    view._configuration = {
      ...internals._configuration,
      uri: URI.parse(`sip:${target.dn}@${aorHost(target.server)}`),
      registrar_server: URI.parse(`sip:${target.server}`),
      // A digest cached for slot 0's user must not be reused for another user.
      ha1: null,
      ...(this.#sharesCredentials ? {} : { authorization_user: target.dn }),
    };
    this.#configuration = view._configuration;
    view.registered = () => report({ type: 'registered' });
    view.unregistered = (e: { cause?: string | null }) => report({ type: 'unregistered', cause: e.cause ?? null });
    view.registrationFailed = (e: JsSipRegistrationFailure) => report(registrationFailedEvent(e));
    const Registrator = internals._registrator.constructor;
    this.#registrator = new Registrator(view, internals.transport);
  }

  get isRegistered(): boolean {
    return this.#registrator.registered;
  }

  register(): void {
    this.#registrator.register();
  }

  /** The UA's renewed credentials, for this slot's next REGISTER when it registers as the UA's user. */
  renewCredentials(authorizationUser: string, password: string): void {
    if (this.#sharesCredentials) {
      Object.assign(this.#configuration, { authorization_user: authorizationUser, password, ha1: null });
    }
  }

  unregister(): void {
    this.#registrator.unregister();
  }

  /** Un-REGISTERs when registered (before the UA stops or is replaced). */
  close(): void {
    this.#registrator.close();
  }

  /** The socket closed: the binding is gone with it (JsSIP does the same for the UA's own registration). */
  onTransportClosed(): void {
    this.#registrator.onTransportClosed();
  }
}
