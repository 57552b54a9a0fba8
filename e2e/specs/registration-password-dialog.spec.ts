/**
 * WWE asks for a DN the PWA has no password for: the PWA asks the agent in one dialog (announced by
 * its title and reason, the DN filled in, the password field focused) and keeps the registration in
 * place until the agent confirms; WWE hears the truth throughout (GetIsEndpointActive false until
 * the new DN registers). Kamailio's location table shows which DN is registered at each step.
 */
import { expect, test } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const WORKING = '1004';
const NEW_DN = '1006';
const isRegisteredAtGateway = async (dn: string): Promise<boolean> =>
  ((await lookupLocation(stack.gatewayRunDir, `${dn}@127.0.0.1`))?.contacts.length ?? 0) > 0;

test('a DN without a saved password: the agent is asked once, the working DN stays until they confirm', async ({
  context,
}) => {
  const pwa = await Pwa.openPaired(context, stack, WORKING);
  await registerDn(stack, WORKING);
  await pwa.expectRegistration('registered');
  await expect.poll(() => isEndpointActive(stack)).toBe(true);

  await registerDn(stack, NEW_DN);
  const dialog = pwa.page.getByRole('dialog', { name: `Password for DN ${NEW_DN}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(
    `This softphone is asked to register DN ${NEW_DN}, but no password is saved for it on this PC. Enter its SIP password: it is stored encrypted, and you will not be asked for it again. DN ${WORKING} stays registered until you confirm.`,
  );
  await expect(pwa.page.getByTestId('password-dialog-dn')).toHaveValue(NEW_DN);
  await expect(pwa.page.getByTestId('password-dialog-password')).toBeFocused();
  // Nothing let go while the agent reads: the working DN is still registered, and WWE, which wants
  // the new DN, hears that the endpoint is not active.
  await pwa.expectRegistration('registered');
  expect(await isRegisteredAtGateway(WORKING)).toBe(true);
  await expect.poll(() => isEndpointActive(stack)).toBe(false);

  // "Not now" changes nothing; WWE asking again brings the dialog back.
  await pwa.page.getByTestId('password-dialog-cancel').click();
  await expect(dialog).toBeHidden();
  expect(await isRegisteredAtGateway(WORKING)).toBe(true);
  await registerDn(stack, NEW_DN);
  await expect(dialog).toBeVisible();

  // Typing digits in the dialog never reaches the dial pad or a call.
  await pwa.page.keyboard.type(`pw${NEW_DN}`);
  await expect(pwa.page.getByTestId('dial-input')).toHaveValue('');
  await pwa.page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await pwa.expectRegistration('registered');
  await expect.poll(() => isRegisteredAtGateway(NEW_DN)).toBe(true);
  await expect.poll(() => isEndpointActive(stack)).toBe(true);
  await expect.poll(() => isRegisteredAtGateway(WORKING)).toBe(false);

  // Stored: the next RegisterDn for this DN asks nothing.
  await pwa.page.reload();
  await registerDn(stack, NEW_DN);
  await pwa.expectRegistration('registered');
  await expect(dialog).toBeHidden();
});
