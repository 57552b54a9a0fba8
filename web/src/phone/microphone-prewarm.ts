/**
 * Microphones opened ahead of the SIP side, one per key (a call id, or a dial's key). An inbound call
 * opens its microphone while it rings, so answering (a click, SIP Server's `NOTIFY Event: talk`,
 * auto-answer) does not wait for getUserMedia — the slowest local step of an answer. `take()` hands
 * the stream to the 200 OK or the INVITE; a call that ends unanswered has its tracks stopped by
 * `release()`. The browser's microphone indicator therefore lights while a call rings, as with desk
 * softphones that keep the device open.
 */
export class MicrophonePrewarm {
  readonly #pending = new Map<string, Promise<MediaStream>>();
  /** The streams of `#pending` that have opened, for an answer that must not wait a microtask. */
  readonly #opened = new Map<string, MediaStream>();

  /** Starts opening the microphone for `key` (or finds the one already opening); resolves when it is open. */
  start(key: string, open: () => Promise<MediaStream>): Promise<MediaStream> {
    const pending = this.#pending.get(key);
    if (pending) {
      return pending;
    }
    const stream = open();
    stream.then(
      (opened) => {
        if (this.#pending.get(key) === stream) {
          this.#opened.set(key, opened);
        }
      },
      () => undefined, // a failure surfaces when the answer takes it
    );
    this.#pending.set(key, stream);
    return stream;
  }

  /** The stream opened for `key`, if any, left where it is (its owner is still whoever takes it). */
  peek(key: string): Promise<MediaStream> | undefined {
    return this.#pending.get(key);
  }

  /** The stream opened for `key`, if any; the caller owns it from now on. */
  take(key: string): Promise<MediaStream> | undefined {
    const stream = this.#pending.get(key);
    this.#pending.delete(key);
    this.#opened.delete(key);
    return stream;
  }

  /** As take(), when the stream for `key` has opened; else undefined, and it stays. */
  takeOpened(key: string): MediaStream | undefined {
    const opened = this.#opened.get(key);
    if (opened) {
      this.#pending.delete(key);
      this.#opened.delete(key);
    }
    return opened;
  }

  /** Stops the tracks of a stream nobody took (the call ended unanswered). */
  release(key: string): void {
    const stream = this.take(key);
    void stream?.then(
      (s) => s.getTracks().forEach((track) => track.stop()),
      () => undefined,
    );
  }
}
