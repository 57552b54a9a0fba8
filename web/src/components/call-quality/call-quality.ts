/**
 * Live call quality: MOS estimate, jitter, loss and RTT of the latest sample, a sparkline of the MOS
 * over the last minute, and a visible warning (role="alert", announced once) when the MOS drops
 * below the service's warning threshold (phone/call-quality.ts), and the endpoint's media alarms
 * (phone/media-alarms.ts): a call that hears nothing, a voice-quality alarm. Presentational.
 */
import { css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CallQuality } from '../../../../protocol/src/index.ts';
import { formatDuration, formatMilliseconds, formatMos, formatPercent } from '../../i18n/format.ts';
import { LocalizedElement } from '../../i18n/localized-element.ts';
import { msg } from '../../i18n/messages.ts';
import { MOS_WARNING_THRESHOLD } from '../../../../protocol/src/index.ts';
import { sharedStyles } from '../shared.styles.ts';
import { sparklinePoints } from './quality-series.ts';

const WIDTH = 120;
const HEIGHT = 28;
/** Keeps the line (and the dot at its newest point) inside the box. */
const INSET = 3;

@customElement('sp-call-quality')
export class SpCallQuality extends LocalizedElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .box {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 1rem;
        font-size: 0.85rem;
      }
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 0.9rem;
        margin: 0;
      }
      dl div {
        display: flex;
        gap: 0.3rem;
      }
      dt {
        color: var(--sp-muted);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      svg {
        flex: none;
      }
      polyline {
        fill: none;
        stroke: var(--sp-accent);
        stroke-width: 2;
        stroke-linejoin: round;
      }
      .threshold {
        stroke: var(--sp-warning);
        stroke-dasharray: 3 3;
        stroke-width: 1;
      }
      circle {
        fill: var(--sp-accent);
      }
      .warn polyline {
        stroke: var(--sp-danger);
      }
      .warn circle {
        fill: var(--sp-danger);
      }
      p {
        margin: 0.4rem 0 0;
        padding: 0.35rem 0.6rem;
        border-radius: var(--sp-radius);
        background: var(--sp-warning-bg);
        border: 1px solid var(--sp-warning);
      }
    `,
  ];

  @property({ attribute: false }) quality: CallQuality | undefined;
  /** MOS history, oldest first (components/call-quality/quality-series.ts). */
  @property({ attribute: false }) series: readonly number[] = [];

  override render() {
    const q = this.quality;
    if (!q) {
      return html`<div class="box muted" data-testid="call-quality" data-state="waiting">${msg.quality.waiting}</div>`;
    }
    const isPoor = q.mos < MOS_WARNING_THRESHOLD;
    const thresholdY = sparklinePoints([MOS_WARNING_THRESHOLD], WIDTH, HEIGHT, INSET).split(',')[1] ?? '0';
    const points = sparklinePoints(this.series, WIDTH, HEIGHT, INSET);
    const [lastX = '0', lastY = '0'] = points.split(' ').at(-1)?.split(',') ?? [];
    return html`<div
        class="box ${isPoor ? 'warn' : ''}"
        data-testid="call-quality"
        data-state=${isPoor ? 'poor' : 'good'}
        data-mos=${String(q.mos)}
      >
        <dl aria-label=${msg.quality.label}>
          <div>
            <dt>${msg.quality.mos}</dt>
            <dd data-testid="quality-mos">${formatMos(q.mos)}</dd>
          </div>
          <div>
            <dt>${msg.quality.jitter}</dt>
            <dd data-testid="quality-jitter">${formatMilliseconds(q.jitterMs)}</dd>
          </div>
          <div>
            <dt>${msg.quality.loss}</dt>
            <dd data-testid="quality-loss">${formatPercent(q.lossPercent)}</dd>
          </div>
          <div>
            <dt>${msg.quality.rtt}</dt>
            <dd data-testid="quality-rtt">
              ${q.rttMs === undefined ? msg.quality.unknown : formatMilliseconds(q.rttMs)}
            </dd>
          </div>
        </dl>
        <svg
          width=${WIDTH}
          height=${HEIGHT}
          viewBox="0 0 ${WIDTH} ${HEIGHT}"
          role="img"
          aria-label=${msg.quality.trend(this.series.length)}
          data-testid="quality-sparkline"
          data-points=${String(this.series.length)}
        >
          ${svg`<line class="threshold" x1="0" x2=${WIDTH} y1=${thresholdY} y2=${thresholdY}></line>`}
          ${svg`<polyline points=${points}></polyline>`}
          ${points ? svg`<circle cx=${lastX} cy=${lastY} r="2.5"></circle>` : ''}
        </svg>
      </div>
      ${
        isPoor
          ? html`<p role="alert" data-testid="quality-warning">
              ${msg.quality.warning(formatPercent(q.lossPercent), formatMilliseconds(q.jitterMs))}
            </p>`
          : ''
      }
      ${
        q.silentSince !== undefined
          ? html`<p role="alert" data-testid="media-silent">
              ${msg.endpointPolicies.silent(formatDuration(Math.round((q.sampledAt - q.silentSince) / 1000)))}
            </p>`
          : ''
      }
      ${q.vqAlarm ? html`<p role="alert" data-testid="vq-alarm">${msg.endpointPolicies.vqAlarm}</p>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-call-quality': SpCallQuality;
  }
}
