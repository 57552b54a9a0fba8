/**
 * Security headers of the companion's own pages, by helmet: a strict CSP whose only script and style
 * are the page's own, nonce-tagged; no framing; no referrer. Each page gets a fresh nonce.
 */
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The CSP nonce of this page answer (set by pageHeaders). */
export function cspNonce(res: Response): string {
  return res.locals.cspNonce as string;
}

export function pageHeaders(): RequestHandler[] {
  const nonce = (_req: unknown, res: unknown): string => `'nonce-${cspNonce(res as Response)}'`;
  const setNonce: RequestHandler = (_req: Request, res: Response, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: [nonce],
        styleSrc: [nonce],
        connectSrc: ["'self'"],
        imgSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS on a loopback name would pin every other local server on that name to HTTPS.
    strictTransportSecurity: false,
    // The PWA watches its pairing pop-up (window.closed) and closes it after the claim; a COOP
    // browsing-context swap would cut that handle.
    crossOriginOpenerPolicy: false,
  });
  return [setNonce, headers];
}
