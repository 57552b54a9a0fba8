/**
 * A once-a-second tick for what counts seconds (call timers; a gateway's Retry-After in the status
 * line), running only while `isNeeded()` says so (a page with a live WebRTC call is exempt from
 * Chrome's intensive throttling; a hidden page's throttled tick only makes a countdown coarser).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ClockController implements ReactiveController {
  now = Date.now();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly isNeeded: () => boolean,
  ) {
    host.addController(this);
  }

  /** Every render reads the time it happens at, not only the last tick's. */
  hostUpdate(): void {
    this.now = Date.now();
  }

  hostUpdated(): void {
    if (this.isNeeded() && this.#timer === null) {
      this.#schedule();
    }
  }

  hostDisconnected(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #schedule(): void {
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.now = Date.now();
        if (this.isNeeded()) {
          this.host.requestUpdate();
        }
      },
      1000 - (Date.now() % 1000),
    );
  }
}
