/**
 * The app shell: provides the services main.ts built (via @lit/context), shows the status bar, the
 * banners (update, sound blocked, device fallback, another window active, not paired, microphone,
 * errors), the section navigation and the three screens, and owns the ringtone. Holds no telephony
 * state.
 */
import { provide } from '@lit/context';
import { html, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import '../components/banner/banner.ts';
import '../components/help-dialog/help-dialog.ts';
import { icon } from '../components/icon/icon.ts';
import { callIcon, helpIcon, historyIcon, settingsIcon, type IconNode } from '../components/icon/icons.ts';
import '../components/password-dialog/password-dialog.ts';
import '../components/remote-audio/call-audio.ts';
import type { SpHelpDialog } from '../components/help-dialog/help-dialog.ts';
import type { SpSettingsScreen } from '../screens/settings-screen.ts';
import '../components/status-bar/status-bar.ts';
import { KeyboardController } from '../controllers/keyboard-controller.ts';
import { MicPermissionController } from '../controllers/mic-permission-controller.ts';
import { PhoneStateController } from '../controllers/phone-state-controller.ts';
import { RingtoneController, type RingProblem } from '../controllers/ringtone-controller.ts';
import { StoreController } from '../controllers/store-controller.ts';
import type { SpActionFailedEvent } from '../events/sp-action-failed.ts';
import type { SpAudioProblemEvent } from '../events/sp-audio-problem.ts';
import type { SpBannerActionEvent } from '../events/sp-banner-action.ts';
import type { AppTab, SpNavigateEvent } from '../events/sp-navigate.ts';
import { spSoundUnlock } from '../events/sp-sound-unlock.ts';
import { LocalizedElement } from '../i18n/localized-element.ts';
import { msg } from '../i18n/messages.ts';
import type { Logger } from '../lib/log.ts';
import '../screens/call-screen.ts';
import '../screens/history-screen.ts';
import '../screens/settings-screen.ts';
import type { CallHistoryStore } from '../storage/call-history-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import { historyContext, logContext, sessionContext, settingsContext, updateContext } from './contexts.ts';
import { isCompanionDown } from './link-view.ts';
import { listenForNotificationClicks } from './notifications.ts';
import type { PhoneSession } from './phone-session.ts';
import type { MissedCalls } from './missed-calls.ts';
import type { UpdateService } from './pwa-update.ts';
import { appStyles } from './sp-app.styles.ts';
import { applyTheme } from './theme.ts';
import { homeRegistration } from '../../../protocol/src/index.ts';

const TABS: AppTab[] = ['phone', 'history', 'settings'];
const TAB_ICONS: Record<AppTab, IconNode> = { phone: callIcon, history: historyIcon, settings: settingsIcon };

@customElement('sp-app')
export class SpApp extends LocalizedElement {
  static override styles = appStyles;

  @provide({ context: sessionContext }) @property({ attribute: false }) session!: PhoneSession;
  @provide({ context: settingsContext }) @property({ attribute: false }) settings!: SettingsStore;
  @provide({ context: historyContext }) @property({ attribute: false }) history!: CallHistoryStore;
  @provide({ context: updateContext }) @property({ attribute: false }) updates!: UpdateService;
  @provide({ context: logContext }) @property({ attribute: false }) log!: Logger;
  @property({ attribute: false }) missedCalls!: MissedCalls;

  @state() private tab: AppTab = 'phone';
  @state() private isSoundBlocked = false;
  @state() private sinkFallback: string | null = null;
  @state() private actionError: string | null = null;
  /**
   * False when the gateway did not answer at start (an offline start from the service-worker cache);
   * cleared once the SIP transport connects, which proves the gateway is back. navigator.onLine is
   * not used: it reads false on a loopback-only machine that reaches the gateway fine.
   */
  @property({ attribute: false }) isGatewayReachable = true;
  @query('sp-help-dialog') private help!: SpHelpDialog;
  @query('sp-settings-screen') private settingsScreen!: SpSettingsScreen;

  private readonly phone = new PhoneStateController(this, () => this.session);
  private readonly mic = new MicPermissionController(this);

  constructor() {
    super();
    new StoreController(this, () => this.updates);
    new StoreController(this, () => this.settings);
    new StoreController(this, () => this.missedCalls);
    new RingtoneController(this, {
      session: () => this.session,
      settings: () => this.settings,
      log: () => this.log,
      onProblem: (problem) => this.#onAudioProblem(problem),
    });
    new KeyboardController(this, (action) => {
      if (action.name === 'help') {
        this.help.show();
        return true;
      }
      return false;
    });
    this.addEventListener('sp-audio-problem', (e: SpAudioProblemEvent) => this.#onAudioProblem(e.detail));

    this.addEventListener('sp-navigate', (e: SpNavigateEvent) => (this.tab = e.detail.tab));
    this.addEventListener('sp-missed-seen', () => this.missedCalls.markSeen());
    this.addEventListener('sp-banner-action', (e: SpBannerActionEvent) => this.#onBannerAction(e.detail.id));
  }

  // On window: the screens' events bubble out of their shadow roots to it, and the leader's effects
  // (outside the element tree) report there a call that could not carry audio.
  readonly #onActionFailed = (e: SpActionFailedEvent): void => {
    this.actionError = e.detail.message;
  };

  readonly #onVisibilityChange = (): void => this.requestUpdate();
  #offNotificationClicks: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('sp-action-failed', this.#onActionFailed);
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    // A missed-call notification's click shows History.
    this.#offNotificationClicks = listenForNotificationClicks(
      (message) => message.action === 'history' && (this.tab = 'history'),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('sp-action-failed', this.#onActionFailed);
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#offNotificationClicks?.();
  }

  protected override willUpdate(): void {
    if (!this.isGatewayReachable && this.session?.snapshot.transport === 'connected') {
      this.isGatewayReachable = true;
    }
    if (this.settings) {
      applyTheme(this.settings.current().theme);
    }
  }

  protected override updated(): void {
    // Opening History (or having it in view when a call is missed) is seeing the missed calls; a
    // window in the background has not shown them to anyone yet.
    if (this.tab === 'history' && !document.hidden && this.missedCalls?.unseen.length) {
      this.missedCalls.markSeen();
    }
  }

  override render() {
    const snapshot = this.phone.snapshot;
    const banners = this.#renderBanners();
    return html`
      <header>
        <h1>${msg.appName}</h1>
        <button
          type="button"
          class="help"
          data-testid="help-button"
          aria-label=${msg.nav.help}
          @click=${() => this.help.show()}
        >
          ${icon(helpIcon)}
        </button>
      </header>
      <sp-status-bar
        .link=${this.phone.link}
        .wweSession=${this.phone.link.wweSession}
        .registration=${homeRegistration(snapshot)}
        .peerSite=${snapshot.slots[1]?.registration}
        transport=${snapshot.transport}
        .isGatewayReachable=${this.isGatewayReachable}
      ></sp-status-bar>
      <div class="banners" ?hidden=${banners.length === 0}>${banners}</div>
      <nav aria-label=${msg.nav.label}>
        ${TABS.map(
          (tab) =>
            html`<button
              type="button"
              data-testid="nav-${tab}"
              aria-current=${this.tab === tab ? 'page' : 'false'}
              @click=${() => (this.tab = tab)}
            >
              ${icon(TAB_ICONS[tab])}${msg.nav[tab]}${tab === 'history' ? this.#renderMissedBadge() : ''}
            </button>`,
        )}
      </nav>
      <main>
        <sp-call-screen ?hidden=${this.tab !== 'phone'} .missedCalls=${this.missedCalls?.unseen ?? []}></sp-call-screen>
        <sp-history-screen ?hidden=${this.tab !== 'history'}></sp-history-screen>
        <sp-settings-screen ?hidden=${this.tab !== 'settings'}></sp-settings-screen>
      </main>
      <sp-help-dialog></sp-help-dialog>
      <sp-password-dialog></sp-password-dialog>
      <sp-call-audio></sp-call-audio>
    `;
  }

  #renderMissedBadge(): TemplateResult | string {
    const count = this.missedCalls?.unseen.length ?? 0;
    return count === 0
      ? ''
      : html` <span class="badge" data-testid="missed-badge"
          ><span aria-hidden="true">${count}</span><span class="visually-hidden">${msg.missed.badge(count)}</span></span
        >`;
  }

  #renderBanners(): TemplateResult[] {
    const role = this.phone.role;
    const banners: TemplateResult[] = [];
    if (role === 'follower') {
      banners.push(
        html`<sp-banner banner-id="follower" tone="warning" action=${msg.banner.takeOver}
          >${msg.banner.follower}</sp-banner
        >`,
      );
    }
    if (this.phone.link.state === 'unpaired') {
      banners.push(
        html`<sp-banner banner-id="unpaired" tone="warning" action=${msg.banner.unpairedAction}
          >${msg.banner.unpaired}</sp-banner
        >`,
      );
    }
    if (isCompanionDown(this.phone.link)) {
      banners.push(html`<sp-banner banner-id="companion-down" tone="error">${msg.banner.companionDown}</sp-banner>`);
    }
    if (!this.isGatewayReachable) {
      banners.push(html`<sp-banner banner-id="offline" tone="warning">${msg.banner.offline}</sp-banner>`);
    }
    if (role === 'starting') {
      banners.push(html`<sp-banner banner-id="starting">${msg.banner.starting}</sp-banner>`);
    }
    if (this.updates?.isReady && !this.phone.hasCalls) {
      banners.push(
        html`<sp-banner banner-id="update" action=${msg.banner.updateReload}>${msg.banner.update}</sp-banner>`,
      );
    }
    if (this.isSoundBlocked) {
      banners.push(
        html`<sp-banner banner-id="sound" tone="warning" action=${msg.banner.soundEnable}
          >${msg.banner.sound}</sp-banner
        >`,
      );
    }
    if (this.sinkFallback !== null) {
      banners.push(
        html`<sp-banner banner-id="sink" tone="warning" dismissible
          >${msg.banner.sinkFallback(this.sinkFallback)}</sp-banner
        >`,
      );
    }
    if (role === 'leader' && (this.mic.state === 'denied' || this.mic.state === 'prompt')) {
      banners.push(
        html`<sp-banner
          banner-id="mic"
          tone=${this.mic.state === 'denied' ? 'error' : 'warning'}
          action=${this.mic.state === 'prompt' ? msg.banner.micAllow : ''}
          >${msg.banner.micDenied}</sp-banner
        >`,
      );
    }
    if (this.actionError !== null) {
      banners.push(
        html`<sp-banner banner-id="error" tone="error" dismissible
          >${msg.banner.actionFailed(this.actionError)}</sp-banner
        >`,
      );
    }
    return banners;
  }

  /** Opens Settings on its pairing section, the button focused. */
  async #showPairing(): Promise<void> {
    this.tab = 'settings';
    await this.updateComplete;
    await this.settingsScreen.showPairing();
  }

  #onAudioProblem(problem: RingProblem): void {
    if (problem.kind === 'autoplay') {
      this.isSoundBlocked = true;
    } else {
      this.sinkFallback = problem.deviceId;
    }
  }

  #onBannerAction(id: string): void {
    switch (id) {
      case 'follower':
        this.session.takeOver();
        break;
      case 'unpaired':
        void this.#showPairing();
        break;
      case 'update':
        this.updates.reload();
        break;
      case 'sound':
        this.isSoundBlocked = false;
        window.dispatchEvent(spSoundUnlock());
        break;
      case 'mic':
        void this.mic.request();
        break;
      case 'sink:dismiss':
        this.sinkFallback = null;
        break;
      case 'error:dismiss':
        this.actionError = null;
        break;
      default:
        this.log.warn(`unknown banner action ${id}`);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-app': SpApp;
  }
}
