/**
 * The status bar: companion link, gateway transport and SIP registration (with the DN and the reason
 * when something is down), and the WWE session when known. Presentational; announced politely.
 */
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RegistrationSnapshot, TransportState, WweSessionName } from '../../../../protocol/src/index.ts';
import { isCompanionDown, type LinkView } from '../../app/link-view.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { assertNever } from '../../lib/assert-never.ts';
import { ClockController } from '../../controllers/clock-controller.ts';
import { retryAfterSecondsLeft } from '../../phone/retry-after.ts';
import { registrationText } from './registration-text.ts';
import { sharedStyles } from '../shared.styles.ts';

type Tone = 'ok' | 'busy' | 'down';

function registrationTone(registration: RegistrationSnapshot): Tone {
  switch (registration.state) {
    case 'registered':
      return 'ok';
    case 'registering':
    case 'unregistering':
      return 'busy';
    case 'unregistered':
      return 'down';
    case 'failed':
      return registration.retryAfterSec === undefined ? 'down' : 'busy';
    default:
      return assertNever(registration);
  }
}

/** The link in words; a companion that does not answer is "not running", not a close code (the banner says what to do). */
function linkText(link: LinkView) {
  if (isCompanionDown(link)) {
    return msg.status.link.down;
  }
  const reason = link.isNetworkBlocked ? msg.status.linkBlocked : link.reason;
  return html`${msg.status.link[link.state]}${
    reason && link.state !== 'backoff' ? html` <span class="reason">(${reason})</span>` : ''
  }`;
}

function linkTone(link: LinkView): Tone {
  if (link.state === 'ready') {
    return 'ok';
  }
  return link.state === 'connecting' || link.state === 'open' || link.state === 'backoff' ? 'busy' : 'down';
}

@customElement('sp-status-bar')
export class SpStatusBar extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      dl {
        margin: 0;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.2rem 0.6rem;
        font-size: 0.9rem;
      }
      dt {
        font-weight: 600;
        display: flex;
        align-items: center;
        gap: 0.4rem;
      }
      dd {
        margin: 0;
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        display: inline-block;
        border: 1px solid var(--sp-border-strong);
      }
      .ok {
        background: var(--sp-success);
      }
      .busy {
        background: var(--sp-warning);
      }
      .down {
        background: var(--sp-danger);
      }
      .reason {
        color: var(--sp-muted);
      }
    `,
  ];

  @property({ attribute: false }) link: LinkView = { state: 'offline' };
  @property({ attribute: false }) registration: RegistrationSnapshot = { state: 'unregistered', since: 0 };
  /** Registration slot 1 (Business Continuity: the DN at the peer SIP Server site), when WWE named one. */
  @property({ attribute: false }) peerSite: RegistrationSnapshot | undefined = undefined;
  @property() transport: TransportState = 'disconnected';
  /** False after an offline start (the gateway did not answer), until the transport connects. */
  @property({ attribute: false }) isGatewayReachable = true;
  /** WWE's session with the companion (its Ping watchdog), when the companion is linked. */
  @property({ attribute: false }) wweSession: WweSessionName | undefined = undefined;

  /** Counts a gateway's Retry-After down, once a second, while a slot waits for it. */
  readonly #clock = new ClockController(this, () =>
    [this.registration, this.peerSite].some((slot) => slot && (retryAfterSecondsLeft(slot, Date.now()) ?? 0) > 0),
  );

  override render() {
    const now = this.#clock.now;
    const registration = this.registration;
    const dn = registration.state === 'unregistered' ? '' : registration.dn;
    return html`<div role="status" aria-label=${msg.status.label}>
      <dl>
        <dt><span class="dot ${linkTone(this.link)}" aria-hidden="true"></span>${msg.status.companion}</dt>
        <dd data-testid="status-link" data-state=${this.link.state}>${linkText(this.link)}</dd>
        <dt><span class="dot ${registrationTone(registration)}" aria-hidden="true"></span>${msg.status.sip}</dt>
        <dd data-testid="status-registration" data-state=${registration.state} data-transport=${this.transport}>
          ${registrationText(registration, this.transport, now, this.isGatewayReachable)}
          <span data-testid="status-dn" hidden>${dn}</span>
        </dd>
        ${
          this.peerSite
            ? html`<dt>
                  <span class="dot ${registrationTone(this.peerSite)}" aria-hidden="true"></span>${msg.status.peerSite}
                </dt>
                <dd data-testid="status-registration-peer" data-state=${this.peerSite.state}>
                  ${registrationText(this.peerSite, this.transport, now, this.isGatewayReachable)}
                </dd>`
            : ''
        }
        <dt>
          <span class="dot ${this.wweSession === 'active' ? 'ok' : 'down'}" aria-hidden="true"></span>${msg.status.wwe}
        </dt>
        <dd data-testid="status-wwe" data-state=${this.wweSession ?? 'unknown'}>
          ${this.wweSession ? msg.status.wweSession[this.wweSession] : msg.status.wweUnknown}
        </dd>
      </dl>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-status-bar': SpStatusBar;
  }
}
