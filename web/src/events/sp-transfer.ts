/**
 * `sp-transfer`: transfer a call, either blind to a `target` or attended onto the other line
 * (`withCallId`), never both. Bubbles and crosses shadow roots.
 */
export type SpTransferDetail = { callId: string; target: string } | { callId: string; withCallId: string };
export type SpTransferEvent = CustomEvent<SpTransferDetail>;

export function spTransfer(detail: SpTransferDetail): SpTransferEvent {
  return new CustomEvent('sp-transfer', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-transfer': SpTransferEvent;
  }
}
