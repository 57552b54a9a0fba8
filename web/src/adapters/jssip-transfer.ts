/**
 * Call transfer through JsSIP's REFER (RFC 3515): sends the REFER and turns its outcome into one
 * result. The REFER's own 202 only says the peer will try; the outcome comes in the implicit
 * subscription's NOTIFYs, whose message/sipfrag body carries the status of the peer's INVITE to the
 * target (RFC 3515 §2.4.5): 2xx = transferred, ≥ 300 = failed (the call stays up), 1xx = progress.
 * An attended transfer puts `?Replaces=<call-id>;to-tag=…;from-tag=…` (RFC 3891) into the Refer-To
 * through JsSIP's `replaces` option. JsSIP 3.13.8 fills it from the session's own `_to_tag` and
 * `_from_tag`, which is right only for a call WE placed: for an inbound consultation call it swaps the
 * tags, and the target would not find the dialog (RFC 3891 §3: to-tag = the recipient's local tag,
 * from-tag = its remote tag). So `replacesFor()` hands JsSIP exactly the three fields it reads, with the
 * tags as the recipient sees them.
 * It does not end the call: the phone service hangs up after `ok: true`. Only adapters/ import this.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { Logger } from '../lib/log.ts';

export type TransferResult = { ok: true } | { ok: false; cause: string };

type StatusLine = { status_code?: number | string; reason_phrase?: string };
type ReferHandlerEvent = {
  response?: { status_code?: number; reason_phrase?: string } | null;
  cause?: string;
  status_line?: StatusLine;
};

/** JsSIP 3.13's refer() returns its ReferSubscriber, or false when the call is not confirmed (the .d.ts says void). */
type ReferFn = (target: string, options: { replaces?: ReplacesFields; eventHandlers: ReferHandlers }) => unknown;

/** What JsSIP 3.13.8's ReferSubscriber.sendRefer reads from `options.replaces`. */
export type ReplacesFields = { _request: { call_id: string }; _to_tag: string; _from_tag: string };

type DialogInternals = { direction: 'incoming' | 'outgoing' | null; _request?: { call_id?: unknown } } & Partial<
  Record<'_from_tag' | '_to_tag', unknown>
>;

/**
 * The Replaces of `session`'s dialog as the far party (the transfer target) sees it: its local tag in
 * to-tag, ours in from-tag. Throws when this JsSIP version lacks the internals.
 */
export function replacesFor(session: RTCSession): ReplacesFields {
  const s = session as unknown as DialogInternals;
  const callId = s._request?.call_id;
  const { _from_tag: fromTag, _to_tag: toTag } = s;
  if (typeof callId !== 'string' || typeof fromTag !== 'string' || typeof toTag !== 'string') {
    throw new Error('this JsSIP version lacks _request.call_id/_from_tag/_to_tag; update jssip-transfer.ts');
  }
  // Outgoing: _from_tag is ours, _to_tag the target's. Incoming: _from_tag is the caller's (the target's).
  const [targetTag, ourTag] = s.direction === 'incoming' ? [fromTag, toTag] : [toTag, fromTag];
  return { _request: { call_id: callId }, _to_tag: targetTag, _from_tag: ourTag };
}
type ReferHandlers = Record<
  'requestSucceeded' | 'requestFailed' | 'trying' | 'progress' | 'accepted' | 'failed',
  (e: ReferHandlerEvent) => void
>;

function status(line: { status_code?: number | string; reason_phrase?: string } | null | undefined): string {
  if (line?.status_code === undefined) {
    return '';
  }
  return `${String(line.status_code)}${line.reason_phrase ? ` ${line.reason_phrase}` : ''}`;
}

/** Sends the REFER and resolves once: on the final sipfrag, or when the REFER itself fails. */
export function sendRefer(
  session: RTCSession,
  target: string,
  options: { replaces?: RTCSession; log: Logger },
): Promise<TransferResult> {
  const { log } = options;
  return new Promise<TransferResult>((resolve) => {
    let settled = false;
    const settle = (result: TransferResult): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const eventHandlers: ReferHandlers = {
      requestSucceeded: (e) => log.info(`REFER to ${target} accepted by the peer (${status(e.response)})`),
      requestFailed: (e) =>
        settle({ ok: false, cause: `REFER refused: ${status(e.response) || (e.cause ?? 'no response')}` }),
      trying: () => log.debug(`transfer to ${target}: NOTIFY 100 Trying`),
      progress: (e) => log.debug(`transfer to ${target}: NOTIFY ${status(e.status_line)}`),
      accepted: (e) => {
        log.info(`transfer to ${target} succeeded (NOTIFY ${status(e.status_line)})`);
        settle({ ok: true });
      },
      failed: (e) =>
        settle({ ok: false, cause: `the transfer target answered ${status(e.status_line) || 'an error'}` }),
    };
    const refer = session.refer.bind(session) as unknown as ReferFn;
    const replaces = options.replaces ? replacesFor(options.replaces) : undefined;
    const subscriber = refer(target, { ...(replaces ? { replaces } : {}), eventHandlers });
    if (subscriber === false) {
      settle({ ok: false, cause: 'the call is not established' });
    }
  });
}
