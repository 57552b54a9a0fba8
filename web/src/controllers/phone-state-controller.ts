/**
 * Gives a screen the phone's state: the session's snapshot, role and companion link, re-rendering the
 * host on every change the screens hear of (the session's `screens` feed, which waits while an answered
 * call's audio starts: app/media-first-hold.ts).
 */
import type { ReactiveControllerHost } from 'lit';
import { idlePhoneSnapshot, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { LinkView } from '../app/link-view.ts';
import type { PhoneRole, PhoneSession } from '../app/phone-session.ts';
import { StoreController } from './store-controller.ts';

export class PhoneStateController extends StoreController {
  constructor(
    host: ReactiveControllerHost,
    private readonly session: () => PhoneSession | undefined,
  ) {
    super(host, () => session()?.screens);
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
