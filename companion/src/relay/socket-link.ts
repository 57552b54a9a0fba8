/**
 * One relay WebSocket as the companion sees it, from the authenticated upgrade to the close: a pure
 * reducer returning the next state and the effects to run. ws-upgrade.ts owns the socket and the
 * timers and runs the effects; nothing here touches a socket, a timer or the Relay.
 *
 * ```text
 *                 hello (same major; no other live link, or it is silent, or a confirmed take-over)
 * awaitingHello ─────────────────────▶ linked { missedPongs, isAnswering }
 *   │ hello over a live link → 4005      │
 *   │ foreign hello → 4002               │ frame → forward to the Relay
 *   │ any other frame, bad frame → 4003  │ pingDue → ping (missedPongs + 1); missedPongs = max → 4004
 *   │ helloTimeout → 1008                │ pongOverdue → isAnswering false (WWE hears "not active")
 *   │ closeRequested                     │ pong → missedPongs 0, isAnswering true
 *   ▼                                    │ hello again, bad frame → 4003; closeRequested (4000, 1001)
 * closing { wasLinked } ◀────────────────┘
 *   │ socketClosed                       linked ── socketClosed ──▶ closed (detach from the Relay)
 *   ▼
 * closed
 * ```
 * A hello over another window's live, answering link is refused (4005 LINK_BUSY) unless the socket came
 * with a fresh pairing confirmation (ws-upgrade.ts); a reload or reconnect after the old socket closed
 * or stopped answering links with no prompt, as before.
 * A frame that arrives while closing is ignored; timers are stopped by the `close` effect, so a timer
 * event outside the state that armed it is Invalid.
 */
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  invalid,
  parseFromPwa,
  type FromPwa,
  type Invalid,
} from '../../../protocol/src/index.ts';

export type RelayFrame = Extract<FromPwa, { type: 'response' | 'event' }>;

export type SocketLinkState =
  | { state: 'awaitingHello' }
  | {
      state: 'linked';
      appVersion: string;
      windowId: string;
      linkedAt: number;
      /** Pings sent since the last pong. */
      missedPongs: number;
      /** The PWA's event loop answered within the pong deadline. */
      isAnswering: boolean;
    }
  | { state: 'closing'; wasLinked: boolean }
  | { state: 'closed' };

/** The Relay's current link as a new socket's hello finds it. */
export type OtherLink = 'none' | 'silent' | 'live';

export type SocketLinkEvent =
  | {
      type: 'hello';
      appVersion: string;
      windowId: string;
      otherLink: OtherLink;
      /** The socket was admitted with a fresh pairing confirmation from the companion's own OS user. */
      isTakeOverConfirmed: boolean;
    }
  | { type: 'foreignHello'; protocol: number }
  | { type: 'frame'; frame: RelayFrame }
  | { type: 'pong' }
  | { type: 'badFrame'; reason: string }
  | { type: 'helloTimeout' }
  | { type: 'pingDue' }
  | { type: 'pongOverdue' }
  /** The Relay (a newer window took over) or the shutdown closes this link. */
  | { type: 'closeRequested'; code: number; reason: string }
  | { type: 'socketClosed'; code: number; reason: string };

export type SocketLinkEffect =
  | { type: 'welcome' }
  | { type: 'attach' }
  | { type: 'forward'; frame: RelayFrame }
  | { type: 'ping' }
  /** (Re)arm the pong deadline; its expiry is `pongOverdue`. */
  | { type: 'expectPong' }
  | { type: 'startPinging' }
  | { type: 'setResponsive'; isResponsive: boolean }
  /** Stop every timer, close the socket with this code, cut it off if the peer ignores the handshake. */
  | { type: 'close'; code: number; reason: string; isProtocolError: boolean }
  | { type: 'detach'; code: number; reason: string };

export type SocketLinkStep = { state: SocketLinkState; effects: SocketLinkEffect[] };

export const INITIAL_SOCKET_LINK: SocketLinkState = { state: 'awaitingHello' };

export interface SocketLinkLimits {
  /** Unanswered pings in a row after which the link is closed with 4004. */
  maxMissedPongs: number;
}

const stay = (state: SocketLinkState): SocketLinkStep => ({ state, effects: [] });

function closeFor(wasLinked: boolean, code: number, reason: string, isProtocolError = true): SocketLinkStep {
  return { state: { state: 'closing', wasLinked }, effects: [{ type: 'close', code, reason, isProtocolError }] };
}

function fromAwaitingHello(e: SocketLinkEvent, now: number): SocketLinkStep | Invalid {
  switch (e.type) {
    case 'hello':
      if (e.otherLink === 'live' && !e.isTakeOverConfirmed) {
        return closeFor(
          false,
          CLOSE_CODES.LINK_BUSY,
          'another softphone window is linked; pair again in Settings to use this one',
        );
      }
      return {
        state: {
          state: 'linked',
          appVersion: e.appVersion,
          windowId: e.windowId,
          linkedAt: now,
          missedPongs: 0,
          isAnswering: true,
        },
        effects: [{ type: 'welcome' }, { type: 'attach' }, { type: 'expectPong' }, { type: 'startPinging' }],
      };
    case 'foreignHello':
      return closeFor(
        false,
        CLOSE_CODES.PROTOCOL_MISMATCH,
        `protocol ${e.protocol} is not supported; the companion speaks ${PROTOCOL_VERSION}`,
      );
    case 'frame':
    case 'pong':
      return closeFor(false, CLOSE_CODES.BAD_FRAME, 'the first frame must be hello');
    case 'badFrame':
      return closeFor(false, CLOSE_CODES.BAD_FRAME, e.reason);
    case 'helloTimeout':
      return closeFor(false, 1008, 'no hello frame');
    case 'closeRequested':
      return closeFor(false, e.code, e.reason, false);
    case 'socketClosed':
      return { state: { state: 'closed' }, effects: [] };
    case 'pingDue':
    case 'pongOverdue':
      return invalid(`${e.type} before hello`);
  }
}

function fromLinked(
  s: Extract<SocketLinkState, { state: 'linked' }>,
  e: SocketLinkEvent,
  limits: SocketLinkLimits,
): SocketLinkStep | Invalid {
  switch (e.type) {
    case 'hello':
    case 'foreignHello':
      return closeFor(true, CLOSE_CODES.BAD_FRAME, 'hello was already received');
    case 'frame':
      return { state: s, effects: [{ type: 'forward', frame: e.frame }] };
    case 'pong': {
      const effects: SocketLinkEffect[] = [{ type: 'expectPong' }];
      if (!s.isAnswering) {
        effects.push({ type: 'setResponsive', isResponsive: true });
      }
      return { state: { ...s, missedPongs: 0, isAnswering: true }, effects };
    }
    case 'badFrame':
      return closeFor(true, CLOSE_CODES.BAD_FRAME, e.reason);
    case 'pingDue':
      return s.missedPongs >= limits.maxMissedPongs
        ? closeFor(true, CLOSE_CODES.HEARTBEAT_LOST, 'the PWA stopped answering pings')
        : { state: { ...s, missedPongs: s.missedPongs + 1 }, effects: [{ type: 'ping' }] };
    case 'pongOverdue':
      return s.isAnswering
        ? { state: { ...s, isAnswering: false }, effects: [{ type: 'setResponsive', isResponsive: false }] }
        : invalid('pongOverdue while already not answering');
    case 'closeRequested':
      return closeFor(true, e.code, e.reason, false);
    case 'socketClosed':
      return { state: { state: 'closed' }, effects: [{ type: 'detach', code: e.code, reason: e.reason }] };
    case 'helloTimeout':
      return invalid('helloTimeout after hello');
  }
}

function fromClosing(s: Extract<SocketLinkState, { state: 'closing' }>, e: SocketLinkEvent): SocketLinkStep | Invalid {
  switch (e.type) {
    case 'socketClosed':
      return {
        state: { state: 'closed' },
        effects: s.wasLinked ? [{ type: 'detach', code: e.code, reason: e.reason }] : [],
      };
    case 'hello':
    case 'foreignHello':
    case 'frame':
    case 'pong':
    case 'badFrame':
    case 'closeRequested':
      return stay(s);
    case 'helloTimeout':
    case 'pingDue':
    case 'pongOverdue':
      return invalid(`${e.type} while closing`);
  }
}

/** The pure transition function of one relay socket. */
export function reduceSocketLink(
  s: SocketLinkState,
  e: SocketLinkEvent,
  now: number,
  limits: SocketLinkLimits,
): SocketLinkStep | Invalid {
  switch (s.state) {
    case 'awaitingHello':
      return fromAwaitingHello(e, now);
    case 'linked':
      return fromLinked(s, e, limits);
    case 'closing':
      return fromClosing(s, e);
    case 'closed':
      return invalid(`${e.type} after the socket closed`);
  }
}

const NO_OTHER_LINK = { otherLink: (): OtherLink => 'none', isTakeOverConfirmed: false };

/**
 * Turns one received WebSocket message into the machine's event (parsing happens here, at the edge).
 * A hello carries what the socket's admission found: the Relay's other link and the take-over grant.
 */
export function socketLinkEventOf(
  text: string | null,
  admission: { otherLink: () => OtherLink; isTakeOverConfirmed: boolean } = NO_OTHER_LINK,
): SocketLinkEvent {
  if (text === null) {
    return { type: 'badFrame', reason: 'binary frames are not part of the protocol' };
  }
  const foreign = foreignHelloProtocol(text);
  if (foreign !== null) {
    return { type: 'foreignHello', protocol: foreign };
  }
  const parsed = parseFromPwa(text);
  if (!parsed.ok) {
    return { type: 'badFrame', reason: `bad frame: ${parsed.reason}` };
  }
  const frame = parsed.frame;
  switch (frame.type) {
    case 'hello':
      return {
        type: 'hello',
        appVersion: frame.appVersion,
        windowId: frame.windowId,
        otherLink: admission.otherLink(),
        isTakeOverConfirmed: admission.isTakeOverConfirmed,
      };
    case 'pong':
      return { type: 'pong' };
    case 'response':
    case 'event':
      return { type: 'frame', frame };
  }
}

/** The major of a hello frame that speaks another protocol (checked before full validation). */
function foreignHelloProtocol(text: string): number | null {
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'hello') {
      const { protocol, v } = json as { protocol?: unknown; v?: unknown };
      if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
        return protocol;
      }
      if (typeof v === 'number' && v !== PROTOCOL_VERSION) {
        return v;
      }
    }
  } catch {
    // Not JSON: full validation reports it.
  }
  return null;
}
