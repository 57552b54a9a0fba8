/**
 * The phone screen: manual registration, unseen missed calls, ringing calls, the call lines with the
 * speaker volume and transfer outcomes, and the dial pad. Turns `sp-*` events and keyboard shortcuts
 * into PhoneService commands — the same commands the companion relays — and reports refusals with
 * `sp-action-failed`. Holds only UI state (the dial text).
 */
import { consume } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  MAX_LINES,
  currentCall,
  type CommandName,
  type CommandParams,
  homeRegistration,
} from '../../../protocol/src/index.ts';
import { historyContext, sessionContext, settingsContext } from '../app/contexts.ts';
import type { PhoneSession } from '../app/phone-session.ts';
import type { ShortcutAction } from '../app/shortcuts.ts';
import '../components/call-panel/call-panel.ts';
import type { SpCallPanel } from '../components/call-panel/call-panel.ts';
import '../components/dial-pad/dial-pad.ts';
import { cleanDialInput, isDialable } from '../components/dial-pad/dial-number.ts';
import '../components/incoming-call/incoming-call.ts';
import '../components/missed-calls/missed-calls.ts';
import '../components/register-form/register-form.ts';
import '../components/volume-control/volume-control.ts';
import { ClockController } from '../controllers/clock-controller.ts';
import { KeyboardController } from '../controllers/keyboard-controller.ts';
import { PhoneStateController } from '../controllers/phone-state-controller.ts';
import { QualityHistoryController } from '../controllers/quality-history-controller.ts';
import { StoreController } from '../controllers/store-controller.ts';
import { TransferNoticeController } from '../controllers/transfer-notice-controller.ts';
import { spActionFailed } from '../events/sp-action-failed.ts';
import type { SpDialEvent } from '../events/sp-dial.ts';
import type { SpRegisterEvent } from '../events/sp-register.ts';
import type { SpSwapEvent } from '../events/sp-swap.ts';
import type { SpTransferEvent } from '../events/sp-transfer.ts';
import type { SpVolumeChangeEvent } from '../events/sp-volume-change.ts';
import type { PhoneService } from '../phone/phone-port.ts';
import type { CallHistoryStore, HistoryEntry } from '../storage/call-history-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import { saveDnPassword } from '../storage/save-dn-password.ts';
import { msg } from '../i18n/messages.ts';

@customElement('sp-call-screen')
export class SpCallScreen extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 1rem;
    }
    .calls {
      display: grid;
      gap: 0.75rem;
    }
    .notice {
      margin: 0;
      padding: 0.75rem 1rem;
      border-radius: var(--sp-radius);
      border-left: 4px solid var(--sp-success);
      background: color-mix(in srgb, var(--sp-success) 10%, transparent);
      font-weight: 600;
    }
  `;

  @consume({ context: sessionContext }) private session?: PhoneSession;
  @consume({ context: settingsContext }) private settings?: SettingsStore;
  @consume({ context: historyContext }) private history?: CallHistoryStore;

  /** Missed calls the agent has not seen yet (app/missed-calls.ts). */
  @property({ attribute: false }) missedCalls: readonly HistoryEntry[] = [];

  @state() private dialValue = '';
  @state() private lastDialed = '';

  private readonly phone = new PhoneStateController(this, () => this.session);
  private readonly clock = new ClockController(this, () => this.phone.hasCalls);
  private readonly quality = new QualityHistoryController(this, () => this.phone.snapshot.calls);
  private readonly transfers = new TransferNoticeController(this, () => this.session);

  constructor() {
    super();
    new StoreController(this, () => this.settings);
    new KeyboardController(this, (action) => this.#onShortcut(action));
  }

  #offHistory: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback(); // context values arrive here
    this.#offHistory = this.history?.subscribe(() => void this.#loadLastDialed());
    void this.#loadLastDialed();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offHistory?.();
  }

  override render() {
    const snapshot = this.phone.snapshot;
    const isLeader = this.phone.role === 'leader';
    const incoming = snapshot.calls.filter((call) => call.state === 'incoming');
    const lines = snapshot.calls.filter((call) => call.state !== 'incoming');
    const current = currentCall(lines);
    return html`
      <sp-register-form
        .registration=${homeRegistration(snapshot)}
        default-dn=${this.#defaultDn()}
        default-server=${this.settings?.gateway()?.sipDomain ?? location.hostname}
        ?disabled=${!isLeader}
        call-count=${snapshot.calls.length}
        @sp-register=${this.#onRegister}
        @sp-unregister=${() => this.#run('unregister', {})}
      ></sp-register-form>
      <sp-missed-calls
        .calls=${this.missedCalls}
        ?can-dial=${isLeader && snapshot.calls.length < MAX_LINES}
        @sp-dial=${this.#onDial}
      ></sp-missed-calls>
      ${repeat(
        incoming,
        (call) => call.callId,
        (call) =>
          html`<sp-incoming-call
            .call=${call}
            @sp-answer=${() => this.#run('answer', { callId: call.callId })}
            @sp-hangup=${() => this.#run('hangup', { callId: call.callId })}
          ></sp-incoming-call>`,
      )}
      <div class="calls">
        ${this.transfers.notices.map(
          (notice) =>
            html`<p class="notice" role="status" data-testid="transfer-notice">
              ${msg.call.transferredNotice(notice.caller, notice.target)}
            </p>`,
        )}
        ${lines.map(
          (call, index) =>
            html`<sp-call-panel
              data-call-id=${call.callId}
              .call=${call}
              .now=${this.clock.now}
              line=${lines.length > 1 ? index + 1 : 0}
              ?is-current=${lines.length > 1 && call === current}
              .otherCall=${lines.find((other) => other !== call && other.state === 'active')}
              @sp-swap=${this.#onSwap}
              .qualitySeries=${this.quality.mos(call.callId)}
              @sp-transfer=${this.#onTransfer}
              @sp-hold-toggle=${(e: CustomEvent<{ callId: string; held: boolean }>) => this.#run('setHold', e.detail)}
              @sp-mute-toggle=${(e: CustomEvent<{ callId: string; muted: boolean }>) => this.#run('setMute', e.detail)}
              @sp-dtmf=${(e: CustomEvent<{ callId: string; tones: string }>) => this.#run('sendDtmf', e.detail)}
              @sp-hangup=${() => this.#run('hangup', { callId: call.callId })}
            ></sp-call-panel>`,
        )}
        ${
          lines.length > 0
            ? html`<sp-volume-control
                .volume=${snapshot.audio.speaker.volume}
                @sp-volume-change=${(e: SpVolumeChangeEvent) => this.#run('setAudio', { speaker: e.detail })}
              ></sp-volume-control>`
            : ''
        }
      </div>
      <sp-dial-pad
        .value=${this.dialValue}
        last-dialed=${this.lastDialed}
        ?is-second-line=${lines.length === 1}
        ?compact=${snapshot.calls.length > 0}
        ?disabled=${!isLeader || snapshot.calls.length >= MAX_LINES}
        disabled-reason=${snapshot.calls.length >= MAX_LINES ? msg.dial.linesBusy : ''}
        @sp-dial-input=${(e: CustomEvent<{ value: string }>) => (this.dialValue = e.detail.value)}
        @sp-dial=${this.#onDial}
      ></sp-dial-pad>
    `;
  }

  #defaultDn(): string {
    const registration = homeRegistration(this.phone.snapshot);
    if (registration.state !== 'unregistered') {
      return registration.dn;
    }
    return Object.keys(this.settings?.stored().credentials ?? {})[0] ?? '';
  }

  async #loadLastDialed(): Promise<void> {
    const recent = (await this.history?.list({ limit: 50 })) ?? [];
    this.lastDialed = recent.find((entry) => entry.direction === 'outbound')?.remote ?? '';
  }

  readonly #onDial = (event: SpDialEvent): void => this.#dial(event.detail.target);

  #dial(target: string): void {
    this.lastDialed = target;
    this.#run('dial', { target });
    this.dialValue = '';
  }

  async #onRegister(event: SpRegisterEvent): Promise<void> {
    const { dn, server, password } = event.detail;
    if (password && this.settings) {
      await saveDnPassword(this.settings, dn, password);
    }
    this.#runAll(async (phone) => {
      try {
        await phone.execute('register', { dn, server });
      } catch (error) {
        // A refused registration is told by the status bar with what to do; a banner would repeat
        // it and outlive the next, successful attempt.
        if (homeRegistration(phone.snapshot).state !== 'failed') {
          throw error;
        }
      }
    });
  }

  /** Blind (`target`) or attended (`withCallId`) transfer: the protocol's `transfer` command (REFER). */
  readonly #onTransfer = (event: SpTransferEvent): void => {
    this.#run('transfer', event.detail);
  };

  #run<K extends CommandName>(name: K, params: CommandParams<K>): void {
    this.#runAll(async (phone) => void (await phone.execute(name, params)));
  }

  /** Runs commands on the phone; a failure is told to the agent. */
  #runAll(commands: (phone: PhoneService) => Promise<void>): void {
    const phone = this.session?.phone;
    if (!phone) {
      return;
    }
    commands(phone).catch((error: unknown) => {
      this.dispatchEvent(spActionFailed({ message: error instanceof Error ? error.message : String(error) }));
    });
  }

  /** Swap: the active line goes on hold first, then the held one is taken back. */
  readonly #onSwap = (event: SpSwapEvent): void => {
    const { callId, fromCallId } = event.detail;
    this.#runAll(async (phone) => {
      await phone.execute('setHold', { callId: fromCallId, held: true });
      await phone.execute('setHold', { callId, held: false });
    });
  };

  /** Keyboard shortcuts; returns true when the key did something. */
  #onShortcut(action: ShortcutAction): boolean {
    if (
      this.hidden &&
      (action.name === 'digit' || action.name === 'hold' || action.name === 'mute' || action.name === 'transfer')
    ) {
      return false; // another section is showing; only answer/hang up work from everywhere
    }
    const calls = this.phone.snapshot.calls;
    const ringing = calls.find((call) => call.state === 'incoming');
    // Line shortcuts act on a line; a call ringing in has its own keys (answer, decline).
    const current = currentCall(calls.filter((call) => call.state !== 'incoming'));
    switch (action.name) {
      case 'call-or-answer':
        if (ringing) {
          this.#run('answer', { callId: ringing.callId });
          return true;
        }
        if (isDialable(cleanDialInput(this.dialValue)) && calls.length < MAX_LINES) {
          this.#dial(cleanDialInput(this.dialValue));
          return true;
        }
        return false;
      case 'hangup-or-decline': {
        const target = ringing ?? current;
        if (target) {
          this.#run('hangup', { callId: target.callId });
        }
        return target !== undefined;
      }
      case 'hold':
        if (current?.state === 'active' && !current.isHoldPending) {
          this.#run('setHold', { callId: current.callId, held: !current.isHeld });
          return true;
        }
        return false;
      case 'mute':
        if (current?.state === 'active') {
          this.#run('setMute', { callId: current.callId, muted: !current.isMuted });
          return true;
        }
        return false;
      case 'transfer':
        if (current?.state === 'active') {
          const panel = this.renderRoot.querySelector<SpCallPanel>(`sp-call-panel[data-call-id="${current.callId}"]`);
          void panel?.openTransfer();
          return panel !== null;
        }
        return false;
      case 'digit':
        if (current?.state === 'active') {
          this.#run('sendDtmf', { callId: current.callId, tones: action.digit });
        } else {
          this.dialValue += action.digit;
        }
        return true;
      case 'help':
        return false;
      default:
        return false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-call-screen': SpCallScreen;
  }
}
