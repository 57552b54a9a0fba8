/**
 * Settings, top to bottom: pairing with the companion (screens/pairing-section.ts: first while not
 * paired, a quiet line once paired), then what applies at once — the audio devices
 * (screens/devices-section.ts) and the notification permission — and only then the settings form, in
 * its own frame that ends with its Save button, so no control that needs no saving sits next to it;
 * credentials per DN last, each saved by its own button. Writes through the settings store only; the
 * core picks changes up through SettingsSource.subscribe.
 */
import { consume } from '@lit/context';
import { css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { logContext, settingsContext } from '../app/contexts.ts';
import {
  notificationPermission,
  requestNotificationPermission,
  type NotificationPermissionView,
} from '../app/notifications.ts';
import '../components/credentials-editor/credentials-editor.ts';
import '../components/settings-form/settings-form.ts';
import './devices-section.ts';
import './pairing-section.ts';
import type { SpPairingSection } from './pairing-section.ts';
import { settingsFormStyles } from '../components/settings-form/settings-form.styles.ts';
import { sharedStyles } from '../components/shared.styles.ts';
import { StoreController } from '../controllers/store-controller.ts';
import type { SpCredentialRemoveEvent } from '../events/sp-credential-remove.ts';
import type { SpCredentialSaveEvent } from '../events/sp-credential-save.ts';
import type { SpSettingsChangeEvent } from '../events/sp-settings-change.ts';
import { LocalizedElement } from '../i18n/localized-element.ts';
import { msg } from '../i18n/messages.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsPatch, SettingsStore } from '../storage/settings-store.ts';

@customElement('sp-settings-screen')
export class SpSettingsScreen extends LocalizedElement {
  static override styles = [
    sharedStyles,
    settingsFormStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      h2 {
        margin: 0;
        font-size: 1.2rem;
      }
    `,
  ];

  @consume({ context: settingsContext }) private settings?: SettingsStore;
  @consume({ context: logContext }) private log?: Logger;

  /** The last save's outcome, worded when shown (so a language switch rewords it). */
  @state() private status: (() => string) | null = null;
  @query('sp-pairing-section') private pairing!: SpPairingSection;
  @state() private notifications: NotificationPermissionView = notificationPermission();

  constructor() {
    super();
    new StoreController(this, () => this.settings);
  }

  /** Lands on the pairing section with its button focused (the "not paired" banner's action). */
  async showPairing(): Promise<void> {
    await this.updateComplete;
    await this.pairing.focusPairing();
  }

  override render() {
    if (!this.settings) {
      return html``;
    }
    const stored = this.settings.stored();
    const credentials = Object.entries(stored.credentials).map(([dn, c]) => ({
      dn,
      ...(c.authorizationUser ? { authorizationUser: c.authorizationUser } : {}),
    }));
    return html`
      <h2>${msg.settings.title}</h2>
      <sp-pairing-section></sp-pairing-section>
      <p role="status" class="muted" data-testid="settings-status" ?hidden=${this.status === null}>
        ${this.status?.()}
      </p>
      <sp-devices-section></sp-devices-section>
      <fieldset>
        <legend>${msg.settings.notifications}</legend>
        <div class="row">${this.#renderNotifications()}</div>
      </fieldset>
      <sp-settings-form
        .settings=${stored}
        .gateway=${this.settings.gateway()}
        @sp-settings-change=${(e: SpSettingsChangeEvent) => this.#save(e.detail.patch)}
      ></sp-settings-form>
      <sp-credentials-editor
        .credentials=${credentials}
        @sp-credential-save=${this.#onCredentialSave}
        @sp-credential-remove=${this.#onCredentialRemove}
      ></sp-credentials-editor>
    `;
  }

  #renderNotifications() {
    switch (this.notifications) {
      case 'granted':
        return html`<span data-testid="notifications-state">${msg.settings.notificationsOn}</span>`;
      case 'denied':
        return html`<span data-testid="notifications-state">${msg.settings.notificationsDenied}</span>`;
      case 'unsupported':
        return html`<span data-testid="notifications-state">${msg.settings.notificationsUnsupported}</span>`;
      case 'default':
        return html`<button type="button" data-testid="notifications-enable" @click=${this.#enableNotifications}>
          ${msg.settings.enableNotifications}
        </button>`;
      default:
        return html``;
    }
  }

  async #save(patch: SettingsPatch): Promise<void> {
    try {
      await this.settings?.save(patch);
      this.status = () => msg.settings.saved;
    } catch (error) {
      this.log?.warn('settings not saved', error);
      const reason = error instanceof Error ? error.message : String(error);
      this.status = () => msg.settings.saveFailed(reason);
    }
  }

  readonly #onCredentialSave = (event: SpCredentialSaveEvent): void => {
    const { dn, ...credential } = event.detail;
    const credentials = this.settings?.stored().credentials ?? {};
    void this.#save({ credentials: { ...credentials, [dn]: credential } });
  };

  readonly #onCredentialRemove = (event: SpCredentialRemoveEvent): void => {
    const credentials = { ...this.settings?.stored().credentials };
    delete credentials[event.detail.dn];
    void this.#save({ credentials });
  };

  readonly #enableNotifications = async (): Promise<void> => {
    this.notifications = await requestNotificationPermission();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-settings-screen': SpSettingsScreen;
  }
}
