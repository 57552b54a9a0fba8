import { css } from 'lit';
import { sharedStyles } from '../components/shared.styles.ts';

export const appStyles = [
  sharedStyles,
  css`
    :host {
      display: grid;
      gap: 0.9rem;
      max-width: 34rem;
      margin: 0 auto;
      padding: 0.9rem 1rem 2rem;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    h1 {
      margin: 0;
      font-size: 1.15rem;
      letter-spacing: 0.01em;
    }
    .help {
      width: 2.5rem;
      padding: 0;
      border-radius: 50%;
      font-weight: 700;
    }
    .help svg.glyph {
      margin: 0;
    }
    sp-status-bar {
      padding: 0.6rem 0.8rem;
      border-radius: var(--sp-radius);
      background: var(--sp-surface);
      border: 1px solid var(--sp-border);
    }
    .banners {
      display: grid;
      gap: 0.5rem;
    }
    .banners:empty {
      display: none;
    }
    nav {
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      gap: 0.25rem;
      padding: 0.25rem;
      border-radius: var(--sp-radius);
      background: var(--sp-surface-2);
    }
    nav button {
      border-color: transparent;
      background: transparent;
    }
    nav button[aria-current='page'] {
      background: var(--sp-surface);
      border-color: var(--sp-border-strong);
      font-weight: 600;
    }
    .badge {
      display: inline-block;
      min-width: 1.3rem;
      padding: 0 0.35rem;
      border-radius: 999px;
      background: var(--sp-danger);
      color: var(--sp-on-accent);
      font-size: 0.8rem;
      font-weight: 700;
      line-height: 1.3rem;
    }
  `,
];
