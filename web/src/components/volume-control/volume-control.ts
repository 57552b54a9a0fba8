/**
 * The speaker volume of call audio, a slider in percent. It shows the phone's audio state (which WWE
 * can change too, Connector v2's `POST /audio`) and asks for changes; it holds no volume of its own.
 *
 * @fires sp-volume-change - detail `{ volume }`.
 */
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spVolumeChange } from '../../events/sp-volume-change.ts';
import { formatLevel } from '../../i18n/format.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { icon } from '../icon/icon.ts';
import { volumeIcon } from '../icon/icons.ts';
import { sharedStyles } from '../shared.styles.ts';

@customElement('sp-volume-control')
export class SpVolumeControl extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      label {
        display: grid;
        grid-template-columns: auto 1fr 3.5rem;
        align-items: center;
        gap: 0.75rem;
      }
      input {
        width: 100%;
      }
      output {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  /** Percent, 0–100. */
  @property({ type: Number }) volume = 100;

  override render() {
    return html`<label
      ><span>${icon(volumeIcon)}${msg.call.volume}</span>
      <input
        type="range"
        min="0"
        max="100"
        step="5"
        data-testid="speaker-volume"
        .value=${String(this.volume)}
        aria-valuetext=${formatLevel(this.volume)}
        @input=${(e: Event) =>
          this.dispatchEvent(spVolumeChange({ volume: Number((e.target as HTMLInputElement).value) }))}
      />
      <output data-testid="speaker-volume-value">${formatLevel(this.volume)}</output></label
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-volume-control': SpVolumeControl;
  }
}
