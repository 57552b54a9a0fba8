/**
 * The SIP account a `register` starts the UA with: the DN's slots from the command, the rest from
 * Settings, plus the gateway's TURN servers with fresh credentials when Settings name a credentials URL.
 */
import type { SlotTarget } from '../../../protocol/src/index.ts';
import type { Logger } from '../lib/log.ts';
import type { Settings } from '../settings/settings.ts';
import { gatewayUrlList } from '../settings/gateway-url-list.ts';
import type { SipAccount } from './sip-port.ts';
import type { TurnPort } from './turn-port.ts';

const USER_AGENT = 'WebRTC Gateway Bridge';

export type AccountTarget = { dn: string; server: string; extraSlots: readonly SlotTarget[] };

/**
 * The gateway's TURN servers with fresh credentials, or none: registration does not need them, and a
 * call that cannot reach TURN ends with a reason (the adapter's media-path check).
 */
export async function turnServers(turn: TurnPort | undefined, url: string, log: Logger): Promise<RTCIceServer[]> {
  if (!turn) {
    return [];
  }
  try {
    return await turn.iceServers(url);
  } catch (error) {
    log.warn('no TURN credentials from the gateway; calls go without TURN', error);
    return [];
  }
}

export function sipAccount(
  target: AccountTarget,
  settings: Settings,
  turn: readonly RTCIceServer[],
  appVersion: string,
): SipAccount {
  const credential = settings.credentials[target.dn];
  return {
    ...target,
    webSocketUrls: gatewayUrlList(settings.sipWebSocketUrl),
    ...(credential?.authorizationUser ? { authorizationUser: credential.authorizationUser } : {}),
    ...(credential ? { password: credential.password } : {}),
    iceServers: [...settings.iceServers, ...turn],
    iceTransportPolicy: settings.iceTransportPolicy,
    audioCodecs: settings.audioCodecs,
    userAgent: `${USER_AGENT}/${appVersion}`,
  };
}
