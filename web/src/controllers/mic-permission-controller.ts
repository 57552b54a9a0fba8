/**
 * Watches the microphone permission (per origin, readable without a prompt, with a `change` event;
 * docs/browser-behaviour.md): the host keeps a warning visible until it reads `granted`. `request()` asks for it (from a click) and stops the probe stream at once.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type MicPermission = PermissionState | 'unknown';

export class MicPermissionController implements ReactiveController {
  state: MicPermission = 'unknown';
  #status: PermissionStatus | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!('permissions' in navigator)) {
      return;
    }
    navigator.permissions
      .query({ name: 'microphone' })
      .then((status) => {
        this.#status = status;
        this.state = status.state;
        status.addEventListener('change', this.#onChange);
        this.host.requestUpdate();
      })
      .catch(() => undefined); // Firefox before 131 does not know "microphone": leave it unknown.
  }

  hostDisconnected(): void {
    this.#status?.removeEventListener('change', this.#onChange);
  }

  async request(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((track) => track.stop());
      this.state = 'granted';
    } catch {
      this.state = 'denied';
    }
    this.host.requestUpdate();
  }

  readonly #onChange = (): void => {
    this.state = this.#status?.state ?? 'unknown';
    this.host.requestUpdate();
  };
}
