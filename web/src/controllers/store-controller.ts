/**
 * Re-renders its host whenever a subscribable store changes (settings, history, updates). The store
 * is read through a getter because context values arrive after construction.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Subscribable = { subscribe(listener: () => void): () => void };

export class StoreController implements ReactiveController {
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly store: () => Subscribable | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#unsubscribe = this.store()?.subscribe(() => this.host.requestUpdate()) ?? null;
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
