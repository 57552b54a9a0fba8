/** Endpoint settings as the companion pushes them, with the given session fields decided by WWE. */
import { DEFAULT_ENDPOINT_SETTINGS, type AppliedSettings, type EndpointSettings } from '../../../protocol/src/index.ts';

export function wweSession(session: Partial<EndpointSettings['session']>): AppliedSettings {
  return {
    settings: { ...DEFAULT_ENDPOINT_SETTINGS, session: { ...DEFAULT_ENDPOINT_SETTINGS.session, ...session } },
    sources: Object.fromEntries(Object.keys(session).map((field) => [`session.${field}`, 'wwe'])),
  };
}

/** Endpoint settings with the given `endpoint` fields (rtp_inactivity_timeout, vq_alarm_threshold) decided by WWE. */
export function wweEndpoint(endpoint: Partial<EndpointSettings['endpoint']>): AppliedSettings {
  return {
    settings: { ...DEFAULT_ENDPOINT_SETTINGS, endpoint: { ...DEFAULT_ENDPOINT_SETTINGS.endpoint, ...endpoint } },
    sources: Object.fromEntries(Object.keys(endpoint).map((field) => [`endpoint.${field}`, 'wwe'])),
  };
}

/** Endpoint settings with the given session and device fields (device rules, headset rule) decided by WWE. */
export function wweDevices(
  device: Partial<EndpointSettings['device']>,
  session: Partial<EndpointSettings['session']> = {},
): AppliedSettings {
  const withSession = wweSession(session);
  return {
    settings: { ...withSession.settings, device: { ...DEFAULT_ENDPOINT_SETTINGS.device, ...device } },
    sources: {
      ...withSession.sources,
      ...Object.fromEntries(Object.keys(device).map((field) => [`device.${field}`, 'wwe'])),
    },
  };
}
