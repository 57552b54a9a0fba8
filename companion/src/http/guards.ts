/**
 * The HTTP edge's guards, in the order they run: Host allowlist (DNS rebinding), rate limit, Origin
 * allowlist with CORS (every request, server-side), per-route access, JSON-only bodies with a size cap.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { safeEqual } from '../pairing.ts';
import { HttpError } from './errors.ts';
import type { Access, Route } from './route.ts';

export const TOKEN_HEADER = 'X-WGB-Token';

/** Loopback names the companion answers to; the port is the one it really listens on. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** The companion's own origins (its dashboard and pages). */
export function selfOrigins(port: number): Set<string> {
  return new Set([`https://127.0.0.1:${port}`, `https://localhost:${port}`]);
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

export function hostGuard(deps: { port: () => number; log: Logger }): RequestHandler {
  return (req, _res, next) => {
    if (!isAllowedHost(req.headers.host, deps.port())) {
      deps.log.warn('rejected a request with a foreign Host', { host: req.headers.host, path: req.path });
      next(new HttpError('FORBIDDEN', 'Host not allowed.'));
      return;
    }
    next();
  };
}

/** Fixed-window limits per Origin (or "no origin") and in total. */
export function rateLimit(deps: { limits: Config['limits']; clock: Clock; log: Logger }): RequestHandler {
  const { limits, clock } = deps;
  let windowStart = clock.now();
  let total = 0;
  const perKey = new Map<string, number>();
  return (req, _res, next) => {
    const now = clock.now();
    if (now - windowStart >= limits.rateWindowMs) {
      windowStart = now;
      total = 0;
      perKey.clear();
    }
    const key = req.headers.origin ?? '-';
    const count = (perKey.get(key) ?? 0) + 1;
    perKey.set(key, count);
    total++;
    if (count > limits.ratePerOrigin || total > limits.rateTotal) {
      if (count === limits.ratePerOrigin + 1) {
        deps.log.warn('rate limit reached', { origin: key, windowMs: limits.rateWindowMs });
      }
      const retry = Math.max(1, Math.ceil((windowStart + limits.rateWindowMs - now) / 1000));
      next(new HttpError('RATE_LIMITED', 'Too many requests; slow down.', { 'Retry-After': String(retry) }));
      return;
    }
    next();
  };
}

interface OriginInfo {
  origin: string | undefined;
  wwe: boolean;
  extension: boolean;
  self: boolean;
  tokenOk: boolean;
}

export function describeOrigin(req: Request, config: Config, port: number): OriginInfo {
  const origin = req.headers.origin;
  const ext = config.extensionApi;
  const token = req.headers[TOKEN_HEADER.toLowerCase()];
  return {
    origin,
    wwe: origin !== undefined && config.wweOrigins.includes(origin),
    extension: ext.enabled && origin !== undefined && ext.origins.includes(origin),
    self: origin !== undefined && selfOrigins(port).has(origin),
    tokenOk:
      ext.enabled &&
      ext.token !== undefined &&
      typeof token === 'string' &&
      token !== '' &&
      safeEqual(token, ext.token),
  };
}

/** Origins that get CORS headers at all. */
function corsAllowed(info: OriginInfo): boolean {
  return info.wwe || info.extension || info.self;
}

/**
 * CORS and the global Origin check. A preflight from an allowed origin gets 200 with exact headers;
 * any request from an origin we do not know gets 403 and no CORS headers, whatever its path.
 */
export function originGuard(deps: { config: Config; port: () => number; log: Logger }): RequestHandler {
  return (req, res, next) => {
    const info = describeOrigin(req, deps.config, deps.port());
    res.locals.originInfo = info;
    res.vary('Origin');
    if (info.origin === undefined) {
      if (req.method === 'OPTIONS') {
        res.status(200).end();
        return;
      }
      next();
      return;
    }
    if (!corsAllowed(info)) {
      deps.log.warn('rejected a request from a foreign Origin', {
        origin: info.origin,
        method: req.method,
        path: req.path,
      });
      next(new HttpError('FORBIDDEN', 'Origin not allowed.'));
      return;
    }
    res.set('Access-Control-Allow-Origin', info.origin);
    if (req.method === 'OPTIONS') {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': info.extension ? `Content-Type, ${TOKEN_HEADER}` : 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
      if (req.headers['access-control-request-private-network'] === 'true') {
        res.set('Access-Control-Allow-Private-Network', 'true');
      }
      res.status(200).end();
      return;
    }
    next();
  };
}

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
    default: {
      const never: never = access;
      return never;
    }
  }
}

export function authorize(route: Route, req: Request, res: Response, config: Config): void {
  const info = res.locals.originInfo as OriginInfo;
  const reason = refusal(route.access, req.method === 'HEAD' ? 'GET' : req.method, info, config);
  if (reason) {
    throw new HttpError('FORBIDDEN', reason);
  }
}

/** POST bodies must be JSON (this is what forces a preflight); other types change nothing. */
export function requireJson(req: Request): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const type = req.headers['content-type'];
  if ((type !== undefined || hasBody) && !req.is('application/json')) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
}
