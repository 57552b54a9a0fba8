/**
 * One error shape for every HTTP error: `{"error":{"code","message"}}`. Relay errors keep their
 * closed code set and status table (protocol/src/errors.ts); the HTTP edge adds its own few codes
 * for requests refused before any command is relayed.
 */
import type { ErrorRequestHandler, Response } from 'express';
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

export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ error: { code, message } }));
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** body-parser's error types, mapped to the JSON error shape. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string } | undefined> = {
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send UTF-8 JSON.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send UTF-8 JSON.' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' },
};

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      // A streamed response (SSE) failed midway: let Express close the connection.
      next(err);
      return;
    }
    if (err instanceof RelayError) {
      sendError(res, err.httpStatus, err.code, err.message);
      return;
    }
    if (err instanceof HttpError) {
      res.set(err.headers);
      sendError(res, err.status, err.code, err.message);
      return;
    }
    const known = BODY_PARSER_ERRORS[(err as BodyParserError).type ?? ''];
    if (known) {
      sendError(res, known.status, known.code, known.message);
      return;
    }
    log.error('unexpected error while handling a request', { method: req.method, path: req.path, err });
    sendError(res, 500, 'INTERNAL', 'Internal error in the companion; see its log.');
  };
}
