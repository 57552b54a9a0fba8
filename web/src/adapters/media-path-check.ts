/**
 * A call that must go through TURN (`iceTransportPolicy: 'relay'`) but gets no relay address can
 * carry no audio: instead of a silent call, it fails with the reason — what TURN answered
 * (`icecandidateerror`: 401 = the credentials were refused) or that no relay address came at all.
 */
import { NO_AUDIO_PATH } from '../phone/sip-port.ts';

const TURN_ERRORS: Record<number, string> = {
  401: 'the TURN server refused the credentials (401)',
  403: 'the TURN server refused the request (403)',
  437: 'the TURN allocation was refused (437)',
  486: 'the TURN server has no room for another allocation (486)',
  701: 'the TURN server did not answer',
};

export function watchMediaPath(
  pc: RTCPeerConnection,
  policy: RTCIceTransportPolicy,
  onNoPath: (reason: string) => void,
): void {
  if (policy !== 'relay') {
    return;
  }
  let turnError: string | null = null;
  let hasRelay = false;
  pc.addEventListener('icecandidateerror', (e: Event) => {
    const code = (e as RTCPeerConnectionIceErrorEvent).errorCode;
    turnError ??= TURN_ERRORS[code] ?? `TURN error ${code}`;
  });
  pc.addEventListener('icecandidate', (e: RTCPeerConnectionIceEvent) => {
    hasRelay ||= e.candidate?.type === 'relay' || / typ relay\b/.test(e.candidate?.candidate ?? '');
  });
  pc.addEventListener('icegatheringstatechange', () => {
    if (pc.iceGatheringState === 'complete' && !hasRelay) {
      onNoPath(`${NO_AUDIO_PATH}: ${turnError ?? 'no TURN relay address (check the TURN settings)'}`);
    }
  });
}
