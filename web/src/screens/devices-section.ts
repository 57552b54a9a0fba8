/**
 * The devices part of Settings: microphone, speaker and ring-device pickers (refreshed on hot-plug),
 * the live microphone level meter and a test tone on the speaker or the ring device. Opens the
 * microphone only while the agent runs the meter, and plays the tone through its own <audio>
 * element routed with setSinkId, falling back to the default device when the chosen one is gone.
 */
import { consume } from '@lit/context';
import { css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { logContext, sessionContext, settingsContext } from '../app/contexts.ts';
import type { PhoneSession } from '../app/phone-session.ts';
import { toneWav } from '../app/ringtone-wav.ts';
import '../components/device-check/device-check.ts';
import '../components/device-rules/device-rules.ts';
import type { DeviceOption } from '../components/device-picker/device-picker.ts';
import '../components/device-picker/device-picker.ts';
import { sharedStyles } from '../components/shared.styles.ts';
import { MicLevelController } from '../controllers/mic-level-controller.ts';
import { PhoneStateController } from '../controllers/phone-state-controller.ts';
import { setSink } from '../controllers/set-sink.ts';
import { StoreController } from '../controllers/store-controller.ts';
import { spAudioProblem } from '../events/sp-audio-problem.ts';
import type { SpDeviceChangeEvent } from '../events/sp-device-change.ts';
import type { SpMicTestEvent } from '../events/sp-mic-test.ts';
import type { SpTestToneDetail, SpTestToneEvent } from '../events/sp-test-tone.ts';
import { LocalizedElement } from '../i18n/localized-element.ts';
import { msg } from '../i18n/messages.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsStore } from '../storage/settings-store.ts';

const DEVICE_FIELD = { input: 'inputDeviceId', output: 'outputDeviceId', ring: 'ringDeviceId' } as const;
const TEST_TONE_HZ = 440;
const TEST_TONE_SEC = 1.5;

@customElement('sp-devices-section')
export class SpDevicesSection extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @consume({ context: settingsContext }) private settings?: SettingsStore;
  @consume({ context: sessionContext }) private session?: PhoneSession;
  @consume({ context: logContext }) private log?: Logger;

  @state() private devices: DeviceOption[] = [];
  @state() private playingTone: SpTestToneDetail['role'] | '' = '';
  @query('audio') private tone!: HTMLAudioElement;

  private readonly mic = new MicLevelController(this);
  readonly #toneUrl = URL.createObjectURL(new Blob([toneWav(TEST_TONE_HZ, TEST_TONE_SEC)], { type: 'audio/wav' }));

  constructor() {
    super();
    new StoreController(this, () => this.settings);
    // The device rules' plan and the endpoint settings come with the phone's snapshots.
    new PhoneStateController(this, () => this.session);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener('devicechange', this.#refresh);
    void this.#loadDevices();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener('devicechange', this.#refresh);
  }

  override render() {
    const audio = this.settings?.stored().audio;
    const endpoint = this.session?.phone.endpoint?.settings;
    const isHeadsetRequired = endpoint && (endpoint.session.rejectWhenHeadsetMissing || endpoint.device.enforceHeadset);
    return html`<sp-device-rules
        .plan=${this.session?.phone.devices ?? null}
        .requiredHeadset=${isHeadsetRequired ? endpoint.device.headsetName : null}
      ></sp-device-rules>
      <sp-device-picker
        .devices=${this.devices}
        .selected=${{ input: audio?.inputDeviceId, output: audio?.outputDeviceId, ring: audio?.ringDeviceId }}
        ?has-labels=${this.devices.length === 0 || this.devices.some((d) => d.label !== '')}
        @sp-device-change=${this.#onDeviceChange}
      >
        <sp-device-check
          .mic=${this.mic.state}
          playing-tone=${this.playingTone}
          @sp-mic-test=${this.#onMicTest}
          @sp-test-tone=${this.#onTestTone}
        ></sp-device-check>
        <div class="row">
          <button type="button" data-testid="devices-refresh" @click=${this.#refresh}>
            ${msg.settings.refreshDevices}
          </button>
        </div>
      </sp-device-picker>
      <audio data-testid="test-tone" src=${this.#toneUrl} @ended=${() => (this.playingTone = '')}></audio>`;
  }

  /** Hot-plug: a headset came or went. */
  readonly #refresh = (): void => void this.#loadDevices();

  readonly #onDeviceChange = (event: SpDeviceChangeEvent): void => {
    const { role, deviceId } = event.detail;
    this.settings?.save({ audio: { [DEVICE_FIELD[role]]: deviceId } }).catch((error: unknown) => {
      this.log?.warn('device choice not saved', error);
    });
    if (role === 'input' && this.mic.state.state !== 'off') {
      void this.mic.start(deviceId);
    }
  };

  readonly #onMicTest = (event: SpMicTestEvent): void => {
    if (event.detail.isOn) {
      void this.mic.start(this.settings?.current().audio.inputDeviceId);
    } else {
      this.mic.stop();
    }
  };

  readonly #onTestTone = async (event: SpTestToneEvent): Promise<void> => {
    const role = event.detail.role;
    const audio = this.settings?.current().audio;
    const deviceId = role === 'ring' ? audio?.ringDeviceId : audio?.outputDeviceId;
    this.tone.pause();
    this.tone.currentTime = 0;
    if (!(await setSink(this.tone, deviceId))) {
      this.dispatchEvent(spAudioProblem({ kind: 'sink', deviceId: deviceId ?? '' }));
    }
    try {
      this.playingTone = role;
      await this.tone.play();
    } catch (error) {
      this.playingTone = '';
      this.log?.warn('test tone refused', error);
      this.dispatchEvent(spAudioProblem({ kind: 'autoplay' }));
    }
  };

  readonly #loadDevices = async (): Promise<void> => {
    try {
      const list = (await this.session?.phone.media.listDevices()) ?? [];
      this.devices = list
        .filter(
          (d): d is MediaDeviceInfo & { kind: DeviceOption['kind'] } =>
            d.kind === 'audioinput' || d.kind === 'audiooutput',
        )
        .map((d) => ({ deviceId: d.deviceId, label: d.label, kind: d.kind }));
    } catch (error) {
      this.log?.warn('device list unavailable', error);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-devices-section': SpDevicesSection;
  }
}
