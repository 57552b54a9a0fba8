/**
 * The marker a reducer returns for a transition its diagram does not allow. The caller logs it at
 * `error` with both the state and the event and keeps the old state (house style §7): throwing from a
 * socket or SIP callback would leave the peer half-handled. Shared by the reducers of both sides.
 */
export type Invalid = { readonly invalid: true; readonly reason: string };

export function invalid(reason: string): Invalid {
  return { invalid: true, reason };
}

export function isInvalid(value: unknown): value is Invalid {
  return typeof value === 'object' && value !== null && (value as { invalid?: unknown }).invalid === true;
}
