/**
 * The closed set of error codes that cross the relay and the HTTP edge, with the HTTP status each
 * maps to (the error table of docs/protocol.md). One table, used by the companion's error middleware and by the PWA's
 * command handlers.
 */
export const RELAY_ERROR_HTTP_STATUS = {
  BAD_REQUEST: 400,
  NO_SUCH_CALL: 404,
  INVALID_STATE: 409,
  BUSY: 409,
  NOT_REGISTERED: 409,
  MEDIA_DENIED: 409,
  PWA_OFFLINE: 503,
  PWA_DISCONNECTED: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
} as const;

export type RelayErrorCode = keyof typeof RELAY_ERROR_HTTP_STATUS;

export const RELAY_ERROR_CODES = Object.keys(RELAY_ERROR_HTTP_STATUS) as [RelayErrorCode, ...RelayErrorCode[]];

/** An error with a code from the closed set and a message fit for an agent or an integrator. */
export class RelayError extends Error {
  override readonly name = 'RelayError';

  constructor(
    readonly code: RelayErrorCode,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return RELAY_ERROR_HTTP_STATUS[this.code];
  }

  toJSON(): { code: RelayErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
