import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortcutFor, type KeyPress } from '../src/app/shortcuts.ts';

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  focus: 'other',
  isRepeat: false,
  ...over,
});

describe('keyboard shortcuts', () => {
  it('maps Enter, Escape, H, M, T, digits and ? when nothing special has focus', () => {
    assert.deepEqual(shortcutFor(press('Enter')), { name: 'call-or-answer' });
    assert.deepEqual(shortcutFor(press('Escape')), { name: 'hangup-or-decline' });
    assert.deepEqual(shortcutFor(press('h')), { name: 'hold' });
    assert.deepEqual(shortcutFor(press('H')), { name: 'hold' });
    assert.deepEqual(shortcutFor(press('m')), { name: 'mute' });
    assert.deepEqual(shortcutFor(press('t')), { name: 'transfer' });
    assert.deepEqual(shortcutFor(press('T')), { name: 'transfer' });
    assert.deepEqual(shortcutFor(press('7')), { name: 'digit', digit: '7' });
    assert.deepEqual(shortcutFor(press('#')), { name: 'digit', digit: '#' });
    assert.deepEqual(shortcutFor(press('?')), { name: 'help' });
  });

  it('leaves typing in a text field alone, Escape included', () => {
    assert.equal(shortcutFor(press('h', { focus: 'text' })), null);
    assert.equal(shortcutFor(press('5', { focus: 'text' })), null);
    assert.equal(shortcutFor(press('t', { focus: 'text' })), null);
    assert.equal(shortcutFor(press('Enter', { focus: 'text' })), null);
    assert.equal(shortcutFor(press('Escape', { focus: 'text' })), null);
  });

  it('never acts on a call while a dialog has focus', () => {
    for (const key of ['Escape', 'Enter', 'h', 'm', 't', '5', '?']) {
      assert.equal(shortcutFor(press(key, { focus: 'dialog' })), null, key);
    }
  });

  it('lets Enter activate a focused button, but H and digits still work there', () => {
    assert.equal(shortcutFor(press('Enter', { focus: 'control' })), null);
    assert.deepEqual(shortcutFor(press('h', { focus: 'control' })), { name: 'hold' });
    assert.deepEqual(shortcutFor(press('1', { focus: 'control' })), { name: 'digit', digit: '1' });
  });

  it('ignores modified and repeated keys', () => {
    assert.equal(shortcutFor(press('m', { ctrlKey: true })), null);
    assert.equal(shortcutFor(press('h', { metaKey: true })), null);
    assert.equal(shortcutFor(press('Enter', { isRepeat: true })), null);
  });
});
