/**
 * getUserMedia constraints from settings and the endpoint settings, with one fallback: when the chosen input
 * device is gone (unplugged headset → OverconstrainedError/NotFoundError) the default input is used
 * rather than failing the call. Any other failure is MEDIA_DENIED.
 */
import { RelayError, type AppliedSettings } from '../../../protocol/src/index.ts';
import type { Logger } from '../lib/log.ts';
import type { Settings } from '../settings/settings.ts';
import { microphoneProcessing } from './endpoint-policy.ts';
import type { LocalMediaPort } from './media-port.ts';

export function audioConstraints(settings: Settings, applied: AppliedSettings): MediaStreamConstraints {
  const audio: MediaTrackConstraints = microphoneProcessing(settings, applied);
  if (settings.audio.inputDeviceId) {
    audio.deviceId = { exact: settings.audio.inputDeviceId };
  }
  return { audio, video: false };
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : 'Error';
}

export async function acquireMicrophone(
  media: LocalMediaPort,
  settings: Settings,
  applied: AppliedSettings,
  log: Logger,
): Promise<MediaStream> {
  const constraints = audioConstraints(settings, applied);
  try {
    return await media.getUserMedia(constraints);
  } catch (error) {
    const name = errorName(error);
    const audio = constraints.audio;
    if ((name === 'OverconstrainedError' || name === 'NotFoundError') && typeof audio === 'object' && audio.deviceId) {
      log.warn('chosen microphone unavailable; using the default input', { name });
      const rest: MediaTrackConstraints = { ...audio };
      delete rest.deviceId;
      try {
        return await media.getUserMedia({ audio: rest, video: false });
      } catch (retryError) {
        throw new RelayError('MEDIA_DENIED', `microphone unavailable (${errorName(retryError)})`);
      }
    }
    throw new RelayError('MEDIA_DENIED', `microphone unavailable (${name}); allow microphone access for this site`);
  }
}
