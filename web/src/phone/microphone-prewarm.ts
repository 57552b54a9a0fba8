/**
 * Opens the microphone while an inbound call rings, so answering (a click, SIP Server's
 * `NOTIFY Event: talk`, auto-answer) does not wait for getUserMedia — the slowest local step of an
 * answer. One pending stream per ringing call: `take()` hands it to the answer; a call that ends
 * unanswered has its tracks stopped by `release()`. The browser's microphone indicator therefore
 * lights while a call rings, as with desk softphones that keep the device open.
 */
export class MicrophonePrewarm {
  readonly #pending = new Map<string, Promise<MediaStream>>();

  /** Starts opening the microphone for a ringing call (no-op if already started). */
  start(callId: string, open: () => Promise<MediaStream>): void {
    if (this.#pending.has(callId)) {
      return;
    }
    const stream = open();
    stream.catch(() => undefined); // a failure surfaces when the answer takes it
    this.#pending.set(callId, stream);
  }

  /** The stream opened for this call, if any; the caller owns it from now on. */
  take(callId: string): Promise<MediaStream> | undefined {
    const stream = this.#pending.get(callId);
    this.#pending.delete(callId);
    return stream;
  }

  /** Stops the tracks of a stream nobody took (the call ended unanswered). */
  release(callId: string): void {
    const stream = this.take(callId);
    void stream?.then(
      (s) => s.getTracks().forEach((track) => track.stop()),
      () => undefined,
    );
  }
}
