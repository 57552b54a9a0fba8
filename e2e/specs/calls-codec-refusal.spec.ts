/**
 * Bad input on the SIP side: a SIP Server offer with no audio codec the gateway's rtpengine can
 * transcode to the browser's opus (AMR-WB only) is refused by the gateway with 488 and a Warning
 * that names the problem, so SIP Server can report it; the agent's PWA never rings for a call that
 * could only be silent. The same DN still takes a G.711 call right after (the check is not a blanket
 * refusal).
 */
import { expect, test } from '@playwright/test';
import { expectInboundRtpRising } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';

const stack = readStackInfo();
const DN = '1005';

test('an offer with no transcodable codec is refused with 488 and a reason; a G.711 offer still connects', async ({
  context,
}) => {
  const pwa = await Pwa.open(context, stack);
  await pwa.registerManually(DN, `pw${DN}`);
  await pwa.expectRegistration('registered');

  const refused = await runSipServer(stack, { scenario: 'offer-without-transcodable-codec.xml', dn: DN });
  assertSippPassed(refused, ['refused: 488 with']);
  await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);

  const uuid = `WGB-CODEC-${Date.now()}`;
  const accepted = runSipServer(stack, { scenario: 'genesys-auto-answer.xml', dn: DN, vars: { uuid } });
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  await expectInboundRtpRising(pwa.page);
  assertSippPassed(await accepted, ['auto-answered: 200 OK with SDP', 'BYE answered']);
});
