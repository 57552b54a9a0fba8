/**
 * Bundled into the answering agents' pages (call-agents.ts): the PWA's audio codec order for a remote
 * SDP, as the PWA's JsSIP adapter applies it (Opus first, in-band FEC on), so an agent answers the
 * gateway's offer with Opus as the PWA does, and rtpengine transcodes as it does for the PWA.
 */
import { withPreferredAudio } from '../../web/src/adapters/codec-order.ts';
import { DEFAULT_SETTINGS } from '../../web/src/settings/settings.ts';

(globalThis as { __wgbPreferredAudio?: (sdp: string) => string }).__wgbPreferredAudio = (sdp) =>
  withPreferredAudio(sdp, DEFAULT_SETTINGS.audioCodecs);
