/** Application close codes of the relay WebSocket (RFC 6455 §7.4.2 reserves 4000–4999 for applications). */
export const CLOSE_CODES = {
  /** A newer PWA window took over the link. The old one must not reconnect by itself. */
  REPLACED: 4000,
  /** The pairing secret was missing or wrong. */
  UNPAIRED: 4001,
  /** Protocol major versions differ. */
  PROTOCOL_MISMATCH: 4002,
  /** A frame failed validation. */
  BAD_FRAME: 4003,
  /** The peer stopped answering pings. */
  HEARTBEAT_LOST: 4004,
  /**
   * Another PWA window holds a live link and this one brought no fresh pairing confirmation: the
   * companion does not let it take over silently (docs/protocol.md "Take-over").
   */
  LINK_BUSY: 4005,
  /** The companion is shutting down (1001 "going away" is used for the socket itself). */
  GOING_AWAY: 1001,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;
