/** Promises for the first item offered after the wait began that a predicate takes, each with a deadline. */
export class Waiters<T> {
  readonly #waiting = new Set<{ accept: (item: T) => boolean; settle: (item: T) => void }>();

  /** Resolves with the first offered item `accept` takes; rejects with `timeoutError()` after `timeoutMs`. */
  wait(accept: (item: T) => boolean, timeoutMs: number, timeoutError: () => Error): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter = {
        accept,
        settle: (item: T): void => {
          clearTimeout(timer);
          this.#waiting.delete(waiter);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.#waiting.delete(waiter);
        reject(timeoutError());
      }, timeoutMs);
      this.#waiting.add(waiter);
    });
  }

  offer(item: T): void {
    for (const waiter of [...this.#waiting]) {
      if (waiter.accept(item)) {
        waiter.settle(item);
      }
    }
  }
}
