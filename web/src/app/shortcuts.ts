/**
 * Keyboard shortcuts, as a pure mapping from a key press to an action (documented in the help dialog,
 * i18n `msg.help.rows`). Typing in a text field is never hijacked, and no key acts on a call while
 * a dialog has focus (Escape there only closes the dialog); on a focused button Enter and Space keep
 * their usual meaning.
 */
export type ShortcutAction =
  | { name: 'call-or-answer' }
  | { name: 'hangup-or-decline' }
  | { name: 'hold' }
  | { name: 'mute' }
  | { name: 'transfer' }
  | { name: 'digit'; digit: string }
  | { name: 'help' };

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** What has focus: anything inside an open dialog, a text field, another control (button, select,
   * link), or nothing special. */
  focus: 'dialog' | 'text' | 'control' | 'other';
  isRepeat: boolean;
};

export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.altKey || press.metaKey || press.isRepeat) {
    return null;
  }
  if (press.focus === 'dialog' || press.focus === 'text') {
    return null;
  }
  if (press.key === 'Escape') {
    return { name: 'hangup-or-decline' };
  }
  if (press.key === 'Enter') {
    return press.focus === 'control' ? null : { name: 'call-or-answer' };
  }
  if (/^[0-9*#]$/.test(press.key)) {
    return { name: 'digit', digit: press.key };
  }
  switch (press.key.toLowerCase()) {
    case 'h':
      return { name: 'hold' };
    case 'm':
      return { name: 'mute' };
    case 't':
      return { name: 'transfer' };
    case '?':
      return { name: 'help' };
    default:
      return null;
  }
}

/** Classifies the focused element (looked up through open shadow roots). */
export function focusKind(active: Element | null): KeyPress['focus'] {
  let element = active;
  if (element?.closest('dialog[open]')) {
    return 'dialog';
  }
  while (element?.shadowRoot?.activeElement) {
    element = element.shadowRoot.activeElement;
    if (element.closest('dialog[open]')) {
      return 'dialog';
    }
  }
  if (!element) {
    return 'other';
  }
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || (element as HTMLElement).isContentEditable) {
    return 'text';
  }
  if (tag === 'input') {
    const type = (element as HTMLInputElement).type;
    return ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type)
      ? 'control'
      : 'text';
  }
  if (tag === 'button' || tag === 'select' || tag === 'a' || tag === 'summary') {
    return 'control';
  }
  return 'other';
}
