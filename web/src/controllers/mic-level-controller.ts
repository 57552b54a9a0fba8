/**
 * The devices section's live microphone level: opens the chosen microphone (with the configured
 * audio processing off, so the meter shows what the device delivers), feeds it to a WebAudio
 * AnalyserNode and samples the RMS level on animation frames (which stop by themselves while the
 * page is hidden). Runs only between `start()` (from a click) and `stop()`; the host stops it on
 * disconnect, so the microphone is never left open.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Levels below this (dBFS) read as 0; 0 dBFS reads as 1. */
const FLOOR_DB = -60;
/** Re-render at most this often (the meter need not follow every frame). */
const UPDATE_MS = 60;

export type MicLevelState =
  { state: 'off' } | { state: 'starting' } | { state: 'on'; level: number } | { state: 'failed'; reason: string };

/** RMS of samples in −1…1 mapped onto 0…1 over FLOOR_DB…0 dBFS. Pure (unit-tested). */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) {
    return 0;
  }
  let sum = 0;
  for (const sample of samples) {
    sum += sample * sample;
  }
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) {
    return 0;
  }
  const db = 20 * Math.log10(rms);
  return Math.round(Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB)) * 100) / 100;
}

export class MicLevelController implements ReactiveController {
  #state: MicLevelState = { state: 'off' };
  #stream: MediaStream | null = null;
  #context: AudioContext | null = null;
  #frame = 0;
  #lastUpdate = 0;
  #generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get state(): MicLevelState {
    return this.#state;
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Opens `deviceId` (or the default microphone) and starts metering. */
  async start(deviceId: string | undefined): Promise<void> {
    this.stop();
    const mine = ++this.#generation;
    this.#set({ state: 'starting' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          echoCancellation: false,
          noiseSuppression: false,
          autoGainControl: false,
        },
      });
      if (mine !== this.#generation) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      const context = new AudioContext();
      await context.resume();
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(stream).connect(analyser);
      this.#stream = stream;
      this.#context = context;
      this.#set({ state: 'on', level: 0 });
      this.#sample(analyser, new Float32Array(analyser.fftSize));
    } catch (error) {
      if (mine === this.#generation) {
        this.#set({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  stop(): void {
    this.#generation++;
    cancelAnimationFrame(this.#frame);
    this.#stream?.getTracks().forEach((track) => track.stop());
    this.#stream = null;
    void this.#context?.close().catch(() => undefined);
    this.#context = null;
    if (this.#state.state !== 'off') {
      this.#set({ state: 'off' });
    }
  }

  #sample(analyser: AnalyserNode, buffer: Float32Array<ArrayBuffer>): void {
    this.#frame = requestAnimationFrame((time) => {
      analyser.getFloatTimeDomainData(buffer);
      if (time - this.#lastUpdate >= UPDATE_MS) {
        this.#lastUpdate = time;
        this.#set({ state: 'on', level: levelFromSamples(buffer) });
      }
      this.#sample(analyser, buffer);
    });
  }

  #set(next: MicLevelState): void {
    this.#state = next;
    this.host.requestUpdate();
  }
}
