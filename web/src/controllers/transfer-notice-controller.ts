/**
 * "Call with X transferred to Y" for a few seconds after our transfer ends a call: the card itself
 * disappears with the call, so the notice outlives it. It watches every snapshot (a transferred call
 * can be `ending` for less than one render) and keeps the notices for NOTICE_MS. UI state only.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSnapshot } from '../../../protocol/src/index.ts';
import type { PhoneSession } from '../app/phone-session.ts';

export const TRANSFER_NOTICE_MS = 6_000;

export type TransferNotice = { callId: string; caller: string; target: string };

/** The calls of `calls` that end because our transfer succeeded, as notices. */
export function transferNotices(calls: readonly CallSnapshot[]): TransferNotice[] {
  return calls.flatMap((call) =>
    call.state === 'ending' && call.transferredTo !== undefined
      ? [{ callId: call.callId, caller: call.displayName ?? call.remote, target: call.transferredTo }]
      : [],
  );
}

export class TransferNoticeController implements ReactiveController {
  #notices = new Map<string, TransferNotice>();
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: () => PhoneSession | undefined,
  ) {
    host.addController(this);
  }

  get notices(): TransferNotice[] {
    return [...this.#notices.values()];
  }

  hostConnected(): void {
    const session = this.session();
    this.#unsubscribe = session?.subscribe(() => this.#collect(session.snapshot.calls)) ?? null;
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#timers.forEach((timer) => clearTimeout(timer));
    this.#timers.clear();
    this.#notices.clear();
  }

  #collect(calls: readonly CallSnapshot[]): void {
    for (const notice of transferNotices(calls)) {
      if (this.#notices.has(notice.callId)) {
        continue;
      }
      this.#notices.set(notice.callId, notice);
      this.#timers.set(
        notice.callId,
        setTimeout(() => {
          this.#notices.delete(notice.callId);
          this.#timers.delete(notice.callId);
          this.host.requestUpdate();
        }, TRANSFER_NOTICE_MS),
      );
      this.host.requestUpdate();
    }
  }
}
