/**
 * WWE's codec order (`codecs.<name>.priority`, the Softphone's codec names) as the PWA's audio codec
 * list (pure): the named codecs the browser leg can negotiate, in WWE's order, then none other — the
 * same list the agent's Settings would give (adapters/codec-order.ts turns it into
 * setCodecPreferences and the remote SDP's order). Codecs WebRTC has no use for on this leg (iLBC,
 * iSAC, G.729) are left out; when none of WWE's codecs is usable, or WWE named none, Settings decide.
 */
import { isDecided, type AppliedSettings } from '../../../protocol/src/index.ts';
import { AUDIO_CODECS, type AudioCodec, type Settings } from '../settings/settings.ts';

const BY_NAME = new Map<string, AudioCodec>(AUDIO_CODECS.map((codec) => [codec.toLowerCase(), codec]));

/** WWE's codec names (`pcmu`, `opus`, `G722`, `iSAC/16000`…) → the PWA's codecs, in order, without repeats. */
export function browserCodecs(names: readonly string[]): AudioCodec[] {
  const codecs = names.flatMap((name) => BY_NAME.get(name.toLowerCase().split('/')[0] ?? '') ?? []);
  return [...new Set(codecs)];
}

/** The agent's Settings with WWE's codec order in place, where WWE decided one the browser can use. */
export function withCodecOrder(settings: Settings, applied: AppliedSettings): Settings {
  const codecs = isDecided(applied, 'codecs') ? browserCodecs(applied.settings.codecs) : [];
  return codecs.length > 0 ? { ...settings, audioCodecs: codecs } : settings;
}
