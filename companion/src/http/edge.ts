/**
 * The HTTP edge: one Express 5 app, the request handler of the companion's node:https server. Fixed
 * order (README "Security rules"): common headers → Host → Origin and CORS → the admitted caller's
 * rate-limit bucket → preflight answer → the router built from the route rows (per row: access rule,
 * JSON-only body with size and time limits, handler) → "Unknown service" → refusal log → refused
 * bucket → the single error writer.
 */
import express, { type Express, type RequestHandler, type Response, type Router } from 'express';
import { RelayError, redact } from '../../../protocol/src/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { HttpError, RefusedRequest, errorMiddleware } from './errors.ts';
import { authorize, hostGuard, originGuard, originOf, preflight, requireJson, type PortNames } from './guards.ts';
import { admittedBuckets, refusedBucket } from './limits.ts';
import { pageHeaders } from './page-headers.ts';
import { FirstOfKindLog, GUESS_SUMMARY, REFUSAL_SUMMARY } from './first-of-kind-log.ts';
import { HANDLED, type Route } from './route.ts';

export interface EdgeDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  names: PortNames;
  routes: readonly Route[];
}

export interface Edge {
  app: Express;
  /** From now on every request is answered 503; resolves once the answers in flight are written. */
  drain(graceMs: number): Promise<void>;
  /** Writes the pending summaries (refusals, guessed-route hits). */
  close(): void;
}

/** express.json behind a deadline: a body that has not fully arrived in `ms` is answered 408. */
function readJson(limits: Config['limits'], clock: Clock): RequestHandler {
  const parse = express.json({ limit: limits.bodyBytes, type: 'application/json', strict: true });
  return (req, res, next) => {
    let done = false;
    const finish = (err?: unknown): void => {
      if (!done) {
        done = true;
        timer.cancel();
        next(err);
      }
    };
    const timer = clock.setTimeout(() => {
      res.set('Connection', 'close');
      finish(new HttpError('REQUEST_TIMEOUT', `The request body did not arrive within ${limits.bodyTimeoutMs} ms.`));
    }, limits.bodyTimeoutMs);
    void parse(req, res, finish);
  };
}

/** readJson for a request that declares a JSON body; anything else passes through unread. */
function readJsonIfSent(limits: Config['limits'], clock: Clock): RequestHandler {
  const read = readJson(limits, clock);
  return (req, res, next) => (req.is('application/json') ? read(req, res, next) : next());
}

/**
 * A guessed route's first hit in a window is evidence of its real shape and is logged whole (the
 * logger removes secrets); repeats — WWE moving a volume slider — are counted in the window's summary.
 */
function serve(route: Route, log: Logger, guesses: FirstOfKindLog): RequestHandler {
  return async (req, res) => {
    const body: unknown = req.method === 'POST' ? req.body : undefined;
    if (route.grade === 'GUESS') {
      guesses.record(`guessed WWE route hit: ${route.method} ${route.path}`, {
        method: req.method,
        path: req.path,
        origin: req.headers.origin,
        headers: req.headers,
        body,
      });
    } else if (log.enabled('debug')) {
      log.debug('request', { method: req.method, path: req.path, origin: req.headers.origin });
    }
    const fromWwe = originOf(res).wwe;
    const result: unknown = await route.handle({ req, res, body, query: req.query, fromWwe });
    if (result !== HANDLED) {
      res.json(result);
    }
  };
}

/** How much of an unknown call's body is logged (redacted first, then cut). */
const LOGGED_BODY_CHARS = 500;

const ROUTER_METHOD = { GET: 'get', POST: 'post', DELETE: 'delete' } as const;

/** One router from the route rows: exact case, optional trailing slash (`/RegisterDn` = `/RegisterDn/`). */
function routeRouter(deps: EdgeDeps, guesses: FirstOfKindLog): Router {
  const router = express.Router({ caseSensitive: true, strict: false });
  const page = pageHeaders();
  const body = [requireJson, readJson(deps.config.limits, deps.clock)];
  for (const route of deps.routes) {
    const chain: RequestHandler[] = [
      authorize(route, deps.config),
      ...(route.method === 'POST' ? body : []),
      ...(route.access === 'page' ? page : []),
      serve(route, deps.log, guesses),
    ];
    router[ROUTER_METHOD[route.method]](route.path, ...chain);
  }
  return router;
}

export function createEdge(deps: EdgeDeps): Edge {
  const { config, clock, log, names } = deps;
  const windowMs = config.limits.rateWindowMs;
  const refusals = new FirstOfKindLog({ log, clock, windowMs, summary: REFUSAL_SUMMARY });
  const guesses = new FirstOfKindLog({ log, clock, windowMs, summary: GUESS_SUMMARY });
  const inFlight = new Set<Response>();
  let draining = false;
  let drained: (() => void) | undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    if (draining) {
      res.set('Connection', 'close');
      throw new HttpError('SHUTTING_DOWN', 'The companion is shutting down.');
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) {
        drained?.();
      }
    });
    next();
  });
  app.use(hostGuard(names));
  app.use(originGuard({ config, names }));
  app.use(admittedBuckets(config.limits));
  app.use(preflight);
  app.use(routeRouter(deps, guesses));
  app.use(readJsonIfSent(config.limits, clock), (req) => {
    // An admitted origin calling a path we do not serve is evidence of an API we do not know yet (a
    // newer WWE or Agent Workspace): each distinct call is logged in full once per window, with its
    // JSON body (the logger removes secrets). The per-origin rate limit bounds how many distinct ones
    // a window can hold.
    const call = `unknown service ${req.method} ${req.path.slice(0, 200)}`;
    const body = req.body === undefined ? {} : { body: JSON.stringify(redact(req.body)).slice(0, LOGGED_BODY_CHARS) };
    refusals.record(call, { method: req.method, path: req.path, origin: req.headers.origin, ...body }, 'info');
    throw new RelayError('BAD_REQUEST', `Unknown service: ${req.method} ${req.path}`);
  });
  app.use(((err: unknown, req, _res, next) => {
    if (err instanceof RefusedRequest) {
      refusals.record(`rejected a request: ${String(err.facts.reason)}`, err.facts);
    } else if (err instanceof HttpError) {
      refusals.record(`refused a request: ${err.code}`, {
        method: req.method,
        path: req.path,
        origin: req.headers.origin,
        reason: err.message,
      });
    }
    next(err);
  }) satisfies express.ErrorRequestHandler);
  app.use(refusedBucket(config.limits));
  app.use(errorMiddleware(log));

  return {
    app,
    drain: (graceMs) => {
      draining = true;
      if (inFlight.size === 0) {
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = clock.setTimeout(resolve, graceMs);
        drained = () => {
          timer.cancel();
          resolve();
        };
      });
    },
    close: () => {
      refusals.flush();
      guesses.flush();
    },
  };
}
