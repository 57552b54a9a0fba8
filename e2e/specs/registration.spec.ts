/**
 * Walking skeleton (issue 2): WWE asks the companion to register a DN; the PWA, loaded from the
 * gateway origin over real TLS, registers it through nginx → Kamailio with digest auth. The proof
 * comes from Kamailio's own location table, then from WWE's poll.
 */
import { expect, test } from '@playwright/test';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();

test.describe('WWE registers a DN through the companion and the PWA', () => {
  test('with the right password Kamailio holds the contact and GetIsEndpointActive turns true', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.saveCredential('1001', 'pw1001');
    await pwa.pairWithCompanion();
    expect(await isEndpointActive(stack)).toBe(false);

    const reply = await registerDn(stack, '1001');
    expect(reply).toMatchObject({ status: 200, body: { RegisterDnResult: true } });

    await pwa.expectRegistration('registered');
    const location = await lookupLocation(stack.gatewayRunDir, '1001@127.0.0.1');
    expect(location?.contacts.length).toBe(1);
    expect(location?.contacts[0]?.received).toContain('transport=ws');
    await expect.poll(() => isEndpointActive(stack)).toBe(true);
  });

  test('with a wrong password the endpoint stays inactive and the PWA says why', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.saveCredential('1002', 'not-the-password');
    await pwa.pairWithCompanion();

    const reply = await registerDn(stack, '1002');
    expect(reply).toMatchObject({ status: 200, body: { RegisterDnResult: true } });

    await pwa.expectRegistration('failed');
    await expect(pwa.page.getByTestId('status-registration')).toContainText('Authentication Error');
    expect(await lookupLocation(stack.gatewayRunDir, '1002@127.0.0.1')).toBeUndefined();
    expect(await isEndpointActive(stack)).toBe(false);
  });
});
