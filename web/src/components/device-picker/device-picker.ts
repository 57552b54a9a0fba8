/**
 * Microphone, speaker and ring-device pickers, which apply at once (and say so: they sit apart from
 * the settings form and its Save button). Devices come in as a list; an id no longer present
 * (unplugged) shows as the system default. Names need a granted microphone permission.
 *
 * @fires sp-device-change - detail `{ role, deviceId }` (undefined = system default).
 */
import { html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { spDeviceChange, type SpDeviceChangeDetail } from '../../events/sp-device-change.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { settingsFormStyles } from '../settings-form/settings-form.styles.ts';
import { sharedStyles } from '../shared.styles.ts';

export type DeviceOption = { deviceId: string; label: string; kind: 'audioinput' | 'audiooutput' };
type Role = SpDeviceChangeDetail['role'];

@customElement('sp-device-picker')
export class SpDevicePicker extends LocalizedElement {
  static override styles = [sharedStyles, settingsFormStyles];

  @property({ attribute: false }) devices: readonly DeviceOption[] = [];
  @property({ attribute: false }) selected: Partial<Record<Role, string>> = {};
  @property({ type: Boolean, attribute: 'has-labels' }) hasLabels = true;

  override render() {
    return html`<fieldset>
      <legend>${msg.settings.devices}</legend>
      <p class="muted" data-testid="devices-apply-at-once">${msg.settings.devicesApplyAtOnce}</p>
      ${this.#picker('input', msg.settings.microphone, 'audioinput')}
      ${this.#picker('output', msg.settings.speaker, 'audiooutput')}
      ${this.#picker('ring', msg.settings.ringDevice, 'audiooutput')}
      ${this.hasLabels ? '' : html`<p class="muted">${msg.settings.devicesNeedPermission}</p>`}
      <slot></slot>
    </fieldset>`;
  }

  #picker(role: Role, label: string, kind: DeviceOption['kind']) {
    const options = this.devices.filter((d) => d.kind === kind && d.deviceId !== 'default' && d.deviceId !== '');
    const current = this.selected[role];
    return html`<label
      >${label}
      <select
        data-testid="device-${role}"
        @change=${(e: Event) => this.#changed(role, (e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${!current || !options.some((o) => o.deviceId === current)}>
          ${msg.settings.defaultDevice}
        </option>
        ${options.map(
          (o, i) =>
            html`<option value=${o.deviceId} ?selected=${o.deviceId === current}>
              ${o.label || msg.settings.unnamedDevice(label, i + 1)}
            </option>`,
        )}
      </select>
    </label>`;
  }

  #changed(role: Role, value: string): void {
    this.dispatchEvent(spDeviceChange({ role, deviceId: value || undefined }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-device-picker': SpDevicePicker;
  }
}
