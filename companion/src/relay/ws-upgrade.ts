/**
 * The relay WebSocket: authenticates the HTTP upgrade (path, Host, Origin = a PWA origin, the
 * `wgb-relay.1` subprotocol and the `pair.<secret>` subprotocol compared in constant time), runs the
 * hello/welcome handshake, parses every frame, and keeps the link alive with app-level pings.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CLOSE_CODES,
  PAIRING_SUBPROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  RELAY_PATH,
  RELAY_SUBPROTOCOL,
  parseFromPwa,
  type ToPwa,
} from '../../../protocol/src/index.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Config } from '../config.ts';
import { isAllowedHost } from '../http/guards.ts';
import type { Logger } from '../log.ts';
import { safeEqual } from '../pairing.ts';
import type { PwaLink, Relay } from './relay.ts';

export const MAX_FRAME_BYTES = 64 * 1024;

export interface RelayServerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  relay: Relay;
  pairingSecret: string;
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

  const onConnection = (ws: WebSocket): void => {
    const id = nextLinkId++;
    let link: PwaLink | null = null;
    let missedPongs = 0;
    let heartbeat: TimerHandle | undefined;
    let pongOverdue: TimerHandle | undefined;
    let closing = false;

    const send = (frame: ToPwa): void => ws.send(JSON.stringify(frame));
    const close = (code: number, reason: string): void => {
      if (closing) {
        return;
      }
      closing = true;
      clock.clearTimeout(helloTimer);
      clock.clearInterval(heartbeat);
      clock.clearTimeout(pongOverdue);
      ws.close(code, reasonText(reason));
      // A peer that ignores the close handshake is cut off.
      clock.setTimeout(() => ws.terminate(), 2_000);
    };
    const protocolError = (code: number, reason: string): void => {
      log.warn('closing the relay link', { link: id, code, reason });
      close(code, reason);
    };

    /** Re-armed by every pong: the PWA's event loop ran within `unresponsiveAfterMs`. */
    const expectPong = (linked: PwaLink): void => {
      clock.clearTimeout(pongOverdue);
      pongOverdue = clock.setTimeout(() => relay.setResponsive(linked, false), config.relay.unresponsiveAfterMs);
    };

    const helloTimer = clock.setTimeout(() => protocolError(1008, 'no hello frame'), config.relay.helloTimeoutMs);

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (closing) {
        return;
      }
      if (isBinary) {
        protocolError(CLOSE_CODES.BAD_FRAME, 'binary frames are not part of the protocol');
        return;
      }
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      if (link === null) {
        const major = helloMajor(text);
        if (major !== null && major !== PROTOCOL_VERSION) {
          protocolError(
            CLOSE_CODES.PROTOCOL_MISMATCH,
            `protocol ${major} is not supported; the companion speaks ${PROTOCOL_VERSION}`,
          );
          return;
        }
      }
      const parsed = parseFromPwa(text);
      if (!parsed.ok) {
        protocolError(CLOSE_CODES.BAD_FRAME, `bad frame: ${parsed.reason}`);
        return;
      }
      const frame = parsed.frame;
      if (link === null) {
        if (frame.type !== 'hello') {
          protocolError(CLOSE_CODES.BAD_FRAME, 'the first frame must be hello');
          return;
        }
        clock.clearTimeout(helloTimer);
        link = {
          id,
          appVersion: frame.appVersion,
          windowId: frame.windowId,
          connectedAt: clock.now(),
          send,
          close,
        };
        send({ type: 'welcome', v: 1, protocol: PROTOCOL_VERSION, companionVersion: deps.companionVersion });
        relay.attach(link);
        expectPong(link);
        heartbeat = clock.setInterval(() => {
          if (missedPongs >= config.relay.maxMissedPongs) {
            protocolError(CLOSE_CODES.HEARTBEAT_LOST, 'the PWA stopped answering pings');
            return;
          }
          missedPongs++;
          send({ type: 'ping', v: 1, t: clock.now() });
        }, config.relay.pingIntervalMs);
        return;
      }
      switch (frame.type) {
        case 'hello':
          protocolError(CLOSE_CODES.BAD_FRAME, 'hello was already received');
          return;
        case 'pong':
          missedPongs = 0;
          expectPong(link);
          relay.setResponsive(link, true);
          return;
        case 'response':
        case 'event':
          relay.onFrame(link, frame);
          return;
        default: {
          const never: never = frame;
          return never;
        }
      }
    });

    ws.on('close', (code: number, reason: Buffer) => {
      closing = true;
      clock.clearTimeout(helloTimer);
      clock.clearInterval(heartbeat);
      clock.clearTimeout(pongOverdue);
      if (link) {
        relay.detach(link, code, reason.toString());
      }
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
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
    },
    closeAll(code, reason) {
      for (const ws of wss.clients) {
        ws.close(code, reasonText(reason));
      }
      wss.close();
    },
  };
}

/** The `protocol` of a hello frame, if the text looks like one (checked before full validation). */
function helloMajor(text: string): number | null {
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
