/**
 * The softphone's settings: one schema, one default. Stored in IndexedDB by storage/settings-store.ts
 * (passwords encrypted at rest there); read by the core when it builds the UA and by the screens.
 */
import * as v from 'valibot';
import { LANGUAGES } from '../i18n/language-tags.ts';

export const CredentialSchema = v.object({
  /** Digest user when it differs from the DN. */
  authorizationUser: v.optional(v.string()),
  password: v.string(),
});
export type Credential = v.InferOutput<typeof CredentialSchema>;

export const IceServerSchema = v.object({
  urls: v.union([v.string(), v.array(v.string())]),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});

/** Audio codecs the settings can name, as in RTP (a=rtpmap). */
export const AUDIO_CODECS = ['opus', 'PCMU', 'PCMA', 'G722'] as const;
export type AudioCodec = (typeof AUDIO_CODECS)[number];

export const SettingsSchema = v.object({
  /** SIP over WebSocket URL of the gateway, e.g. wss://gateway.example.com/ws. Empty: from /config.json. */
  sipWebSocketUrl: v.string(),
  /** Companion base URL (its relay socket is <url>/relay with wss). */
  companionUrl: v.string(),
  iceServers: v.array(IceServerSchema),
  /**
   * Where the gateway issues time-limited TURN credentials (`GET` → `{iceServers, ttl}`), added to
   * `iceServers` for every registration. Empty: from /config.json, or none.
   */
  turnCredentialsUrl: v.string(),
  /**
   * Where the gateway issues short-lived SIP credentials for a DN (`GET <url>?dn=<DN>` →
   * `{username, password, ttl}`, Kamailio's auth_ephemeral scheme). Set (here or in /config.json):
   * the PWA registers with those, renews them before they expire, and no SIP password is typed.
   */
  sipCredentialsUrl: v.string(),
  /** `relay`: media only through TURN (networks that allow nothing else, or a site policy). */
  iceTransportPolicy: v.picklist(['all', 'relay']),
  /** Per DN digest credentials. */
  credentials: v.record(v.string(), CredentialSchema),
  dtmfMode: v.picklist(['rfc4733', 'info']),
  /**
   * Audio codecs the PWA offers and answers with, most preferred first (at least one). Opus first
   * (in-band FEC, the gateway transcodes to the SIP side's codec); G.711 alone forces it end to end.
   */
  audioCodecs: v.pipe(v.array(v.picklist(AUDIO_CODECS)), v.minLength(1)),
  autoAnswer: v.picklist(['never', 'when-requested', 'always']),
  audio: v.object({
    echoCancellation: v.boolean(),
    noiseSuppression: v.boolean(),
    autoGainControl: v.boolean(),
    inputDeviceId: v.optional(v.string()),
    outputDeviceId: v.optional(v.string()),
    ringDeviceId: v.optional(v.string()),
  }),
  theme: v.picklist(['system', 'light', 'dark']),
  /** The agent's language; `auto` follows the browser. WWE's `preferred_language` wins over both. */
  language: v.picklist(['auto', ...LANGUAGES]),
  /** Secret shared with the companion through its pairing page; sent as the `pair.<secret>` subprotocol. */
  pairingSecret: v.optional(v.string()),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  sipWebSocketUrl: '',
  companionUrl: 'https://127.0.0.1:8000',
  iceServers: [],
  turnCredentialsUrl: '',
  sipCredentialsUrl: '',
  iceTransportPolicy: 'all',
  credentials: {},
  dtmfMode: 'rfc4733',
  audioCodecs: ['opus', 'PCMU', 'PCMA'],
  autoAnswer: 'when-requested',
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  theme: 'system',
  language: 'auto',
};

/** Read access to settings for the core; the UI's store implements it. */
export interface SettingsSource {
  current(): Settings;
  subscribe(listener: (settings: Settings) => void): () => void;
}
