/** Applies the theme setting: `system` follows prefers-color-scheme (tokens in index.html). */
import type { Settings } from '../settings/settings.ts';

export function applyTheme(theme: Settings['theme'], root: HTMLElement = document.documentElement): void {
  if (theme === 'system') {
    root.removeAttribute('data-theme');
  } else {
    root.setAttribute('data-theme', theme);
  }
}
