/**
 * One error shape for every HTTP error: `{"error":{"code","message"}}`. Relay errors keep their
 * closed code set and status table (protocol/src/errors.ts); the HTTP edge adds its own few codes
 * for requests refused before any command is relayed. `errorMiddleware` is the edge's single error
 * writer: guards, body-parser and route handlers all end here.
 */
import type { ErrorRequestHandler, Response } from 'express';
import * as v from 'valibot';
import { RelayError, describeIssues } from '../../../protocol/src/index.ts';
import type { Logger } from '../log.ts';

export const EDGE_ERROR_STATUS = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SHUTTING_DOWN: 503,
  // Pairing (routes-pairing.ts) and the same-OS-user check (same-user.ts).
  PAIRING_UNKNOWN: 404,
  PAIRING_EXPIRED: 410,
  PAIRING_WRONG_CODE: 403,
  PAIRING_WRONG_TOKEN: 403,
  PAIRING_NOT_CONFIRMED: 409,
  PAIRING_BUSY: 429,
  OTHER_OS_USER: 403,
  PEER_UNVERIFIED: 403,
} as const;
export type EdgeErrorCode = keyof typeof EDGE_ERROR_STATUS;

/** A request refused at the HTTP edge (Host, Origin, media type, size, rate, time, shutdown, pairing). */
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

/**
 * A request refused by the Host or Origin check, before it was admitted: counted in the refused bucket
 * (never in an admitted caller's) and logged through the refusal summary.
 */
export class RefusedRequest extends HttpError {
  constructor(
    code: 'BAD_REQUEST' | 'FORBIDDEN',
    message: string,
    /** What the log may say about the caller (Host, Origin, method, path). */
    readonly facts: Record<string, unknown>,
  ) {
    super(code, message);
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
  res.status(status).json({ error: { code, message } });
}

/** body-parser's error types (`err.type`), mapped to the JSON error shape. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string } | undefined> = {
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send UTF-8 JSON.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send UTF-8 JSON.' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' },
};

/** A body that cannot be decompressed reaches us as zlib's error with body-parser's `status: 400`. */
const UNREADABLE_BODY = { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' };

function bodyParserError(err: unknown): { status: number; code: string; message: string } | undefined {
  if (typeof err !== 'object' || err === null) {
    return undefined;
  }
  const { type, status } = err as { type?: unknown; status?: unknown };
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  return known ?? (status === 400 ? UNREADABLE_BODY : undefined);
}

/** The single error writer: every error becomes `{"error":{"code","message"}}` (or a cut stream). */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  // Express knows an error handler by its four parameters, so `_next` stays although it is not called.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      // A streamed response (SSE) failed midway, or an answer already went out (body timeout): close.
      res.destroy();
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
    const known = bodyParserError(err);
    if (known) {
      sendError(res, known.status, known.code, known.message);
      return;
    }
    log.error('unexpected error while handling a request', { method: req.method, path: req.path, err });
    sendError(res, 500, 'INTERNAL', 'Internal error in the companion; see its log.');
  };
}
