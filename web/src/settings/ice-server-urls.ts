/** The URLs of STUN/TURN servers as RTCIceServer holds them (one URL or a list), and which are TURN. */

export const isTurnUrl = (url: string): boolean => /^turns?:/i.test(url);

/** Every URL of the servers, in order. */
export function iceServerUrls(servers: readonly { urls: string | string[] }[]): string[] {
  return servers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));
}
