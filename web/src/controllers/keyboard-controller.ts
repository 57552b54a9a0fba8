/**
 * Listens for the documented keyboard shortcuts (app/shortcuts.ts) on the window and hands each
 * action to the host; the host returns true when it acted, and the key's default is then prevented.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { focusKind, shortcutFor, type ShortcutAction } from '../app/shortcuts.ts';

export class KeyboardController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onAction: (action: ShortcutAction) => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.#onKeyDown);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.#onKeyDown);
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented) {
      return;
    }
    const action = shortcutFor({
      key: event.key,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      isRepeat: event.repeat,
      focus: focusKind(document.activeElement),
    });
    if (action && this.onAction(action)) {
      event.preventDefault();
    }
  };
}
