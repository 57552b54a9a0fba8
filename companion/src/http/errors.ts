/**
 * One error shape for every HTTP error: `{"error":{"code","message"}}`. Relay errors keep their
 * closed code set and status table (protocol/src/errors.ts); the HTTP edge adds its own few codes
 * for requests refused before any command is relayed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { RelayError, describeIssues } from '../../../protocol/src/index.ts';
import type { Logger } from '../log.ts';

export const EDGE_ERROR_STATUS = {
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
} as const;
export type EdgeErrorCode = keyof typeof EDGE_ERROR_STATUS;

/** A request refused at the HTTP edge (Host, Origin, media type, size, rate). */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly code: EdgeErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return EDGE_ERROR_STATUS[this.code];
  }
}

export function badRequest(message: string): RelayError {
  return new RelayError('BAD_REQUEST', message);
}

/** Parses a body with a schema; a failure is a 400 naming the first bad field. */
export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    throw badRequest(describeIssues(parsed.issues));
  }
  return parsed.output;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes a complete `application/json; charset=utf-8` answer (headers set earlier, e.g. CORS, are kept). */
export function sendJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, JSON.stringify({ error: { code, message } }));
}

/** A request body refused while reading it (body.ts); `type` names the case as body-parser did. */
export class BodyError extends Error {
  override readonly name = 'BodyError';

  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Body error types, mapped to the JSON error shape. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string } | undefined> = {
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send UTF-8 JSON.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send UTF-8 JSON.' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' },
};

/** The single error writer: every thrown error becomes `{"error":{"code","message"}}` (or a cut stream). */
export function writeError(err: unknown, req: IncomingMessage, path: string, res: ServerResponse, log: Logger): void {
  if (res.headersSent) {
    // A streamed response (SSE) failed midway: close the connection.
    res.destroy();
    return;
  }
  if (err instanceof RelayError) {
    sendError(res, err.httpStatus, err.code, err.message);
    return;
  }
  if (err instanceof HttpError) {
    for (const [name, value] of Object.entries(err.headers)) {
      res.setHeader(name, value);
    }
    sendError(res, err.status, err.code, err.message);
    return;
  }
  const known = err instanceof BodyError ? BODY_ERRORS[err.type] : undefined;
  if (known) {
    sendError(res, known.status, known.code, known.message);
    return;
  }
  log.error('unexpected error while handling a request', { method: req.method, path, err });
  sendError(res, 500, 'INTERNAL', 'Internal error in the companion; see its log.');
}
