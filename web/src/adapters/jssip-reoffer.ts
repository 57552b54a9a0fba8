/**
 * Survivable re-offers (hold, retrieve, ICE restart) on a JsSIP session.
 *
 * JsSIP's public `hold()`, `unhold()` and `renegotiate()` TERMINATE the call when the re-INVITE fails
 * (their `failed` handler calls `terminate({ status_code: 500 })`), and leave the RTCPeerConnection in
 * `have-local-offer` (JsSIP issue #668). A peer answering 488 to a hold must not
 * drop the agent's call, so this module sends the re-INVITE through the session's internal
 * `_sendReinvite` with its own handlers and, on failure, restores the hold flag and rolls the local
 * description back. It relies on three internals of JsSIP 3.13.8 (`_localHold`, `_sendReinvite`,
 * `_setLocalMediaStatus`); `assertReofferSupport` fails loudly if an upgrade removes them, and
 * jssip-genesys.test.ts exercises them against the real library.
 * Callers serialise: one re-offer per call at a time (the call machine's `hold.pending`).
 */

export type ReofferResult = { ok: true } | { ok: false; cause: string };

type ReofferResponse = { status_code?: number; reason_phrase?: string } | undefined;

/** The JsSIP 3.13.8 internals used here. */
type SessionInternals = {
  _localHold: boolean;
  _sendReinvite(options: {
    eventHandlers: { succeeded: () => void; failed: (response?: ReofferResponse) => void };
    rtcOfferConstraints?: RTCOfferOptions | null;
  }): void;
  _setLocalMediaStatus(): void;
  isReadyToReOffer(): boolean;
  readonly connection: RTCPeerConnection | null;
};

export function assertReofferSupport(session: object): asserts session is SessionInternals {
  const s = session as Partial<Record<keyof SessionInternals, unknown>>;
  if (
    typeof s._sendReinvite !== 'function' ||
    typeof s._setLocalMediaStatus !== 'function' ||
    typeof s._localHold !== 'boolean'
  ) {
    throw new Error('this JsSIP version lacks _sendReinvite/_setLocalMediaStatus/_localHold; update jssip-reoffer.ts');
  }
}

function describe(response: ReofferResponse): string {
  if (response?.status_code) {
    return `${response.status_code}${response.reason_phrase ? ` ${response.reason_phrase}` : ''}`;
  }
  return 'no usable answer';
}

/**
 * Sends a re-INVITE. `held` sets the direction (sendonly/inactive via JsSIP's own offer mangling);
 * leave it undefined to keep the current hold state (ICE restart).
 */
export function reoffer(session: object, options: { held?: boolean; iceRestart?: boolean }): Promise<ReofferResult> {
  assertReofferSupport(session);
  if (!session.isReadyToReOffer()) {
    return Promise.resolve({ ok: false, cause: 'another offer/answer exchange is in progress' });
  }
  const previous = session._localHold;
  if (options.held !== undefined) {
    session._localHold = options.held;
    session._setLocalMediaStatus();
  }
  return new Promise<ReofferResult>((resolve) => {
    let settled = false;
    session._sendReinvite({
      rtcOfferConstraints: options.iceRestart ? { iceRestart: true } : null,
      eventHandlers: {
        succeeded: () => {
          if (!settled) {
            settled = true;
            resolve({ ok: true });
          }
        },
        failed: (response) => {
          if (settled) {
            return;
          }
          settled = true;
          session._localHold = previous;
          session._setLocalMediaStatus();
          const pc = session.connection;
          if (pc?.signalingState === 'have-local-offer') {
            pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
          }
          resolve({ ok: false, cause: describe(response) });
        },
      },
    });
  });
}
