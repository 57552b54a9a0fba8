/**
 * Plays one call's remote audio: an <audio> element bound to the stream, routed to the chosen output
 * device with setSinkId (falling back to the default device when the chosen one is unplugged or
 * busy: setSinkId rejects with NotFoundError or AbortError).
 * Reports problems rather than showing them; retries play() after `sp-sound-unlock`.
 *
 * @fires sp-audio-problem - `{ kind: 'autoplay' }` or `{ kind: 'sink', deviceId }`.
 */
import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { setSink } from '../../controllers/set-sink.ts';
import { spAudioProblem } from '../../events/sp-audio-problem.ts';

@customElement('sp-remote-audio')
export class SpRemoteAudio extends LitElement {
  @property({ attribute: false }) stream: MediaStream | null = null;
  @property({ attribute: 'sink-id' }) sinkId = '';
  @property({ attribute: 'call-id' }) callId = '';
  /** Speaker volume in percent and mute (Connector v2's `POST /audio`, the phone snapshot's `audio.speaker`). */
  @property({ type: Number }) volume = 100;
  @property({ type: Boolean }) muted = false;
  @query('audio') private audio!: HTMLAudioElement;

  override render() {
    return html`<audio data-testid="remote-audio" data-call-id=${this.callId}></audio>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('sp-sound-unlock', this.#play);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('sp-sound-unlock', this.#play);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('sinkId')) {
      void setSink(this.audio, this.sinkId || undefined).then((isSet) => {
        if (!isSet) {
          this.dispatchEvent(spAudioProblem({ kind: 'sink', deviceId: this.sinkId }));
        }
      });
    }
    if (changed.has('volume') || changed.has('muted')) {
      this.audio.volume = Math.min(1, Math.max(0, this.volume / 100));
      this.audio.muted = this.muted;
    }
    if (changed.has('stream') && this.audio.srcObject !== this.stream) {
      this.audio.srcObject = this.stream;
      this.#play();
    }
  }

  readonly #play = (): void => {
    if (!this.stream) {
      return;
    }
    this.audio.play().catch(() => this.dispatchEvent(spAudioProblem({ kind: 'autoplay' })));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-remote-audio': SpRemoteAudio;
  }
}
