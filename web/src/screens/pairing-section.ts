/**
 * Pairing with the companion, at the top of Settings. While the softphone is not paired (no secret
 * stored, or the companion refused the stored one) it is the first thing on the page: what pairing
 * does and its one button, because WWE cannot use the softphone until it is done and the "not paired"
 * banner sends the agent here. Once paired it shrinks to one quiet line with "Pair again" (a
 * reinstalled companion needs a new pairing). Shows the code to type while the agent confirms it on
 * the companion's page, and why a pairing failed.
 */
import { consume } from '@lit/context';
import { css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { logContext, sessionContext, settingsContext } from '../app/contexts.ts';
import { pairWithCompanion, type PairingOutcome } from '../app/pairing.ts';
import type { PhoneSession } from '../app/phone-session.ts';
import { settingsFormStyles } from '../components/settings-form/settings-form.styles.ts';
import { sharedStyles } from '../components/shared.styles.ts';
import { PhoneStateController } from '../controllers/phone-state-controller.ts';
import { StoreController } from '../controllers/store-controller.ts';
import { LocalizedElement } from '../i18n/localized-element.ts';
import { msg } from '../i18n/messages.ts';
import { assertNever } from '../lib/assert-never.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsStore } from '../storage/settings-store.ts';

@customElement('sp-pairing-section')
export class SpPairingSection extends LocalizedElement {
  static override styles = [
    sharedStyles,
    settingsFormStyles,
    css`
      fieldset.prompt {
        border: 2px solid var(--sp-accent);
        background: var(--sp-info-bg);
      }
      fieldset.quiet {
        border: none;
        padding: 0;
      }
      /* The quiet line reads "Paired with the companion." first, its button after. */
      fieldset.quiet [data-testid='pair-state'] {
        order: -1;
      }
      p {
        margin: 0;
      }
    `,
  ];

  @consume({ context: settingsContext }) private settings?: SettingsStore;
  @consume({ context: sessionContext }) private session?: PhoneSession;
  @consume({ context: logContext }) private log?: Logger;

  /** Why the last pairing failed, worded when shown (so a language switch rewords it). */
  @state() private problem: (() => string) | null = null;
  /** The pairing code to show while the agent confirms it on the companion's page. */
  @state() private code = '';
  @query('[data-testid="pair-companion"]') private button!: HTMLButtonElement;

  private readonly phone = new PhoneStateController(this, () => this.session);

  constructor() {
    super();
    new StoreController(this, () => this.settings);
  }

  /** Brings the pairing button into view with the focus on it (the banner's "Go to pairing"). */
  async focusPairing(): Promise<void> {
    await this.updateComplete;
    this.button.focus();
    this.button.scrollIntoView({ block: 'center' });
  }

  override render() {
    const isPaired = Boolean(this.settings?.stored().pairingSecret) && this.phone.link.state !== 'unpaired';
    // One element tree for both looks, so the live region that says "paired" (or why not) stays put
    // and is announced when pairing completes.
    return html`<fieldset
      class=${isPaired ? 'quiet' : 'prompt'}
      data-testid="pairing-section"
      data-state=${isPaired ? 'paired' : 'unpaired'}
    >
      <legend class=${isPaired ? 'visually-hidden' : ''}>${msg.settings.companion}</legend>
      <p id="pairing-why" ?hidden=${isPaired}>${msg.settings.pairingWhy}</p>
      <div class="row">
        <button
          type="button"
          class=${isPaired ? '' : 'primary'}
          data-testid="pair-companion"
          aria-describedby="pairing-why"
          @click=${this.#pair}
        >
          ${isPaired ? msg.settings.pairAgain : msg.settings.pair}
        </button>
        <p role="status" class=${this.problem ? '' : 'muted'} data-testid="pair-state">
          ${this.problem?.() ?? (isPaired ? msg.settings.paired : '')}
        </p>
      </div>
      <p class="row" role="status" ?hidden=${this.code === ''}>
        ${msg.settings.pairingCode} <strong data-testid="pair-code">${this.code}</strong>
      </p>
    </fieldset>`;
  }

  readonly #pair = async (): Promise<void> => {
    if (!this.settings) {
      return;
    }
    this.problem = null;
    const outcome = await pairWithCompanion(this.settings.current().companionUrl, {
      onCode: (code) => {
        this.code = code;
      },
    });
    this.code = '';
    if (outcome.state !== 'paired') {
      this.problem = () => pairingProblem(outcome);
      return;
    }
    try {
      await this.settings.save({ pairingSecret: outcome.secret });
    } catch (error) {
      this.log?.warn('pairing secret not saved', error);
      const reason = error instanceof Error ? error.message : String(error);
      this.problem = () => msg.settings.saveFailed(reason);
      return;
    }
    this.session?.restartLink();
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
    'sp-pairing-section': SpPairingSection;
  }
}
