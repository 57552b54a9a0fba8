/**
 * createCompanion builds the whole companion (HTTP edge, relay, WWE session) around an HTTPS server
 * it never listens on: main.ts listens on 127.0.0.1:8000, tests on 127.0.0.1:0.
 *
 * The HTTP edge is one node:https handler (guards in a fixed order, then a route table), not Express:
 * WWE pings every 2 s for a whole shift and the endpoint must answer near the speed of a bare Node
 * server. Measured on the shipped bundle, Express 5's router and response helpers held Ping
 * throughput at 0.49× a bare server and the loaded RSS at 123 MB; this handler is at 0.8–1.3× and 63 MB
 * (docs/benchmarks.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import { CLOSE_CODES, endedCall, type PhoneSnapshot } from '../../protocol/src/index.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { pageRoutes } from './dashboard.ts';
import { EventHub } from './events.ts';
import { readJsonBody } from './http/body.ts';
import { HttpError, sendJson, writeError } from './http/errors.ts';
import { PortNames, authorize, checkHost, checkOrigin, rateLimit, requireJson } from './http/guards.ts';
import { HANDLED, type Route } from './http/route.ts';
import { extensionRoutes } from './http/routes-extension.ts';
import { guessedWweRoutes, wweRoutes } from './http/routes-wwe.ts';
import type { Logger } from './log.ts';
import { createOpener, type Opener } from './opener.ts';
import { Relay } from './relay/relay.ts';
import { createRelayServer } from './relay/ws-upgrade.ts';
import { DesiredRegistration } from './wwe/desired-registration.ts';
import { WweSession } from './wwe/session.ts';
import { RelayError } from '../../protocol/src/index.ts';

export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
  /** Intermediate/CA certificates to send with the leaf, if any. */
  ca?: string | Buffer;
}

export interface CompanionDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  tls: TlsMaterial;
  pairingSecret: string;
  companionVersion?: string;
  opener?: Opener;
}

export interface Companion {
  server: Server;
  relay: Relay;
  session: WweSession;
  desired: DesiredRegistration;
  hub: EventHub;
  /** Closes relay sockets (1001), event streams and the server. */
  close(): Promise<void>;
}

function routeKey(method: string, path: string): string {
  return `${method} ${path}`;
}

export function createCompanion(deps: CompanionDeps): Companion {
  const { config, clock } = deps;
  const log = deps.log;
  log.addSecret(deps.pairingSecret);
  if (config.extensionApi.token) {
    log.addSecret(config.extensionApi.token);
  }

  const server = createServer({ cert: deps.tls.cert, key: deps.tls.key, ca: deps.tls.ca, minVersion: 'TLSv1.2' });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // The listening port, read once the server listens (server.address() is a system call per use).
  let listeningPort: number | undefined;
  server.on('listening', () => {
    listeningPort = (server.address() as AddressInfo | null)?.port;
  });
  server.on('close', () => {
    listeningPort = undefined;
  });
  const port = (): number => listeningPort ?? (server.address() as AddressInfo | null)?.port ?? config.port;
  const names = new PortNames(port);

  const hub = new EventHub(config.recentEvents);
  const relay = new Relay({ log: log.child('relay'), clock, timeoutsMs: config.relay.commandTimeoutsMs });
  const session = new WweSession({
    clock,
    log: log.child('wwe'),
    defaultPingPeriodMs: config.wwe.defaultPingPeriodMs,
    defaultMaxFailedPing: config.wwe.maxFailedPing,
  });
  const opener = deps.opener ?? createOpener({ config, log: log.child('opener'), clock });
  const desired = new DesiredRegistration({ relay, log: log.child('wwe'), hub, clock, opener });
  publishTransitions({ relay, session, hub, clock, desired, config, log });

  const streams = new Set<{ end(): void }>();
  const routes: Route[] = [
    ...wweRoutes({ relay, desired, session }),
    ...guessedWweRoutes({ relay, desired, session }),
    ...extensionRoutes({ relay, hub, clock, streams }),
    ...pageRoutes({
      config,
      clock,
      log: log.child('pages'),
      relay,
      desired,
      session,
      hub,
      pairingSecret: deps.pairingSecret,
      certificatePem: deps.tls.cert,
    }),
  ];
  const table = new Map(routes.map((route) => [routeKey(route.method, route.path), route]));
  const httpLog = log.child('http');

  const lookup = (method: string, path: string): Route | undefined => {
    const m = method === 'HEAD' ? 'GET' : method;
    // Non-strict trailing slash: `/RegisterDn` reaches `/RegisterDn/` (wwe-protocol §2). Case is exact.
    const alternate = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : `${path}/`;
    return table.get(routeKey(m, path)) ?? table.get(routeKey(m, alternate));
  };

  const limitRate = rateLimit({ limits: config.limits, clock, log: httpLog });

  /** The guards in their order (README "Security rules"); null when the request was answered (preflight). */
  const admit = (req: IncomingMessage, res: ServerResponse, method: string, path: string): Route | null => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    checkHost(req, path, names, httpLog);
    limitRate(req);
    const info = checkOrigin(req, res, path, { config, names, log: httpLog });
    if (info === null) {
      return null;
    }
    const route = lookup(method, path);
    if (!route) {
      httpLog.info('unknown service', { method, path, origin: req.headers.origin });
      throw new RelayError('BAD_REQUEST', `Unknown service: ${method} ${path}`);
    }
    try {
      authorize(route, method, info, config);
      if (route.method === 'POST') {
        requireJson(req);
      }
    } catch (err) {
      if (err instanceof HttpError) {
        httpLog.warn('refused a request', { method, path, origin: req.headers.origin, reason: err.message });
      }
      throw err;
    }
    return route;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, route: Route, path: string, search: string) => {
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readJsonBody(req, config.limits.bodyBytes) : undefined;
    if (route.grade === 'GUESS') {
      httpLog.warn('guessed WWE route hit: this request is evidence, keep it', {
        method,
        path,
        origin: req.headers.origin,
        headers: req.headers,
        body,
      });
    } else if (httpLog.enabled('debug')) {
      httpLog.debug('request', { method, path, origin: req.headers.origin });
    }
    const query: ParsedUrlQuery = search === '' ? {} : parseQuery(search);
    const result: unknown = await route.handle({ req, res, body, query });
    if (result !== HANDLED) {
      sendJson(res, 200, JSON.stringify(result));
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const { path, search } = splitUrl(req.url ?? '/');
    let route: Route | null;
    try {
      route = admit(req, res, method, path);
    } catch (err) {
      writeError(err, req, path, res, httpLog);
      return;
    }
    if (route) {
      serve(req, res, route, path, search).catch((err: unknown) => writeError(err, req, path, res, httpLog));
    }
  };

  server.on('request', onRequest);
  const relayServer = createRelayServer({
    config,
    log: log.child('relay'),
    clock,
    relay,
    pairingSecret: deps.pairingSecret,
    port,
    companionVersion: deps.companionVersion ?? '0.0.0',
  });
  server.on('upgrade', (req, socket, head) => relayServer.handleUpgrade(req, socket, head));
  server.on('tlsClientError', (err) => log.debug('TLS handshake failed', { err: err.message }));

  return {
    server,
    relay,
    session,
    desired,
    hub,
    close: () =>
      new Promise<void>((resolve) => {
        session.stop();
        relayServer.closeAll(CLOSE_CODES.GOING_AWAY, 'the companion is shutting down');
        relay.close();
        for (const stream of streams) {
          stream.end();
        }
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Turns relay and session transitions into dashboard/SSE events and logs. */
function publishTransitions(deps: {
  relay: Relay;
  session: WweSession;
  hub: EventHub;
  clock: Clock;
  desired: DesiredRegistration;
  config: Config;
  log: Logger;
}): void {
  const { relay, session, hub, clock, desired, config, log } = deps;
  relay.on('connected', (link) => {
    hub.publish({ type: 'pwa-link', at: clock.now(), state: 'connected', appVersion: link.appVersion });
    link.send({ type: 'wwe', v: 1, session: session.state.state });
  });
  relay.on('disconnected', (_link, info) =>
    hub.publish({ type: 'pwa-link', at: clock.now(), state: 'disconnected', code: info.code }),
  );
  relay.on('snapshot', (current: PhoneSnapshot | null, previous: PhoneSnapshot | null) => {
    const at = clock.now();
    const reg = current?.registration ?? null;
    if (JSON.stringify(reg) !== JSON.stringify(previous?.registration ?? null)) {
      log.info('registration changed', { state: reg?.state ?? 'no PWA', dn: reg && 'dn' in reg ? reg.dn : undefined });
      hub.publish({ type: 'registration', at, registration: reg });
    }
    const before = new Map((previous?.calls ?? []).map((call) => [call.callId, call]));
    for (const call of current?.calls ?? []) {
      if (JSON.stringify(before.get(call.callId)) !== JSON.stringify(call)) {
        hub.publish({ type: 'call', at, call });
      }
      before.delete(call.callId);
    }
    for (const gone of before.values()) {
      if (gone.state !== 'ended') {
        hub.publish({ type: 'call', at, call: endedCall(gone, at, 'Terminated') });
      }
    }
  });
  session.on('change', (state) => {
    hub.publish({ type: 'wwe-session', at: clock.now(), state: state.state, periodMs: session.pingPeriodMs });
    relay.link?.send({ type: 'wwe', v: 1, session: state.state });
    if (state.state === 'lost' && config.wwe.onSessionLost === 'unregister' && desired.current) {
      log.warn('WWE session lost: unregistering the DN (wwe.onSessionLost = unregister)');
      desired.unregister().catch((err: unknown) => log.warn('unregister after WWE session loss failed', { err }));
    }
  });
}

/**
 * Path and query string of a request target, as Express's `req.path` (parseurl) saw them: the origin-form
 * fast path, and the WHATWG URL parser for anything else (absolute-form, `#`, odd whitespace).
 */
export function splitUrl(url: string): { path: string; search: string } {
  if (url.startsWith('/') && !/[\s#\u00a0\ufeff]/.test(url)) {
    const q = url.indexOf('?');
    return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q + 1) };
  }
  try {
    const parsed = new URL(url, 'http://companion.invalid');
    return { path: parsed.pathname, search: parsed.search.slice(1) };
  } catch {
    return { path: url, search: '' };
  }
}
