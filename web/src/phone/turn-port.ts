/**
 * Where the phone gets TURN servers with fresh credentials (adapters/turn-credentials.ts fetches
 * them from the gateway); rejects with a reason when it cannot.
 */
export interface TurnPort {
  iceServers(url: string): Promise<RTCIceServer[]>;
}
