/** One row of an HTTP route table. Access rules are declared per row and enforced before the body is read. */
import type { Request, Response } from 'express';

/**
 * - `wwe`: the WWE legacy API. Origin ∈ wweOrigins, or a valid X-WGB-Token; without an Origin header,
 *   GETs are allowed (status only) and POSTs need the token.
 * - `extension`: this product's extension API. Enabled in config, valid X-WGB-Token, and Origin absent
 *   or ∈ extensionApi.origins.
 * - `page`: HTML pages and their status JSON, for navigations (no Origin) or the companion's own origin.
 * - `same-origin`: state-changing calls from the companion's own pages (Origin = the companion).
 * - `pwa`: the softphone's pairing calls (Origin ∈ pwaOrigins).
 */
export type Access = 'wwe' | 'extension' | 'page' | 'same-origin' | 'pwa';

/**
 * Evidence grade of a route: LOG seen on the wire, DOC documented by Genesys, GUESS defined by WWE but
 * never seen sent, OURS this product's own (companion/README.md).
 */
export type Grade = 'LOG' | 'DOC' | 'GUESS' | 'OURS';

export interface RouteContext {
  req: Request;
  res: Response;
  /** The query string, parsed with `node:querystring` (a repeated key gives an array). */
  query: Request['query'];
  /** The parsed JSON body (`{}` for an empty one), or undefined when the request had none. */
  body: unknown;
  /** The request carries one of WWE's origins (only these are signs of life from WWE). */
  fromWwe: boolean;
}

/** Returned by handlers that wrote the response themselves (HTML, SSE). */
export const HANDLED = Symbol('handled');

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  access: Access;
  grade: Grade;
  handle(ctx: RouteContext): unknown;
}
