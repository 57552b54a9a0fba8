/**
 * Rate limits (express-rate-limit, fixed windows in memory) that protect WWE instead of starving it.
 * They run after the Host and Origin checks, so only admitted callers reach a bucket of their own:
 * one per allowed Origin, and one (`-`) for callers without an Origin (curl, address-bar
 * navigations). The keys are the configured origins plus `-`, so the table cannot grow. Refused
 * traffic (foreign Host or Origin) is counted in a separate bucket: a hostile page's flood is
 * answered 403 and then 429 while WWE's Ping keeps its full budget.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';
import type { Config } from '../config.ts';
import { HttpError, RefusedRequest } from './errors.ts';

const NO_ORIGIN = '-';

function limited(req: Request): HttpError {
  const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
  const seconds = info?.resetTime ? Math.ceil((info.resetTime.getTime() - Date.now()) / 1000) : 1;
  return new HttpError('RATE_LIMITED', 'Too many requests; slow down.', {
    'Retry-After': String(Math.max(1, seconds)),
  });
}

/** Shared options: no rate-limit headers on allowed answers, the 429 goes through the error middleware. */
function bucket(limits: Config['limits'], limit: number, keyGenerator: (req: Request) => string): RequestHandler {
  return rateLimit({
    windowMs: limits.rateWindowMs,
    limit,
    keyGenerator,
    standardHeaders: false,
    legacyHeaders: false,
    handler: (req, _res, next) => next(limited(req)),
    // The keys are origins, not client addresses (every caller is on loopback): the library's
    // IP-address and proxy checks do not apply.
    validate: false,
  });
}

/** One bucket per admitted Origin, and one for requests without Origin. */
export function admittedBuckets(limits: Config['limits']): RequestHandler {
  return bucket(limits, limits.ratePerOrigin, (req) => req.headers.origin ?? NO_ORIGIN);
}

/** Counts refusals of the Host/Origin checks in their own bucket; past its limit they are answered 429. */
export function refusedBucket(limits: Config['limits']): ErrorRequestHandler {
  const count = bucket(limits, limits.rateRefused, () => 'refused');
  return (err: unknown, req, res, next) => {
    if (!(err instanceof RefusedRequest)) {
      next(err);
      return;
    }
    void count(req, res, (over?: unknown) => next(over ?? err));
  };
}
