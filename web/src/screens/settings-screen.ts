/**
 * Settings: the settings form, credentials per DN, the devices section (screens/devices-section.ts),
 * pairing with the companion and the notification permission. Writes through the settings store only; the
 * core picks changes up through SettingsSource.subscribe.
 */
import { consume } from '@lit/context';
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { logContext, sessionContext, settingsContext } from '../app/contexts.ts';
import {
  notificationPermission,
  requestNotificationPermission,
  type NotificationPermissionView,
} from '../app/notifications.ts';
import { pairWithCompanion, type PairingOutcome } from '../app/pairing.ts';
import type { PhoneSession } from '../app/phone-session.ts';
import '../components/credentials-editor/credentials-editor.ts';
import '../components/settings-form/settings-form.ts';
import './devices-section.ts';
import { settingsFormStyles } from '../components/settings-form/settings-form.styles.ts';
import { sharedStyles } from '../components/shared.styles.ts';
import { StoreController } from '../controllers/store-controller.ts';
import type { SpCredentialRemoveEvent } from '../events/sp-credential-remove.ts';
import type { SpCredentialSaveEvent } from '../events/sp-credential-save.ts';
import type { SpSettingsChangeEvent } from '../events/sp-settings-change.ts';
import { LocalizedElement } from '../i18n/localized-element.ts';
import { msg } from '../i18n/messages.ts';
import { assertNever } from '../lib/assert-never.ts';
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
  @consume({ context: sessionContext }) private session?: PhoneSession;
  @consume({ context: logContext }) private log?: Logger;

  /** The last outcome, worded when shown (so a language switch rewords it). */
  @state() private status: (() => string) | null = null;
  /** The pairing code to show while the user confirms it on the companion's page. */
  @state() private pairingCode = '';
  @state() private notifications: NotificationPermissionView = notificationPermission();

  constructor() {
    super();
    new StoreController(this, () => this.settings);
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
      <p role="status" class="muted" data-testid="settings-status" ?hidden=${this.status === null}>
        ${this.status?.()}
      </p>
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
      <sp-devices-section></sp-devices-section>
      <fieldset>
        <legend>${msg.settings.companion}</legend>
        <div class="row">
          <button type="button" class="primary" data-testid="pair-companion" @click=${this.#pair}>
            ${msg.settings.pair}
          </button>
          <span data-testid="pair-state">${stored.pairingSecret ? msg.settings.paired : msg.settings.notPaired}</span>
        </div>
        <p class="row" role="status" ?hidden=${this.pairingCode === ''}>
          ${msg.settings.pairingCode} <strong data-testid="pair-code">${this.pairingCode}</strong>
        </p>
      </fieldset>
      <fieldset>
        <legend>${msg.settings.notifications}</legend>
        <div class="row">${this.#renderNotifications()}</div>
      </fieldset>
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

  readonly #pair = async (): Promise<void> => {
    if (!this.settings) {
      return;
    }
    const outcome = await pairWithCompanion(this.settings.current().companionUrl, {
      onCode: (code) => {
        this.pairingCode = code;
      },
    });
    this.pairingCode = '';
    if (outcome.state !== 'paired') {
      this.status = () => pairingProblem(outcome);
      return;
    }
    await this.#save({ pairingSecret: outcome.secret });
    this.session?.restartLink();
    this.status = () => msg.settings.pairingDone;
  };

  readonly #enableNotifications = async (): Promise<void> => {
    this.notifications = await requestNotificationPermission();
  };
}

/** What went wrong with pairing, in plain words. */
function pairingProblem(outcome: Exclude<PairingOutcome, { state: 'paired' }>): string {
  switch (outcome.state) {
    case 'blocked':
      return msg.settings.pairingBlocked;
    case 'unreachable':
      return msg.settings.pairingUnreachable;
    case 'cancelled':
      return msg.settings.pairingCancelled;
    case 'timeout':
      return msg.settings.pairingTimeout;
    case 'refused':
      return msg.settings.pairingRefused(outcome.code, outcome.message);
    default:
      return assertNever(outcome);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-settings-screen': SpSettingsScreen;
  }
}
