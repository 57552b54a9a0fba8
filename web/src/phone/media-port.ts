/**
 * Local media and the environment behind interfaces, so the service runs in Node tests. Browser
 * implementations: adapters/browser-media.ts and adapters/browser-environment.ts.
 */

export interface LocalMediaPort {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** Calls `listener` on every device plug/unplug (`devicechange`); returns its removal. */
  onDeviceChange?(listener: () => void): () => void;
}

/** Page and network life-cycle signals the service reacts to (recovery, unregister on unload). */
export type EnvironmentEvent =
  { type: 'online' } | { type: 'offline' } | { type: 'visible'; hiddenForMs: number } | { type: 'pagehide' };

export interface EnvironmentPort {
  subscribe(listener: (event: EnvironmentEvent) => void): () => void;
}
