/**
 * createCompanion builds the whole companion (HTTP edge, relay, WWE session) around an HTTPS server
 * it never listens on: main.ts listens on 127.0.0.1:8000, tests on 127.0.0.1:0.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CLOSE_CODES, type PhoneSnapshot } from '../../protocol/src/index.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { pageRoutes } from './dashboard.ts';
import { EventHub } from './events.ts';
import { errorMiddleware } from './http/errors.ts';
import { authorize, hostGuard, originGuard, rateLimit, requireJson } from './http/guards.ts';
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
import { HttpError } from './http/errors.ts';

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
  const port = (): number => {
    const address = server.address() as AddressInfo | null;
    return address?.port ?? config.port;
  };

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

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    next();
  });
  app.use(hostGuard({ port, log: httpLog }));
  app.use(rateLimit({ limits: config.limits, clock, log: httpLog }));
  app.use(originGuard({ config, port, log: httpLog }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const route = lookup(req.method, req.path);
    if (!route) {
      httpLog.info('unknown service', { method: req.method, path: req.path, origin: req.headers.origin });
      next(new RelayError('BAD_REQUEST', `Unknown service: ${req.method} ${req.path}`));
      return;
    }
    try {
      authorize(route, req, res, config);
      if (route.method === 'POST') {
        requireJson(req);
      }
    } catch (err) {
      if (err instanceof HttpError) {
        httpLog.warn('refused a request', {
          method: req.method,
          path: req.path,
          origin: req.headers.origin,
          reason: err.message,
        });
      }
      next(err);
      return;
    }
    res.locals.route = route;
    next();
  });
  app.use(express.json({ limit: config.limits.bodyBytes, type: 'application/json', strict: true }));
  app.use(async (req: Request, res: Response) => {
    const route = res.locals.route as Route;
    const body: unknown = req.method === 'POST' ? (req.body as unknown) : undefined;
    if (route.grade === 'GUESS') {
      httpLog.warn('guessed WWE route hit: this request is evidence, keep it', {
        method: req.method,
        path: req.path,
        origin: req.headers.origin,
        headers: req.headers,
        body,
      });
    } else {
      httpLog.debug('request', { method: req.method, path: req.path, origin: req.headers.origin });
    }
    const result = await route.handle({ req, res, body });
    if (result !== HANDLED) {
      res.status(200).type('application/json').send(JSON.stringify(result));
    }
  });
  app.use(errorMiddleware(httpLog));

  server.on('request', app);
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
  relay.on('connected', (link) =>
    hub.publish({ type: 'pwa-link', at: clock.now(), state: 'connected', appVersion: link.appVersion }),
  );
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
        hub.publish({ type: 'call', at, call: { ...gone, state: 'ended', endedAt: gone.endedAt ?? at } });
      }
    }
  });
  session.on('change', (state) => {
    hub.publish({ type: 'wwe-session', at: clock.now(), state: state.state, periodMs: session.pingPeriodMs });
    if (state.state === 'lost' && config.wwe.onSessionLost === 'unregister' && desired.current) {
      log.warn('WWE session lost: unregistering the DN (wwe.onSessionLost = unregister)');
      desired.unregister().catch((err: unknown) => log.warn('unregister after WWE session loss failed', { err }));
    }
  });
}
