/**
 * A typed event emitter (mediasoup-client `EnhancedEventEmitter` style). A throwing listener is
 * isolated: it is reported through `onListenerError` and the other listeners still run, so a UI bug can
 * never corrupt the core's state (house style §13.14).
 */
export type EventMap = Record<string, unknown>;
type Listener<T> = (payload: T) => void;

export class Emitter<E extends EventMap> {
  #listeners = new Map<keyof E, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (event: keyof E, error: unknown) => void = () => undefined) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Calls every listener of `event` with `payload`; exceptions are isolated and reported. */
  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.#listeners.get(event);
    if (!set) {
      return;
    }
    for (const listener of [...set]) {
      try {
        (listener as Listener<E[K]>)(payload);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }

  listenerCount<K extends keyof E>(event: K): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  removeAll(): void {
    this.#listeners.clear();
  }
}
