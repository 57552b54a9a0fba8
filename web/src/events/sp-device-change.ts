/** `sp-device-change`: a device picker changed. Bubbles and crosses shadow roots. */
export type SpDeviceChangeDetail = { role: 'input' | 'output' | 'ring'; deviceId: string | undefined };
export type SpDeviceChangeEvent = CustomEvent<SpDeviceChangeDetail>;

export function spDeviceChange(detail: SpDeviceChangeDetail): SpDeviceChangeEvent {
  return new CustomEvent('sp-device-change', { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sp-device-change': SpDeviceChangeEvent;
  }
}
