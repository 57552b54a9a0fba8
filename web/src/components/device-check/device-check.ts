/**
 * Checks for the chosen devices: a live microphone level meter (a native <meter>, so screen readers
 * announce it) with its on/off toggle, and test-tone buttons for the speaker and the ring device.
 * Presentational: the devices section opens the microphone and plays the tone.
 *
 * @fires sp-mic-test - the meter toggle was pressed; detail `{ isOn }` (the wanted state).
 * @fires sp-test-tone - a test-tone button was pressed; detail `{ role }`.
 */
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MicLevelState } from '../../controllers/mic-level-controller.ts';
import { spMicTest } from '../../events/sp-mic-test.ts';
import { spTestTone, type SpTestToneDetail } from '../../events/sp-test-tone.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { sharedStyles } from '../shared.styles.ts';

@customElement('sp-device-check')
export class SpDeviceCheck extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: 0.6rem;
      }
      .meter {
        flex: 1;
        min-width: 10rem;
        display: grid;
        gap: 0.2rem;
      }
      meter {
        width: 100%;
        height: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) mic: MicLevelState = { state: 'off' };
  /** The role whose test tone is playing, if any. */
  @property({ attribute: 'playing-tone' }) playingTone: SpTestToneDetail['role'] | '' = '';

  override render() {
    const isOn = this.mic.state === 'on' || this.mic.state === 'starting';
    const level = this.mic.state === 'on' ? this.mic.level : 0;
    return html`<div class="row">
        <button
          type="button"
          data-testid="mic-test"
          aria-pressed=${isOn ? 'true' : 'false'}
          @click=${() => this.dispatchEvent(spMicTest({ isOn: !isOn }))}
        >
          ${isOn ? msg.devices.micTestStop : msg.devices.micTestStart}
        </button>
        <label class="meter"
          >${msg.devices.micLevel}
          <meter
            data-testid="mic-level"
            data-level=${String(level)}
            min="0"
            max="1"
            low="0.15"
            high="0.9"
            optimum="0.5"
            .value=${level}
          ></meter
        ></label>
      </div>
      ${
        this.mic.state === 'failed'
          ? html`<p role="alert" class="muted" data-testid="mic-test-error">
              ${msg.devices.micTestFailed(this.mic.reason)}
            </p>`
          : ''
      }
      <div class="row">
        ${(['output', 'ring'] as const).map(
          (role) =>
            html`<button
              type="button"
              data-testid="test-tone-${role}"
              aria-pressed=${this.playingTone === role ? 'true' : 'false'}
              @click=${() => this.dispatchEvent(spTestTone({ role }))}
            >
              ${msg.devices.testTone[role]}
            </button>`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-device-check': SpDeviceCheck;
  }
}
