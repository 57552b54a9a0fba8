/**
 * The relay WebSocket: authenticates the HTTP upgrade (path, Host, Origin = a PWA origin, the
 * `wgb-relay.<version>` subprotocol and the `pair.<secret>` subprotocol compared in constant time), runs the
 * hello/welcome handshake, parses every frame, and keeps the link alive with app-level pings.
 * While another window holds the link, a new socket is admitted only from the companion's own OS user
 * (same-user.ts), and its hello may take over a live link only with a fresh pairing confirmation
 * (pairing-requests.ts); socket-link.ts decides.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  PAIRING_SUBPROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  RELAY_PATH,
  RELAY_SUBPROTOCOL,
  isInvalid,
  type ToPwa,
} from '../../../protocol/src/index.ts';
import { every, type Clock, type TimerHandle } from '../clock.ts';
import type { Config } from '../config.ts';
import { isAllowedHost } from '../http/guards.ts';
import type { Logger } from '../log.ts';
import { safeEqual } from '../pairing.ts';
import { refusalOf, type SameUserCheck } from '../same-user.ts';
import type { PwaLink, Relay } from './relay.ts';
import {
  INITIAL_SOCKET_LINK,
  reduceSocketLink,
  socketLinkEventOf,
  type SocketLinkEffect,
  type OtherLink,
  type SocketLinkEvent,
  type SocketLinkState,
} from './socket-link.ts';

export const MAX_FRAME_BYTES = 64 * 1024;

export interface RelayServerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  relay: Relay;
  pairingSecret: string;
  /** What a socket needs to replace another window's link. */
  takeOver: {
    sameUser: SameUserCheck;
    /** True once after a recent confirmed pairing claim. */
    consumeConfirmation(): boolean;
  };
  port: () => number;
  companionVersion: string;
}

export interface RelayServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every relay socket (shutdown: 1001). */
  closeAll(code: number, reason: string): void;
}

function reject(socket: Duplex, status: 400 | 401 | 403 | 404, message: string): void {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  const body = `${message}\n`;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Close reasons are limited to 123 bytes by RFC 6455. */
function reasonText(reason: string): string {
  return Buffer.from(reason).subarray(0, 120).toString();
}

export function createRelayServer(deps: RelayServerDeps): RelayServer {
  const { config, log, clock, relay } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    clientTracking: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(RELAY_SUBPROTOCOL) ? RELAY_SUBPROTOCOL : false),
  });
  let nextLinkId = 1;

  const check = (req: IncomingMessage): { status: 400 | 401 | 403 | 404; message: string } | null => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== RELAY_PATH) {
      return { status: 404, message: 'No WebSocket here.' };
    }
    if (!isAllowedHost(req.headers.host, deps.port())) {
      return { status: 403, message: 'Host not allowed.' };
    }
    const origin = req.headers.origin;
    if (origin === undefined || !config.pwaOrigins.includes(origin)) {
      return { status: 403, message: 'Origin not allowed.' };
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!offered.includes(RELAY_SUBPROTOCOL)) {
      return { status: 400, message: `Offer the subprotocol ${RELAY_SUBPROTOCOL}.` };
    }
    const pairing = offered.filter((p) => p.startsWith(PAIRING_SUBPROTOCOL_PREFIX));
    const presented = pairing.length === 1 ? (pairing[0] ?? '').slice(PAIRING_SUBPROTOCOL_PREFIX.length) : '';
    // Compare even when nothing was presented, so timing says nothing about the secret.
    const matches = safeEqual(presented, deps.pairingSecret);
    if (!matches || presented === '') {
      return { status: 401, message: 'Pair the softphone with the companion first.' };
    }
    return null;
  };

  const otherLink = (): OtherLink => (relay.link === null ? 'none' : relay.isResponsive ? 'live' : 'silent');

  /**
   * With another window linked, the socket must come from the companion's own OS user; it then carries
   * the fresh pairing confirmation, if there is one, to its hello. Without one, nothing is looked up.
   */
  const admitBeside = async (req: IncomingMessage): Promise<{ isTakeOverConfirmed: boolean } | string> => {
    if (relay.link === null) {
      return { isTakeOverConfirmed: false };
    }
    const verdict = await deps.takeOver.sameUser.check({
      localPort: req.socket.localPort ?? 0,
      remotePort: req.socket.remotePort ?? 0,
    });
    const refused = refusalOf(verdict);
    return refused ? refused.message : { isTakeOverConfirmed: deps.takeOver.consumeConfirmation() };
  };

  const onConnection = (ws: WebSocket, isTakeOverConfirmed: boolean): void => {
    const id = nextLinkId++;
    let state: SocketLinkState = INITIAL_SOCKET_LINK;
    let link: PwaLink | null = null;
    const timers: { hello?: TimerHandle; pinging?: TimerHandle; pongDue?: TimerHandle } = {};
    const limits = { maxMissedPongs: config.relay.maxMissedPongs };

    const send = (frame: ToPwa): void => ws.send(JSON.stringify(frame));
    const dispatch = (event: SocketLinkEvent): void => {
      const step = reduceSocketLink(state, event, clock.now(), limits);
      if (isInvalid(step)) {
        log.error(`invalid relay socket transition: ${step.reason}`, {
          link: id,
          state: state.state,
          event: event.type,
        });
        return;
      }
      state = step.state;
      for (const effect of step.effects) {
        run(effect);
      }
    };
    const stopTimers = (): void => {
      timers.hello?.cancel();
      timers.pinging?.cancel();
      timers.pongDue?.cancel();
    };
    const run = (effect: SocketLinkEffect): void => {
      switch (effect.type) {
        case 'welcome':
          timers.hello?.cancel();
          send({
            type: 'welcome',
            v: PROTOCOL_VERSION,
            protocol: PROTOCOL_VERSION,
            companionVersion: deps.companionVersion,
          });
          return;
        case 'attach':
          link = linkOf(state);
          relay.attach(link);
          return;
        case 'forward':
          if (link) {
            relay.onFrame(link, effect.frame);
          }
          return;
        case 'ping':
          send({ type: 'ping', v: PROTOCOL_VERSION, t: clock.now() });
          return;
        case 'startPinging':
          timers.pinging = every(clock, config.relay.pingIntervalMs, () => dispatch({ type: 'pingDue' }));
          return;
        case 'expectPong':
          timers.pongDue?.cancel();
          timers.pongDue = clock.setTimeout(() => dispatch({ type: 'pongOverdue' }), config.relay.unresponsiveAfterMs);
          return;
        case 'setResponsive':
          if (link) {
            relay.setResponsive(link, effect.isResponsive);
          }
          return;
        case 'close':
          stopTimers();
          if (effect.isProtocolError) {
            log.warn('closing the relay link', { link: id, code: effect.code, reason: effect.reason });
          }
          ws.close(effect.code, reasonText(effect.reason));
          // A peer that ignores the close handshake is cut off.
          clock.setTimeout(() => ws.terminate(), 2_000);
          return;
        case 'detach':
          if (link) {
            relay.detach(link, effect.code, effect.reason);
          }
          return;
        default: {
          const never: never = effect;
          return never;
        }
      }
    };
    const linkOf = (linked: SocketLinkState): PwaLink => {
      if (linked.state !== 'linked') {
        throw new Error(`attach while ${linked.state}`);
      }
      return {
        id,
        appVersion: linked.appVersion,
        windowId: linked.windowId,
        connectedAt: linked.linkedAt,
        send,
        close: (code, reason) => dispatch({ type: 'closeRequested', code, reason }),
      };
    };

    timers.hello = clock.setTimeout(() => dispatch({ type: 'helloTimeout' }), config.relay.helloTimeoutMs);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary
        ? null
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(data as Buffer[]).toString('utf8');
      dispatch(socketLinkEventOf(text, { otherLink, isTakeOverConfirmed }));
    });
    ws.on('close', (code: number, reason: Buffer) => {
      stopTimers();
      dispatch({ type: 'socketClosed', code, reason: reason.toString() });
    });
    ws.on('error', (err) => {
      // ws reports oversize frames (1009) and protocol violations here, then closes the socket.
      log.warn('relay socket error', { link: id, err });
    });
  };

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      const refused = check(req);
      if (refused) {
        log.warn('refused a relay WebSocket', {
          status: refused.status,
          reason: refused.message,
          origin: req.headers.origin,
          host: req.headers.host,
        });
        reject(socket, refused.status, refused.message);
        return;
      }
      void admitBeside(req).then((admitted) => {
        if (typeof admitted === 'string') {
          log.warn('refused a relay WebSocket beside the linked window', { status: 403, reason: admitted });
          reject(socket, 403, admitted);
        } else if (!socket.destroyed) {
          wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, admitted.isTakeOverConfirmed));
        }
      });
    },
    closeAll(code, reason) {
      for (const ws of wss.clients) {
        ws.close(code, reasonText(reason));
      }
      wss.close();
    },
  };
}
