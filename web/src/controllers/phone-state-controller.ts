/**
 * Gives a screen the phone's state: the session's snapshot, role and companion link, re-rendering the
 * host on every change (subscribe in hostConnected, unsubscribe in hostDisconnected) — except while an
 * answered call's audio is starting (media-first-hold.ts).
 */
import type { ReactiveControllerHost } from 'lit';
import { idlePhoneSnapshot, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { LinkView } from '../app/link-view.ts';
import type { PhoneRole, PhoneSession } from '../app/phone-session.ts';
import { realClock } from '../lib/clock.ts';
import { MediaFirstHold } from './media-first-hold.ts';
import { StoreController } from './store-controller.ts';

export class PhoneStateController extends StoreController {
  readonly #hold: MediaFirstHold;

  constructor(
    host: ReactiveControllerHost,
    private readonly session: () => PhoneSession | undefined,
  ) {
    super(host, session);
    this.#hold = new MediaFirstHold({
      release: () => host.requestUpdate(),
      remoteStream: (callId) => this.session()?.phone.media.remoteStream(callId) ?? null,
      clock: realClock,
    });
  }

  protected override changed(): void {
    if (!this.#hold.holds(this.snapshot)) {
      super.changed();
    }
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.#hold.dispose();
  }

  get snapshot(): PhoneSnapshot {
    return this.session()?.snapshot ?? idlePhoneSnapshot('');
  }

  get role(): PhoneRole {
    return this.session()?.role ?? 'starting';
  }

  get link(): LinkView {
    return this.session()?.link ?? { state: 'offline' };
  }

  get hasCalls(): boolean {
    return this.snapshot.calls.length > 0;
  }
}
