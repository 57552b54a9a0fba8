/**
 * The HTTP edge's guards as Express middleware, in the order they run (edge.ts): Host allowlist (DNS
 * rebinding, exactly one Host header), Origin allowlist with CORS (every request, server-side), then
 * the rate limit of admitted callers (limits.ts), the preflight answer, and per route: access rules
 * and JSON-only bodies. Every refusal is thrown; the single error middleware (errors.ts) writes it.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { safeEqual } from '../pairing.ts';
import { HttpError, RefusedRequest } from './errors.ts';
import type { Access, Route } from './route.ts';

export const TOKEN_HEADER = 'X-WGB-Token';
const TOKEN_HEADER_LC = TOKEN_HEADER.toLowerCase();

/** Loopback names the companion answers to; the port is the one it really listens on. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** The companion's own origins (its dashboard and pages). */
export function selfOrigins(port: number): Set<string> {
  return new Set([`https://127.0.0.1:${port}`, `https://localhost:${port}`]);
}

/**
 * The allowlists above for the port the server listens on, built once per port (not per request):
 * the port is fixed once the server listens, and tests listen on an ephemeral one.
 */
export class PortNames {
  #port = -1;
  #hosts = new Set<string>();
  #origins = new Set<string>();

  constructor(private readonly port: () => number) {}

  #refresh(): void {
    const port = this.port();
    if (port !== this.#port) {
      this.#port = port;
      this.#hosts = allowedHosts(port);
      this.#origins = selfOrigins(port);
    }
  }

  hosts(): Set<string> {
    this.#refresh();
    return this.#hosts;
  }

  origins(): Set<string> {
    this.#refresh();
    return this.#origins;
  }
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/** How many times `name` (lower case) occurs in the raw header list (Node keeps only the first Host). */
export function headerCount(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name) {
      count++;
    }
  }
  return count;
}

/**
 * Host allowlist: exactly one Host header, `127.0.0.1:<port>` or `localhost:<port>`; anything else is
 * refused (two Host headers: 400, RFC 9112 §3.2; a foreign one: 403, DNS rebinding).
 */
export function hostGuard(names: PortNames): RequestHandler {
  return (req, _res, next) => {
    const host = req.headers.host;
    if (headerCount(req.rawHeaders, 'host') > 1) {
      throw new RefusedRequest('BAD_REQUEST', 'Send exactly one Host header.', { reason: 'duplicate Host', host });
    }
    if (host === undefined || !names.hosts().has(host.toLowerCase())) {
      throw new RefusedRequest('FORBIDDEN', 'Host not allowed.', { reason: 'foreign Host', host, path: req.path });
    }
    next();
  };
}

export interface OriginInfo {
  origin: string | undefined;
  wwe: boolean;
  extension: boolean;
  self: boolean;
  /** One of the PWA's origins (only its pairing calls are served over HTTP). */
  pwa: boolean;
  tokenOk: boolean;
}

export function describeOrigin(req: Request, config: Config, selfOriginSet: Set<string>): OriginInfo {
  const origin = req.headers.origin;
  const ext = config.extensionApi;
  const token = req.headers[TOKEN_HEADER_LC];
  return {
    origin,
    wwe: origin !== undefined && config.wweOrigins.includes(origin),
    extension: ext.enabled && origin !== undefined && ext.origins.includes(origin),
    self: origin !== undefined && selfOriginSet.has(origin),
    pwa: origin !== undefined && config.pwaOrigins.includes(origin),
    tokenOk:
      ext.enabled &&
      ext.token !== undefined &&
      typeof token === 'string' &&
      token !== '' &&
      safeEqual(token, ext.token),
  };
}

/** The Origin facts originGuard found for this request. */
export function originOf(res: Response): OriginInfo {
  return res.locals.originInfo as OriginInfo;
}

/** Origins that get CORS headers at all. */
function corsAllowed(info: OriginInfo): boolean {
  return info.wwe || info.extension || info.self || info.pwa;
}

/** Methods that change state; GET, HEAD and OPTIONS never do. */
function changesState(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** Fetch metadata saying a browser sent this request from another site (absent from curl and old browsers). */
function sentCrossSite(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}

/**
 * The global Origin check and CORS headers. An Origin that is not a WWE origin, an enabled extension
 * origin, a PWA origin or the companion's own is refused (403, no CORS headers) whatever the path; so is a
 * state-changing request a browser marks cross-site but sends without Origin. Allowed origins get
 * `Access-Control-Allow-Origin: <origin>`; every answer varies on Origin.
 */
export function originGuard(deps: { config: Config; names: PortNames }): RequestHandler {
  return (req, res, next) => {
    const info = describeOrigin(req, deps.config, deps.names.origins());
    res.locals.originInfo = info;
    res.vary('Origin');
    if (info.origin === undefined) {
      if (changesState(req.method) && sentCrossSite(req)) {
        throw new RefusedRequest('FORBIDDEN', 'A cross-site request must carry an Origin header.', {
          reason: 'cross-site request without Origin',
          method: req.method,
          path: req.path,
        });
      }
      next();
      return;
    }
    if (!corsAllowed(info)) {
      throw new RefusedRequest('FORBIDDEN', 'Origin not allowed.', {
        reason: 'foreign Origin',
        origin: info.origin,
        method: req.method,
        path: req.path,
      });
    }
    res.set('Access-Control-Allow-Origin', info.origin);
    next();
  };
}

/** Answers every preflight (after the Origin check and the rate limit): 200 with the exact CORS grant. */
export const preflight: RequestHandler = (req, res, next) => {
  if (req.method !== 'OPTIONS') {
    next();
    return;
  }
  const info = originOf(res);
  if (info.origin !== undefined) {
    res.set({
      'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': info.extension ? `Content-Type, ${TOKEN_HEADER}` : 'Content-Type',
      'Access-Control-Max-Age': '600',
    });
    if (req.headers['access-control-request-private-network'] === 'true') {
      res.set('Access-Control-Allow-Private-Network', 'true');
    }
  }
  res.status(200).end();
};

/** Why `access` refuses this request, or null when it is allowed. */
export function refusal(access: Access, method: string, info: OriginInfo, config: Config): string | null {
  switch (access) {
    case 'wwe':
      if (info.origin !== undefined) {
        return info.wwe || (info.extension && info.tokenOk) ? null : 'Origin not allowed for the WWE API.';
      }
      return method === 'GET' || info.tokenOk ? null : `A POST without Origin needs a valid ${TOKEN_HEADER} header.`;
    case 'extension':
      if (!config.extensionApi.enabled) {
        return 'The extension API is disabled (extensionApi.enabled).';
      }
      if (info.origin !== undefined && !info.extension) {
        return 'Origin not allowed for the extension API.';
      }
      return info.tokenOk ? null : `Missing or wrong ${TOKEN_HEADER} header.`;
    case 'page':
      return info.origin === undefined || info.self ? null : 'Origin not allowed.';
    case 'same-origin':
      return info.self ? null : 'Only the companion’s own pages may do this.';
    case 'pwa':
      return info.pwa ? null : 'Only the softphone may do this.';
    default: {
      const never: never = access;
      return never;
    }
  }
}

/** The route's access rule, before any body is read. */
export function authorize(route: Route, config: Config): RequestHandler {
  return (req, res, next) => {
    const reason = refusal(route.access, req.method === 'HEAD' ? 'GET' : req.method, originOf(res), config);
    if (reason) {
      throw new HttpError('FORBIDDEN', reason);
    }
    next();
  };
}

/**
 * POST bodies must be JSON (this is what forces a preflight); a body of another type changes nothing.
 * A request with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112 §6.3): it is
 * given `Content-Length: 0`, so `curl -X POST -H 'Content-Type: application/json'` is an empty JSON body.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  const headers = req.headers;
  if (headers['transfer-encoding'] === undefined && headers['content-length'] === undefined) {
    headers['content-length'] = '0';
  }
  const withBody = headers['transfer-encoding'] !== undefined || Number(headers['content-length']) > 0;
  if ((headers['content-type'] !== undefined || withBody) && !req.is('application/json')) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  next();
};
