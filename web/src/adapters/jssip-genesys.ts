/**
 * The Genesys seam: the one module that changes JsSIP 3.13's behaviour so Genesys SIP Server can drive
 * the endpoint (what SIP Server asks: docs/protocol.md, section 3). No vendored copy, no prototype
 * patch: it wraps two methods of
 * each session's OWN objects, installed from the UA's `newRTCSession` event, so it touches only the
 * sessions this adapter owns and nothing global.
 *
 * Why these hooks:
 * (a) `Allow-Events: talk, hold` on the automatic 180. JsSIP's `init_incoming()` emits `newRTCSession`
 *     and THEN sends `request.reply(180, null, [Contact])` (lib/RTCSession.js `init_incoming`), with no
 *     option for extra headers. `newRTCSession` hands us that very IncomingRequest, so wrapping its
 *     `reply` for code 180 adds the header to exactly that response — and to nothing else. A prototype
 *     patch of `init_incoming` would copy 60 lines of JsSIP; wrapping `IncomingRequest.prototype.reply`
 *     would be global.
 * (b) In-dialog NOTIFY. The UA routes it (via the early or confirmed Dialog) to
 *     `session.receiveRequest()`, which answers `403 Wrong Status` unless the call is confirmed and then
 *     `_receiveNotify` answers `489 Bad Event` to anything but `refer`. We wrap the session's own
 *     `receiveRequest` and take NOTIFY with an Event other than `refer` before that code runs: reply
 *     200, then tell the adapter (`talk` → answer a ringing call / retrieve a held one; `hold` → hold).
 *     `beep`, `dtmf` and unknown events are answered 200 and logged (semantics unobserved). `refer`
 *     NOTIFYs still go to JsSIP (its REFER subscriber needs them).
 *     The SIP Server sends the NOTIFY whether or not the 180 advertised the events, so (b) does not
 *     depend on (a).
 * (c) Offerless INVITE / re-INVITE need no change: `init_incoming` sets `_late_sdp` when the INVITE has no
 *     body and `answer()` then creates an OFFER for the 200 (the answer arrives in the ACK);
 *     `_receiveReinvite` does the same for a bodiless re-INVITE. Tested in jssip-genesys.test.ts.
 * (d) Auto-answer requests are parsed here (`parseAutoAnswer`); the policy lives in phone/auto-answer.ts.
 *
 * Offered upstream as a JsSIP option (extra 180 headers, NOTIFY handler) — TODO(#4) link the PR.
 */
import type { Logger } from '../lib/log.ts';
import type { AutoAnswerRequest, RemoteControlAction } from '../phone/sip-port.ts';

/** Advertised on the 180: DN annex `sip-cti-control: talk,hold,beep,dtmf` (we act on talk and hold). */
export const ALLOW_EVENTS_HEADER = 'Allow-Events: talk, hold';

/** The parts of a JsSIP IncomingRequest this module uses (its .d.ts omits reply and event). */
export type SeamRequest = {
  method: string;
  /** The message body (an INVITE's SDP offer; empty or absent when it has none). */
  body?: string;
  event?: { event: string };
  getHeader(name: string): string | undefined;
  getHeaders(name: string): string[];
  hasHeader(name: string): boolean;
  reply(code: number, reason?: string | null, extraHeaders?: string[], ...rest: unknown[]): void;
};

/** The parts of a JsSIP RTCSession this module wraps. */
export type SeamSession = { receiveRequest(request: SeamRequest): void };

export type GenesysHooks = {
  /** Called after the NOTIFY got its 200; must not throw (errors are caught and logged anyway). */
  onRemoteControl(action: RemoteControlAction): void;
  log: Logger;
};

/** Headers always carry header values, not the name: JsSIP's getHeaders returns values. */
export function parseAutoAnswer(request: Pick<SeamRequest, 'getHeaders'>): AutoAnswerRequest | null {
  for (const value of request.getHeaders('Call-Info')) {
    const after = /;\s*answer-after\s*=\s*(\d+)/i.exec(value);
    if (after?.[1] !== undefined) {
      return { afterSec: Number(after[1]), source: 'call-info' };
    }
  }
  for (const value of request.getHeaders('Alert-Info')) {
    const after = /answer-after\s*=\s*(\d+)/i.exec(value);
    if (after?.[1] !== undefined) {
      return { afterSec: Number(after[1]), source: 'alert-info' };
    }
    if (/info\s*=\s*alert-autoanswer|auto[\s_-]?answer/i.test(value)) {
      return { afterSec: 0, source: 'alert-info' };
    }
  }
  return null;
}

/** `X-Genesys-CallUUID` of an inbound INVITE, kept on the call snapshot. */
export function genesysCallUuid(request: Pick<SeamRequest, 'getHeader' | 'hasHeader'>): string | undefined {
  return request.hasHeader('X-Genesys-CallUUID') ? request.getHeader('X-Genesys-CallUUID')?.trim() : undefined;
}

/** (a): adds Allow-Events to the 180 JsSIP sends for this INVITE right after `newRTCSession`. */
export function advertiseRemoteControl(invite: SeamRequest): void {
  const reply = invite.reply.bind(invite);
  invite.reply = (code, reason, extraHeaders, ...rest) => {
    const headers = [...(extraHeaders ?? [])];
    if (code === 180 && !headers.some((h) => /^allow-events\s*:/i.test(h))) {
      headers.push(ALLOW_EVENTS_HEADER);
    }
    reply(code, reason, headers, ...rest);
  };
}

function remoteControlAction(event: string): RemoteControlAction | null {
  return event === 'talk' || event === 'hold' ? event : null;
}

/** (b): answers in-dialog NOTIFY talk/hold/beep/dtmf with 200 and reports talk/hold. */
export function interceptNotify(session: SeamSession, hooks: GenesysHooks): void {
  const receiveRequest = session.receiveRequest.bind(session);
  session.receiveRequest = (request) => {
    const event = request.method === 'NOTIFY' ? request.event?.event.toLowerCase() : undefined;
    if (event === undefined || event === 'refer') {
      receiveRequest(request);
      return;
    }
    request.reply(200);
    const action = remoteControlAction(event);
    if (!action) {
      hooks.log.info(`NOTIFY Event: ${event} answered 200 and ignored (no action defined)`);
      return;
    }
    hooks.log.info(`NOTIFY Event: ${event} from SIP Server`);
    try {
      hooks.onRemoteControl(action);
    } catch (error) {
      hooks.log.error(`handling NOTIFY ${event} failed`, error);
    }
  };
}

/** Installs (a) for inbound sessions and (b) for every session. Call from `newRTCSession`. */
export function installGenesysSeam(
  session: SeamSession,
  originator: 'local' | 'remote',
  request: SeamRequest,
  hooks: GenesysHooks,
): void {
  if (originator === 'remote') {
    advertiseRemoteControl(request);
  }
  interceptNotify(session, hooks);
}
