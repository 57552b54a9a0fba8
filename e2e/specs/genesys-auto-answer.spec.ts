/**
 * Auto-answer requested by Genesys SIP Server (`Call-Info: <…>;answer-after=0`, docs/protocol.md section 3),
 * through the real gateway from the trusted trunk port: answered without a click under the default
 * policy (also for the RFC 3725 offerless INVITE of a 3pcc make-call, whose offer goes in our 200),
 * and left ringing when the agent's policy is "never".
 */
import { expect, test } from '@playwright/test';
import { expectInboundRtpRising } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();

async function registered(pwa: Pwa, dn: string): Promise<void> {
  await pwa.registerManually(dn, `pw${dn}`);
  await pwa.expectRegistration('registered');
}

test.describe('SIP Server asks for auto-answer', () => {
  for (const [title, scenario, line] of [
    ['an INVITE with an offer', 'genesys-auto-answer.xml', 'auto-answered: 200 OK with SDP'],
    [
      'a 3pcc offerless INVITE: our 200 carries the offer, the ACK the answer',
      'genesys-3pcc-auto-answer.xml',
      '3pcc: 200 OK carries the offer',
    ],
  ] as const) {
    test(`default policy answers ${title}, with audio, and SIP Server's BYE ends it`, async ({ context }) => {
      const pwa = await Pwa.open(context, stack);
      await registered(pwa, '1006');
      const uuid = `WGB-AA-${Date.now()}`;
      const sipp = runSipServer(stack, { scenario, dn: '1006', vars: { uuid } });

      await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
      await expect(pwa.page.getByTestId('call-uuid')).toHaveText(uuid);
      await expect(pwa.page.getByTestId('answer')).toHaveCount(0);
      await expectInboundRtpRising(pwa.page);

      assertSippPassed(await sipp, [line, 'BYE answered']);
      await expect(pwa.callPanel()).toHaveCount(0);
    });
  }

  test('with the auto-answer policy "never" the same INVITE only rings', async ({ context }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.page.getByTestId('nav-settings').click();
    await pwa.page.getByTestId('settings-auto-answer').selectOption('never');
    await pwa.page.getByTestId('settings-save').click();
    await pwa.page.getByTestId('nav-phone').click();
    await registered(pwa, '1007');

    const sipp = runSipServer(stack, {
      scenario: 'genesys-auto-answer-rings.xml',
      dn: '1007',
      vars: { uuid: 'WGB-NEVER' },
    });
    await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
    // sipp fails the call on any 200 to the INVITE during its 3 s of ringing, then CANCELs.
    assertSippPassed(await sipp, ['ringing', 'still ringing after 3 s; CANCEL answered']);
    await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);
    await expect(pwa.callPanel()).toHaveCount(0);
  });
});
