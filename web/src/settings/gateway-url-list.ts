/**
 * The gateway's SIP WebSocket URLs in order of preference, from the setting's text (or the gateway's
 * /config.json): URLs separated by spaces, commas or new lines, the first preferred; repeats dropped.
 * The PWA connects to the first that answers and fails back to a better one when it heals
 * (adapters/gateway-failover.ts).
 */
export function gatewayUrlList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((url) => url !== ''))];
}

/** The settings field's HTML `pattern`: one or more ws:// or wss:// URLs, separated as above. */
export const GATEWAY_URL_LIST_PATTERN = String.raw`[\s,]*wss?://[^\s,]+([\s,]+wss?://[^\s,]+)*[\s,]*`;
