/**
 * The settings form, framed as one block that ends with its Save button and says so at its top (the
 * device choices, which apply at once, live outside it): first the agent's own preferences (DTMF mode, codecs, auto-answer policy, audio
 * processing, theme and language, with a note when WWE's preferred_language decides it), then the
 * connection settings collapsed under "Connection" (connection-fields.ts: gateway WSS URL, companion
 * URL, STUN/TURN; read-only where the admin enforces them). Edits the *stored* settings. A TURN URL
 * without a TURN user name is refused with a message next to the field (no call could be placed with it).
 *
 * @fires sp-settings-change - on submit; detail `{ patch }`.
 */
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { spSettingsChange } from '../../events/sp-settings-change.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { LANGUAGES, type Language } from '../../i18n/language-tags.ts';
import { language } from '../../i18n/language.ts';
import { msg } from '../../i18n/messages.ts';
import type { AudioCodec, Settings } from '../../settings/settings.ts';
import type { GatewayConfig } from '../../storage/gateway-defaults.ts';
import { sharedStyles } from '../shared.styles.ts';
import { choice } from './choice.ts';
import { connectionFields, connectionPatch } from './connection-fields.ts';
import { turnUrlsWithoutUser } from './ice-servers.ts';
import { settingsFormStyles } from './settings-form.styles.ts';
import { submittedForm } from '../submitted-form.ts';

const DTMF_MODES = ['rfc4733', 'info'] as const;
/** The codec orders the form offers; an admin policy may store any other order. */
const CODEC_PRESETS: Record<'opus' | 'g711', readonly AudioCodec[]> = {
  opus: ['opus', 'PCMU', 'PCMA'],
  g711: ['PCMU', 'PCMA'],
};
const CODEC_PRESET_NAMES = ['opus', 'g711'] as const;
const AUTO_ANSWER = ['never', 'when-requested', 'always'] as const;
const THEMES = ['system', 'light', 'dark'] as const;
const LANGUAGE_CHOICES = ['auto', ...LANGUAGES] as const;
const AUDIO_FLAGS = ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const;

/** A language's name in that language (`français`, `日本語`), so an agent finds their own in any UI. */
const ownName = (tag: Language): string => new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;

@customElement('sp-settings-form')
export class SpSettingsForm extends LocalizedElement {
  static override styles = [sharedStyles, settingsFormStyles];

  @property({ attribute: false }) settings!: Settings;
  @property({ attribute: false }) gateway: GatewayConfig | null = null;
  /** TURN URLs the agent tried to save without a user name; the form refuses them until one is given. */
  @state() private turnUrlsMissingUser: string[] = [];

  override render() {
    const s = this.settings;
    return html`<form class="saved" @submit=${this.#onSubmit} data-testid="settings-form">
      <p class="muted">${msg.settings.savedWith(msg.settings.save)}</p>
      <fieldset>
        <legend>${msg.settings.calls}</legend>
        <div class="pair">
          ${choice({
            label: msg.settings.dtmfMode,
            name: 'dtmfMode',
            testId: 'settings-dtmf',
            values: DTMF_MODES,
            isSelected: (mode) => s.dtmfMode === mode,
            text: (mode) => msg.settings.dtmf[mode],
          })}
          ${choice({
            label: msg.settings.audioCodecs,
            name: 'audioCodecs',
            testId: 'settings-codecs',
            values: CODEC_PRESET_NAMES,
            isSelected: (name) => (s.audioCodecs[0] === 'opus') === (name === 'opus'),
            text: (name) => msg.settings.codecPreset[name],
          })}
          ${choice({
            label: msg.settings.autoAnswer,
            name: 'autoAnswer',
            testId: 'settings-auto-answer',
            values: AUTO_ANSWER,
            isSelected: (policy) => s.autoAnswer === policy,
            text: (policy) => msg.settings.autoAnswerPolicy[policy],
          })}
        </div>
        <fieldset class="inner">
          <legend>${msg.settings.audio}</legend>
          ${AUDIO_FLAGS.map(
            (flag) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  name=${flag}
                  data-testid="settings-${flag}"
                  .checked=${s.audio[flag]}
                />${msg.settings[flag]}</label
              >`,
          )}
        </fieldset>
        ${choice({
          label: msg.settings.theme,
          name: 'theme',
          testId: 'settings-theme',
          values: THEMES,
          isSelected: (theme) => s.theme === theme,
          text: (theme) => msg.settings.themes[theme],
        })}
        ${choice({
          label: msg.settings.language,
          name: 'language',
          testId: 'settings-language',
          values: LANGUAGE_CHOICES,
          isSelected: (tag) => s.language === tag,
          text: (tag) => (tag === 'auto' ? msg.settings.languageAuto : ownName(tag)),
        })}
        ${this.#renderWweLanguage()}
      </fieldset>
      ${connectionFields(s, this.gateway, this.turnUrlsMissingUser)}
      <div class="actions">
        <button type="submit" class="primary" data-testid="settings-save">${msg.settings.save}</button>
      </div>
    </form>`;
  }

  #renderWweLanguage() {
    const fromWwe = language.fromWwe();
    return fromWwe
      ? html`<p class="muted" data-testid="language-from-wwe">${msg.settings.languageFromWwe(ownName(fromWwe))}</p>`
      : '';
  }

  #onSubmit(event: SubmitEvent): void {
    const { form, data, text: raw } = submittedForm(event);
    const text = (name: string): string => raw(name).trim();
    const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T =>
      allowed.find((value) => value === text(name)) ?? fallback;
    const s = this.settings;
    this.turnUrlsMissingUser = turnUrlsWithoutUser(text('iceUrls'), text('iceUsername'));
    if (this.turnUrlsMissingUser.length > 0) {
      const username = form.elements.namedItem('iceUsername');
      if (username instanceof HTMLInputElement) {
        username.focus();
      }
      return;
    }
    this.dispatchEvent(
      spSettingsChange({
        patch: {
          ...connectionPatch(text, s, this.gateway),
          dtmfMode: pick('dtmfMode', DTMF_MODES, s.dtmfMode),
          audioCodecs: [
            ...CODEC_PRESETS[pick('audioCodecs', CODEC_PRESET_NAMES, s.audioCodecs[0] === 'opus' ? 'opus' : 'g711')],
          ],
          autoAnswer: pick('autoAnswer', AUTO_ANSWER, s.autoAnswer),
          theme: pick('theme', THEMES, s.theme),
          language: pick('language', LANGUAGE_CHOICES, s.language),
          audio: {
            echoCancellation: data.has('echoCancellation'),
            noiseSuppression: data.has('noiseSuppression'),
            autoGainControl: data.has('autoGainControl'),
          },
        },
      }),
    );
    const credential = form.elements.namedItem('iceCredential');
    if (credential instanceof HTMLInputElement) {
      credential.value = '';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-settings-form': SpSettingsForm;
  }
}
