/**
 * A once-a-second tick for call timers, running only while `isNeeded()` says a call is up (a live call
 * is exempt from intensive throttling, platform-notes §4, so a 1 s timer is fine then and only then).
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
