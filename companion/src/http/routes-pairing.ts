/**
 * The pairing routes (docs/protocol.md "Pairing"): the PWA starts a one-time request, asks with its
 * claim token whether the user confirmed (200 either way, so the PWA's console stays clean), and then
 * claims the secret with that token; between the two, the user types the code on the companion's own
 * page. Starting, confirming and claiming all come from a process of the companion's own OS user
 * (same-user.ts); the secret travels only in the claim's answer, with CORS for the PWA origin only.
 * The request store is pairing-requests.ts; this file only translates HTTP to it and back.
 */
import type { Request } from 'express';
import * as v from 'valibot';
import type { Logger } from '../log.ts';
import { pairingPage } from '../pairing.ts';
import { PAIRING_REQUEST_TTL_MS, PairingRefused, type PairingRequests } from '../pairing-requests.ts';
import { refusalOf, type SameUserCheck } from '../same-user.ts';
import { HttpError, parseBody } from './errors.ts';
import { cspNonce } from './page-headers.ts';
import { HANDLED, type Route } from './route.ts';

export interface PairingRoutesDeps {
  log: Logger;
  requests: PairingRequests;
  sameUser: SameUserCheck;
}

const ConfirmBody = v.object({ code: v.pipe(v.string(), v.maxLength(32)) });
const ClaimBody = v.object({ claimToken: v.pipe(v.string(), v.maxLength(128)) });

/** Throws unless the TCP peer of `req` belongs to the companion's own OS user. */
export async function requireSameUser(sameUser: SameUserCheck, req: Request, log: Logger): Promise<void> {
  const verdict = await sameUser.check({
    localPort: req.socket.localPort ?? 0,
    remotePort: req.socket.remotePort ?? 0,
  });
  const refused = refusalOf(verdict);
  if (refused) {
    log.warn('pairing step refused: not the companion’s OS user', { path: req.path, verdict: verdict.state });
    throw new HttpError(refused.code, refused.message);
  }
}

/** Runs a store step; its refusal becomes the HTTP error naming the problem. */
function step<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof PairingRefused) {
      throw new HttpError(err.code, err.message);
    }
    throw err;
  }
}

const idOf = (req: Request): string => String(req.params.id ?? '');

const refusedPage = (nonce: string, message: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pairing refused</title>
<style nonce="${nonce}">body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style>
</head><body><h1>Pairing refused</h1><p>${message} Start pairing again from the softphone (Settings → Pair with companion).</p></body></html>`;

export function pairingRoutes(deps: PairingRoutesDeps): Route[] {
  const { log, requests, sameUser } = deps;
  /** A POST served only to the companion's own OS user, its body parsed with `schema`. */
  const sameUserPost = <S extends v.GenericSchema>(
    path: string,
    access: Route['access'],
    schema: S,
    act: (req: Request, body: v.InferOutput<S>) => unknown,
  ): Route => ({
    method: 'POST',
    path,
    access,
    grade: 'OURS',
    handle: async ({ req, body }) => {
      await requireSameUser(sameUser, req, log);
      return act(req, parseBody(schema, body));
    },
  });
  return [
    sameUserPost('/pair/requests', 'pwa', v.unknown(), (req) => {
      const origin = String(req.headers.origin);
      const started = step(() => requests.start(origin));
      log.info('pairing request started', { pwaOrigin: origin, open: requests.size });
      return {
        requestId: started.id,
        code: started.code,
        claimToken: started.claimToken,
        expiresInSec: PAIRING_REQUEST_TTL_MS / 1000,
        confirmPath: `/pair?request=${started.id}`,
      };
    }),
    {
      method: 'GET',
      path: '/pair',
      access: 'page',
      grade: 'OURS',
      handle: ({ res, query }) => {
        const nonce = cspNonce(res);
        const requestId = typeof query.request === 'string' ? query.request : '';
        try {
          const pwaOrigin = requests.originOf(requestId);
          res.status(200).type('html').send(pairingPage({ requestId, pwaOrigin, nonce }));
        } catch (err) {
          if (!(err instanceof PairingRefused)) {
            throw err;
          }
          log.info('pairing page refused', { problem: err.code });
          res.status(404).type('html').send(refusedPage(nonce, err.message));
        }
        return HANDLED;
      },
    },
    sameUserPost('/pair/requests/:id/confirm', 'same-origin', ConfirmBody, (req, { code }) => {
      step(() => requests.confirm(idOf(req), code));
      log.info('pairing confirmed on the companion page');
      return { confirmed: true };
    }),
    sameUserPost('/pair/requests/:id/status', 'pwa', ClaimBody, (req, { claimToken }) => ({
      confirmed: step(() => requests.isConfirmed(idOf(req), claimToken, String(req.headers.origin))),
    })),
    sameUserPost('/pair/requests/:id/claim', 'pwa', ClaimBody, (req, { claimToken }) => {
      const secret = step(() => requests.claim(idOf(req), claimToken, String(req.headers.origin)));
      log.info('pairing claimed by the softphone', { pwaOrigin: req.headers.origin });
      return { secret };
    }),
  ];
}
