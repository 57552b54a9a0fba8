/**
 * Relay protocol version. The PWA and the companion exchange it in the WebSocket subprotocol and in
 * the first frames; a different major version closes the link with PROTOCOL_MISMATCH.
 */
export const PROTOCOL_VERSION = 3;

/** WebSocket subprotocol carrying the protocol version; the companion selects exactly this one. */
export const RELAY_SUBPROTOCOL = `wgb-relay.${PROTOCOL_VERSION}`;

/**
 * Prefix of the second subprotocol entry that carries the pairing secret (`pair.<secret>`).
 * Browsers cannot set headers on a WebSocket; the subprotocol list is the one header they can fill.
 */
export const PAIRING_SUBPROTOCOL_PREFIX = 'pair.';

/** Path of the relay WebSocket on the companion's HTTPS port. */
export const RELAY_PATH = '/relay';
