/** LocalMediaPort over navigator.mediaDevices. Touches the DOM only when called, never at import. */
import type { LocalMediaPort } from '../phone/media-port.ts';

export function createBrowserMedia(): LocalMediaPort {
  return {
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
    enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
    onDeviceChange: (listener) => {
      navigator.mediaDevices.addEventListener('devicechange', listener);
      return () => navigator.mediaDevices.removeEventListener('devicechange', listener);
    },
  };
}
