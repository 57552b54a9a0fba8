/**
 * What the contact center's device rules (WWE's `policy.device.*`) decided, above the device pickers:
 * for each ruled role the device it picked, or that it matches nothing and the system default is
 * used; that the agent's own choice applies only where no rule is set; and a missing headset when
 * the contact center refuses calls without one. Renders nothing without a rule. Presentational.
 */
import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import type { DevicePlan, DeviceRole } from '../../phone/device-rules.ts';
import { sharedStyles } from '../shared.styles.ts';

const ROLES: readonly DeviceRole[] = ['input', 'output', 'ring'];

@customElement('sp-device-rules')
export class SpDeviceRules extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      section {
        display: grid;
        gap: 0.3rem;
        margin-bottom: 0.75rem;
        padding: 0.6rem 0.9rem;
        border-radius: var(--sp-radius);
        border-left: 4px solid var(--sp-accent);
      }
      p {
        margin: 0;
      }
      .unmatched,
      .missing {
        border-left: 4px solid var(--sp-warning);
        padding-left: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) plan: DevicePlan | null = null;
  /** The headset rule when the contact center refuses calls without a headset; null otherwise. */
  @property({ attribute: false }) requiredHeadset: string | null = null;

  override render() {
    const plan = this.plan;
    const ruled = plan ? ROLES.filter((role) => plan.roles[role].by !== 'settings') : [];
    const isMissing = plan !== null && this.requiredHeadset !== null && !plan.hasHeadset;
    if (!plan || (ruled.length === 0 && !isMissing)) {
      return nothing;
    }
    const t = msg.endpointPolicies;
    return html`<section data-testid="device-rules" aria-label=${t.deviceRulesLabel}>
      ${ruled.map((role) => {
        const pick = plan.roles[role];
        return pick.by === 'rule'
          ? html`<p data-testid="device-rule-${role}" data-state="matched">
              ${t.deviceRulePicked(t.roles[role], pick.label, pick.rule)}
            </p>`
          : pick.by === 'unmatched'
            ? html`<p class="unmatched" data-testid="device-rule-${role}" data-state="unmatched">
                ${t.deviceRuleUnmatched(t.roles[role], pick.rule)}
              </p>`
            : nothing;
      })}
      ${ruled.length > 0 ? html`<p>${t.deviceRulesOwnChoice}</p>` : nothing}
      ${
        isMissing
          ? html`<p class="missing" role="alert" data-testid="headset-missing">
              ${t.headsetMissing(this.requiredHeadset ?? '')}
            </p>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-device-rules': SpDeviceRules;
  }
}
