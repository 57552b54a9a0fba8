/**
 * The audio codec order of a call, from the settings: which of the browser's codecs a peer connection
 * offers and answers with (RTCRtpTransceiver.setCodecPreferences), and Opus's parameters in a remote
 * description (its order; in-band FEC on, DTX off). Everything but installCodecOrder() is pure.
 */
import type { AudioCodec } from '../settings/settings.ts';

/** The parts of RTCRtpCodec this module reads. */
export type CodecCapability = { mimeType: string; clockRate: number; sdpFmtpLine?: string };

const TELEPHONE_EVENT = 'audio/telephone-event';

/**
 * The browser's capabilities in the settings' order: each named codec (every variant the browser
 * has), then the telephone-event variants at the clock rates of those codecs, so RFC 4733 digits
 * stay negotiable at the rate of whichever codec is picked. Everything else (RED, CN, codecs not
 * named) is left out. Empty when the browser has none of the named codecs.
 */
export function orderedCodecs<T extends CodecCapability>(
  capabilities: readonly T[],
  order: readonly AudioCodec[],
): T[] {
  const chosen = order.flatMap((name) =>
    capabilities.filter((c) => c.mimeType.toLowerCase() === `audio/${name.toLowerCase()}`),
  );
  const rates = new Set(chosen.map((c) => c.clockRate));
  const events = capabilities.filter((c) => c.mimeType.toLowerCase() === TELEPHONE_EVENT && rates.has(c.clockRate));
  return chosen.length === 0 ? [] : [...chosen, ...events];
}

/**
 * A remote SDP as the PWA wants to use it: each audio m-line's payload types in the settings' order
 * (Chromium sends with the first codec of the remote list, also when it answers); only the
 * telephone-event at that first codec's clock rate (with telephone-event/8000 next to opus/48000
 * Chromium sent digits the SIP peer decoded as a lone, keyless end packet); and every Opus
 * payload's fmtp asking for in-band FEC and no DTX, so the browser encodes FEC as loss is reported
 * and keeps sending during silence. Other lines are left as they are.
 */
export function withPreferredAudio(sdp: string, order: readonly AudioCodec[]): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const names = new Map<string, string>();
  const rates = new Map<string, string>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (m?.[1] && m[2] && m[3]) {
      names.set(m[1], m[2].toLowerCase());
      rates.set(m[1], m[3]);
    }
  }
  const rank = (pt: string): number => {
    const i = order.findIndex((name) => name.toLowerCase() === names.get(pt));
    return i === -1 ? order.length : i;
  };
  const isOpus = (pt: string): boolean => names.get(pt) === 'opus';
  const withFmtp = new Set<string>();
  const dropped: string[] = [];
  const out = lines.map((line): string | null => {
    const media = /^(m=audio \S+ \S+) (.*)$/.exec(line);
    if (media?.[1] && media[2]) {
      const pts = media[2].split(' ');
      const sorted = pts.map((pt, i) => ({ pt, i })).sort((a, b) => rank(a.pt) - rank(b.pt) || a.i - b.i);
      const sendRate = rates.get(sorted[0]?.pt ?? '');
      const kept = sorted.filter((p) => names.get(p.pt) !== 'telephone-event' || rates.get(p.pt) === sendRate);
      dropped.push(...sorted.filter((p) => !kept.includes(p)).map((p) => p.pt));
      return `${media[1]} ${kept.map((p) => p.pt).join(' ')}`;
    }
    if (dropped.some((pt) => line.startsWith(`a=rtpmap:${pt} `) || line.startsWith(`a=fmtp:${pt} `))) {
      return null;
    }
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!fmtp?.[1] || !isOpus(fmtp[1])) {
      return line;
    }
    withFmtp.add(fmtp[1]);
    const params = (fmtp[2] ?? '')
      .split(';')
      .map((p) => p.trim())
      .filter((p) => p !== '' && !/^(useinbandfec|usedtx)=/i.test(p));
    return `a=fmtp:${fmtp[1]} ${[...params, 'useinbandfec=1', 'usedtx=0'].join(';')}`;
  });
  return out
    .flatMap((line) => {
      if (line === null) {
        return [];
      }
      const m = /^a=rtpmap:(\d+) opus\//i.exec(line);
      return m?.[1] && !withFmtp.has(m[1]) ? [line, `a=fmtp:${m[1]} useinbandfec=1;usedtx=0`] : [line];
    })
    .join(eol);
}

/**
 * Makes every offer and answer of `pc` (first call, answer to an offer, offer in a 200 OK to an
 * offerless INVITE, hold/retrieve and ICE-restart re-offers) list the browser's audio codecs in
 * `order`: setCodecPreferences on each audio transceiver right before createOffer/createAnswer,
 * since JsSIP adds the tracks (or applies the remote offer) after it hands out the connection.
 */
export function installCodecOrder(pc: RTCPeerConnection, order: readonly AudioCodec[]): void {
  if (typeof RTCRtpReceiver === 'undefined' || typeof RTCRtpTransceiver === 'undefined') {
    // No WebRTC codec API here (unit tests' fake peer connection): the remote SDP order still applies.
    return;
  }
  const codecs = orderedCodecs(RTCRtpReceiver.getCapabilities('audio')?.codecs ?? [], order);
  if (codecs.length === 0) {
    return;
  }
  const prefer = (): void => {
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.receiver.track.kind === 'audio' && transceiver.currentDirection !== 'stopped') {
        transceiver.setCodecPreferences(codecs);
      }
    }
  };
  const createOffer = pc.createOffer.bind(pc);
  const createAnswer = pc.createAnswer.bind(pc);
  pc.createOffer = ((options?: RTCOfferOptions) => {
    prefer();
    return createOffer(options);
  }) as RTCPeerConnection['createOffer'];
  pc.createAnswer = ((options?: RTCAnswerOptions) => {
    prefer();
    return createAnswer(options);
  }) as RTCPeerConnection['createAnswer'];
}
