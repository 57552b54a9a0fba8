/**
 * The HTTP edge's guards, in the order they run: Host allowlist (DNS rebinding), rate limit, Origin
 * allowlist with CORS (every request, server-side), per-route access, JSON-only bodies with a size cap.
 * They work on Node's own request/response objects and run once per request in app.ts; each refusal is
 * thrown as an HttpError that the single error writer (errors.ts) turns into the JSON error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { safeEqual } from '../pairing.ts';
import { HttpError } from './errors.ts';
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

/** Host allowlist: anything but `127.0.0.1:<port>` / `localhost:<port>` is refused (DNS rebinding). */
export function checkHost(req: IncomingMessage, path: string, names: PortNames, log: Logger): void {
  const host = req.headers.host;
  if (host === undefined || !names.hosts().has(host.toLowerCase())) {
    log.warn('rejected a request with a foreign Host', { host, path });
    throw new HttpError('FORBIDDEN', 'Host not allowed.');
  }
}

/** Fixed-window limits per Origin (or "no origin") and in total; the returned check throws RATE_LIMITED. */
export function rateLimit(deps: {
  limits: Config['limits'];
  clock: Clock;
  log: Logger;
}): (req: IncomingMessage) => void {
  const { limits, clock } = deps;
  let windowStart = clock.now();
  let total = 0;
  const perKey = new Map<string, number>();
  return (req) => {
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
      throw new HttpError('RATE_LIMITED', 'Too many requests; slow down.', { 'Retry-After': String(retry) });
    }
  };
}

export interface OriginInfo {
  origin: string | undefined;
  wwe: boolean;
  extension: boolean;
  self: boolean;
  tokenOk: boolean;
}

export function describeOrigin(req: IncomingMessage, config: Config, selfOriginSet: Set<string>): OriginInfo {
  const origin = req.headers.origin;
  const ext = config.extensionApi;
  const token = req.headers[TOKEN_HEADER_LC];
  return {
    origin,
    wwe: origin !== undefined && config.wweOrigins.includes(origin),
    extension: ext.enabled && origin !== undefined && ext.origins.includes(origin),
    self: origin !== undefined && selfOriginSet.has(origin),
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
 * Returns the origin facts, or null when the request (a preflight) has been answered.
 */
export function checkOrigin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: { config: Config; names: PortNames; log: Logger },
): OriginInfo | null {
  const info = describeOrigin(req, deps.config, deps.names.origins());
  res.setHeader('Vary', 'Origin');
  if (info.origin === undefined) {
    if (req.method === 'OPTIONS') {
      res.writeHead(200).end();
      return null;
    }
    return info;
  }
  if (!corsAllowed(info)) {
    deps.log.warn('rejected a request from a foreign Origin', { origin: info.origin, method: req.method, path });
    throw new HttpError('FORBIDDEN', 'Origin not allowed.');
  }
  res.setHeader('Access-Control-Allow-Origin', info.origin);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', info.extension ? `Content-Type, ${TOKEN_HEADER}` : 'Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
    if (req.headers['access-control-request-private-network'] === 'true') {
      res.setHeader('Access-Control-Allow-Private-Network', 'true');
    }
    res.writeHead(200).end();
    return null;
  }
  return info;
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

export function authorize(route: Route, method: string, info: OriginInfo, config: Config): void {
  const reason = refusal(route.access, method === 'HEAD' ? 'GET' : method, info, config);
  if (reason) {
    throw new HttpError('FORBIDDEN', reason);
  }
}

/** True when the request carries a body (type-is `hasBody`: a Transfer-Encoding or a numeric Content-Length). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const TYPE_RE = new RegExp(`^${TOKEN}/${TOKEN}$`);
const PARAM_RE = new RegExp(
  `; *(${TOKEN}) *= *("(?:[\\u000b\\u0020\\u0021\\u0023-\\u005b\\u005d-\\u007e\\u0080-\\u00ff]|\\\\[\\u000b\\u0020-\\u00ff])*"|${TOKEN}) *`,
  'gy',
);

// eslint-disable-next-line no-control-regex -- RFC 7230 quoted-pair admits VT (\x0b), as `content-type` does
const QUOTED_PAIR = /\\([\u000b\u0020-\u00ff])/g;

/**
 * Parses a Content-Type value as strictly as the `content-type` package (RFC 7231 media type): the type
 * lower-cased, parameter names lower-cased, quoted values unquoted. Null when it does not parse.
 */
export function parseContentType(value: string): { type: string; params: Record<string, string> } | null {
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim();
  if (!TYPE_RE.test(type)) {
    return null;
  }
  const params: Record<string, string> = {};
  if (semi !== -1) {
    const rest = value.slice(semi);
    PARAM_RE.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = PARAM_RE.exec(rest)) !== null) {
      const raw = match[2] ?? '';
      params[(match[1] ?? '').toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(QUOTED_PAIR, '$1') : raw;
      if (PARAM_RE.lastIndex === rest.length) {
        break;
      }
    }
    if (PARAM_RE.lastIndex !== rest.length) {
      return null;
    }
  }
  return { type: type.toLowerCase(), params };
}

/** True when the request has a body (see hasBody) whose Content-Type is application/json (type-is `req.is`). */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return hasBody(req) && type !== undefined && parseContentType(type)?.type === 'application/json';
}

/** POST bodies must be JSON (this is what forces a preflight); other types change nothing. */
export function requireJson(req: IncomingMessage): void {
  const withBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const type = req.headers['content-type'];
  if ((type !== undefined || withBody) && !isJsonRequest(req)) {
    throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
}
