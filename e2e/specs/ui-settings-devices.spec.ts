/**
 * Issue 5, Settings and devices against the real stack: settings survive a reload; a stored password
 * is never shown back and is not in IndexedDB in clear (the row holds ciphertext, the key is a
 * non-extractable WebCrypto key, whose bytes a copied profile still holds: docs/architecture.md); the device pickers list Chromium's fake devices, the speaker choice
 * persists and the test tone plays on it; the level meter follows the fake 1 kHz microphone. Every
 * control that applies at once (devices, tones, meter, notifications) sits above the framed settings
 * form, which ends with its Save button, so no agent takes Save for theirs.
 */
import { expect, test } from '@playwright/test';
import { readRawStore } from '../fixtures/idb-raw.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { screenshot } from '../fixtures/ui.ts';

const stack = readStackInfo();
/** 1007's real digest password, so the last step proves the stored copy still works. */
const PASSWORD = 'pw1007';

test.describe('settings', () => {
  test('saved settings persist across a reload', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.openConnectionSettings();
    await pwa.page.getByTestId('settings-dtmf').selectOption('info');
    await pwa.page.getByTestId('settings-auto-answer').selectOption('always');
    await pwa.page.getByTestId('settings-ice').fill('stun:127.0.0.1:3478');
    await pwa.page.getByTestId('settings-noiseSuppression').uncheck();
    await pwa.page.getByTestId('settings-save').click();
    await expect(pwa.page.getByTestId('settings-status')).toHaveText('Settings saved');

    await pwa.page.reload();
    await pwa.openConnectionSettings();
    await expect(pwa.page.getByTestId('settings-dtmf')).toHaveValue('info');
    await expect(pwa.page.getByTestId('settings-auto-answer')).toHaveValue('always');
    await expect(pwa.page.getByTestId('settings-ice')).toHaveValue('stun:127.0.0.1:3478');
    await expect(pwa.page.getByTestId('settings-noiseSuppression')).not.toBeChecked();
  });

  test('a TURN URL without a TURN user name is refused in the form, then saved once a user name is given', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.openConnectionSettings();
    await pwa.page.getByTestId('settings-ice').fill('turn:127.0.0.1:3478');
    await pwa.page.getByTestId('settings-save').click();
    await expect(pwa.page.getByTestId('settings-turn-user-missing')).toHaveText(
      'A TURN server needs a TURN user name: enter the user name for turn:127.0.0.1:3478, or remove the TURN URL.',
    );
    await expect(pwa.page.getByTestId('settings-ice-username')).toBeFocused();
    await expect(pwa.page.getByTestId('settings-status')).toBeHidden();

    await pwa.page.getByTestId('settings-ice-username').fill('agent');
    await pwa.page.getByTestId('settings-save').click();
    await expect(pwa.page.getByTestId('settings-status')).toHaveText('Settings saved');
    await expect(pwa.page.getByTestId('settings-turn-user-missing')).toHaveCount(0);
    await pwa.page.reload();
    await pwa.page.getByTestId('nav-settings').click();
    await expect(pwa.page.getByTestId('settings-ice')).toHaveValue('turn:127.0.0.1:3478');
    await expect(pwa.page.getByTestId('settings-ice-username')).toHaveValue('agent');
  });

  test('a saved password is never shown back and is encrypted at rest', async ({ context }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.saveCredential('1007', PASSWORD);
    await pwa.page.reload();
    await pwa.page.getByTestId('nav-settings').click();
    const row = pwa.page.getByTestId('cred-row').filter({ hasText: '1007' });
    await expect(row).toContainText('password saved');
    await expect(pwa.page.getByTestId('cred-password')).toHaveValue('');
    await screenshot(pwa.page, testInfo, 'settings');

    // Nowhere in the rendered app, shadow roots included, nor in any field's value.
    const shown = await pwa.page.evaluate((secret) => {
      const texts: string[] = [];
      const walk = (root: Document | ShadowRoot): void => {
        root.querySelectorAll('*').forEach((element) => {
          if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
            texts.push(element.value);
          }
          if (element.shadowRoot) {
            texts.push(element.shadowRoot.textContent ?? '');
            walk(element.shadowRoot);
          }
        });
      };
      texts.push(document.body.textContent ?? '');
      walk(document);
      return texts.some((text) => text.includes(secret));
    }, PASSWORD);
    expect(shown).toBe(false);

    // The raw row: the DN is stored, the password bytes are not (neither as text nor as UTF-8 bytes).
    const settingsRows = await readRawStore(pwa.page, 'wgb-softphone', 'settings');
    expect(settingsRows.rows.length).toBeGreaterThan(0);
    expect(settingsRows.rows).not.toContain(PASSWORD);
    const keys = await readRawStore(pwa.page, 'wgb-softphone', 'keys');
    expect(keys.cryptoKeys.length).toBeGreaterThan(0);
    expect(keys.cryptoKeys.every((key) => !key.extractable)).toBe(true);

    // And it still works: registering with the stored password succeeds.
    await pwa.page.getByTestId('nav-phone').click();
    await pwa.page.getByTestId('register-dn').fill('1007');
    await pwa.page.getByTestId('register-server').fill(`127.0.0.1:${stack.sipPort}`);
    await pwa.page.getByTestId('register-submit').click();
    await pwa.expectRegistration('registered');
  });
});

test.describe('devices', () => {
  test('apply at once, and sit apart from the settings form, which ends with its Save button', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    const page = pwa.page;
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('devices-apply-at-once')).toHaveText(
      'Changes here apply at once; there is nothing to save.',
    );
    const form = page.getByTestId('settings-form');
    await expect(form).toContainText('These settings apply once you press "Save settings" at the end.');
    const lastControl = await form.evaluate((element) =>
      [...element.querySelectorAll('input, select, textarea, button')].at(-1)?.getAttribute('data-testid'),
    );
    expect(lastControl, 'the form ends with its Save button').toBe('settings-save');
    const formTop = (await form.boundingBox())?.y ?? Number.NaN;
    const atOnce = [
      'device-input',
      'device-output',
      'device-ring',
      'mic-test',
      'test-tone-output',
      'test-tone-ring',
      'devices-refresh',
      'notifications-state',
    ];
    for (const testId of atOnce) {
      const box = await page.getByTestId(testId).boundingBox();
      expect((box?.y ?? Number.NaN) + (box?.height ?? 0), `${testId} sits above the settings form`).toBeLessThan(
        formTop,
      );
    }
  });

  test('lists the fake devices, keeps the speaker choice, plays the test tone on it, meters the microphone', async ({
    context,
  }, testInfo) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.page.getByTestId('nav-settings').click();
    const input = pwa.page.getByTestId('device-input');
    const output = pwa.page.getByTestId('device-output');
    await expect(input.locator('option')).not.toHaveCount(1);
    await expect(output.locator('option')).not.toHaveCount(1);
    await expect(input.locator('option').nth(1)).toContainText(/Fake/i);

    const speakerId = await output.locator('option').nth(1).getAttribute('value');
    expect(speakerId).toBeTruthy();
    await output.selectOption(speakerId ?? '');
    await pwa.page.reload();
    await pwa.page.getByTestId('nav-settings').click();
    await expect(output).toHaveValue(speakerId ?? '');

    const tone = pwa.page.getByTestId('test-tone');
    await pwa.page.getByTestId('test-tone-output').click();
    await expect
      .poll(() => tone.evaluate((audio: HTMLAudioElement) => ({ isPlaying: !audio.paused, sinkId: audio.sinkId })))
      .toEqual({ isPlaying: true, sinkId: speakerId });

    const meter = pwa.page.getByTestId('mic-level');
    await expect(meter).toHaveAttribute('data-level', '0');
    await pwa.page.getByTestId('mic-test').click();
    await expect(pwa.page.getByTestId('mic-test')).toHaveAttribute('aria-pressed', 'true');
    // The fake microphone plays a 1 kHz sine at half scale (−9 dBFS RMS): well up the meter.
    await expect.poll(async () => Number(await meter.getAttribute('data-level'))).toBeGreaterThan(0.6);
    await screenshot(pwa.page, testInfo, 'devices');
    await pwa.page.getByTestId('mic-test').click();
    await expect(meter).toHaveAttribute('data-level', '0');
  });
});
