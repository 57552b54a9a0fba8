/**
 * Whether a gateway's SIP WebSocket answers: opens one with the `sip` subprotocol and closes it at
 * once. Used by the fail-back watch (failback-watch.ts) in the browser.
 */
export const WEBSOCKET_PROBE_TIMEOUT_MS = 5_000;

export function probeWebSocket(url: string, timeoutMs = WEBSOCKET_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, 'sip');
    } catch {
      resolve(false);
      return;
    }
    const settle = (healthy: boolean): void => {
      clearTimeout(timer);
      ws.onopen = ws.onerror = ws.onclose = null;
      ws.close();
      resolve(healthy);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    ws.onopen = () => settle(true);
    ws.onerror = () => settle(false);
    ws.onclose = () => settle(false);
  });
}
