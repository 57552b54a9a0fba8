/**
 * WWE's Softphone policies (SetOptions policy.session.*) honoured by the PWA through the real
 * gateway, with sipp playing Genesys SIP Server from the trusted trunk: a plain INVITE (no Call-Info,
 * no NOTIFY) is answered by itself after auto_answer_delay with audio both ways, or only rings under
 * auto_answer=0; with the busy rule on, a second INVITE (from a demo peer) is refused with
 * sip_code_when_busy, as the peer hears it; with dtmf_method=info a digit reaches SIP Server as SIP INFO;
 * a call whose RTP stops raises rtp_inactivity_timeout's and vq_alarm_threshold's alarms on the call
 * card, the companion's event stream and its dashboard; device rules pick Chromium's fake devices by
 * name or regular expression and re-pick on devicechange, and with the headset rule on, unplugging
 * the headset makes WWE hear the endpoint inactive and refuses the next call with sip_code_when_headset_na;
 * with ringing_enabled=0 a call rings without the ringtone and ringing_timeout refuses it with 480;
 * codecs.<name>.priority orders the m=audio line of the PWA's offer.
 */
import { expect, test } from '../fixtures/peer-test.ts';
import { dominantRemoteFrequency, expectInboundRtpRising, localAudioCodecOrder } from '../fixtures/peer-connections.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { assertSippPassed, runSipServer } from '../fixtures/sip-server.ts';
import { nextEvent } from '../fixtures/event-stream.ts';
import { ringtoneState } from '../fixtures/pwa-platform.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { companionCall, isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';

const stack = readStackInfo();
const DN = '1006';
const DELAY_MS = 2_500;

async function setOptions(value: Record<string, string>): Promise<void> {
  const reply = await companionCall(stack, 'POST', '/SetOptions', { body: { value } });
  expect(reply).toMatchObject({ status: 200, body: {} });
}

/** The PWA paired, WWE's options pushed, the DN registered as WWE registers it. */
async function loggedIn(pwa: Pwa, options: Record<string, string>): Promise<void> {
  await setOptions(options);
  expect(await registerDn(stack, DN)).toMatchObject({ status: 200, body: { RegisterDnResult: true } });
  await pwa.expectRegistration('registered');
}

test.afterEach(async () => {
  // Agent logout: the companion forgets WWE's options (the next spec starts from the defaults).
  await companionCall(stack, 'DELETE', '/session');
});

test('auto_answer=1 with auto_answer_delay: a plain INVITE rings, then is answered by itself after the delay, audio both ways', async ({
  context,
}) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, {
    'policy.session.auto_answer': '1',
    'policy.session.auto_answer_delay': String(DELAY_MS),
  });

  const uuid = `WGB-POLICY-AA-${Date.now()}`;
  const sipp = runSipServer(stack, {
    scenario: 'wwe-plain-invite-echo.xml',
    dn: DN,
    vars: { uuid },
    args: ['-rtp_echo'],
  });
  await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
  const ringingSince = Date.now();
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active', { timeout: DELAY_MS + 5_000 });
  const rangMs = Date.now() - ringingSince;
  expect(rangMs, 'answered only after auto_answer_delay').toBeGreaterThanOrEqual(DELAY_MS - 500);
  await expect(pwa.page.getByTestId('call-uuid')).toHaveText(uuid);
  // sipp echoes what it receives: the browser hearing its own microphone's 1 kHz tone proves both directions.
  await expectInboundRtpRising(pwa.page);
  await expect.poll(async () => Math.abs((await dominantRemoteFrequency(pwa.page)) - 1000)).toBeLessThan(30);
  assertSippPassed(await sipp, ['ringing', 'answered by the endpoint: 200 OK with SDP', 'BYE answered']);
  await expect(pwa.callPanel()).toHaveCount(0);
});

test('auto_answer=0: the same plain INVITE only rings', async ({ context }) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, { 'policy.session.auto_answer': '0' });

  const sipp = runSipServer(stack, {
    scenario: 'wwe-plain-invite-rings.xml',
    dn: DN,
    vars: { uuid: 'WGB-POLICY-RING' },
  });
  await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
  // sipp fails the call on any 200 to the INVITE during its 3 s of ringing, then CANCELs.
  assertSippPassed(await sipp, ['ringing', 'still ringing after 3 s; CANCEL answered']);
  await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);
});

test('reject_session_when_busy: a second INVITE while on a call is refused with sip_code_when_busy', async ({
  context,
  tone,
}) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, {
    'policy.session.reject_session_when_busy': '1',
    'policy.session.number_sessions_for_busy': '1',
    'policy.session.sip_code_when_busy': '480',
  });

  // The first call: SIP Server asks for auto-answer; it stays up 5 s.
  const first = runSipServer(stack, {
    scenario: 'genesys-auto-answer.xml',
    dn: DN,
    vars: { uuid: `WGB-POLICY-BUSY-${Date.now()}` },
  });
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');

  // The second: the tone peer calls the DN through the gateway and hears the refusal.
  const mark = tone.mark();
  await tone.dial(`sip:${DN}@127.0.0.1`);
  const closed = await tone.waitForEvent('CALL_CLOSED', mark);
  expect(closed.param, 'the peer is refused with sip_code_when_busy').toMatch(/^480\b/);
  await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);
  assertSippPassed(await first, ['auto-answered: 200 OK with SDP', 'BYE answered']);
});

test('dtmf_method=info: a digit pressed on the call reaches SIP Server as SIP INFO', async ({ context }) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, { 'policy.session.dtmf_method': 'info' });

  const sipp = runSipServer(stack, {
    scenario: 'wwe-dtmf-info.xml',
    dn: DN,
    vars: { uuid: `WGB-POLICY-DTMF-${Date.now()}` },
  });
  const panel = pwa.callPanel();
  await expect(panel).toHaveAttribute('data-state', 'active');
  await panel.getByTestId('dtmf-toggle').click();
  await expect(panel.getByTestId('dtmf-toggle')).toHaveAttribute('aria-expanded', 'true');
  await panel.getByTestId('dtmf-key-5').click();
  assertSippPassed(await sipp, ['auto-answered: 200 OK with SDP', 'INFO received: Signal=5', 'BYE answered']);
});

test('rtp_inactivity_timeout and vq_alarm_threshold: a call whose RTP stops is flagged to the agent, the event stream and the dashboard', async ({
  context,
}) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, {
    'policy.endpoint.rtp_inactivity_timeout': '4',
    'policy.endpoint.vq_alarm_threshold': '3.6',
  });
  const uuid = `WGB-POLICY-SILENT-${Date.now()}`;
  const isThisCall = (alarm: string) => (data: Record<string, unknown>) =>
    data.genesysCallUuid === uuid && data.alarm === alarm && data.isRaised === true;
  const vqAlarm = nextEvent(stack, 'call-alarm', isThisCall('voice-quality'));
  const silent = nextEvent(stack, 'call-alarm', isThisCall('rtp-inactivity'));

  const sipp = runSipServer(stack, { scenario: 'genesys-media-cut.xml', dn: DN, vars: { uuid } });
  const panel = pwa.callPanel();
  await expect(panel).toHaveAttribute('data-state', 'active');
  await expectInboundRtpRising(pwa.page);
  await expect(panel.getByTestId('call-quality')).toHaveAttribute('data-state', /good|poor/);
  await expect(panel.getByTestId('media-silent'), 'no alarm while the tone flows').toHaveCount(0);
  await expect(panel.getByTestId('vq-alarm')).toHaveCount(0);

  // sipp stops sending after 3 s: the vq alarm at the next sample, the silence 4 s after the last packet.
  await expect(panel.getByTestId('vq-alarm')).toBeVisible({ timeout: 8_000 });
  await expect(panel.getByTestId('media-silent')).toBeVisible({ timeout: 10_000 });
  await expect(panel.getByTestId('media-silent')).toContainText('No audio has reached you');
  expect((await vqAlarm).remote).toEqual(expect.any(String));
  expect((await silent).silentSince).toEqual(expect.any(Number));

  const dashboard = await context.newPage();
  await dashboard.goto(`${stack.companionUrl}/dashboard`);
  await expect(dashboard.getByTestId('dash-events')).toContainText('hears nothing: no audio has arrived');
  await expect(dashboard.getByTestId('dash-events')).toContainText('raised a voice-quality alarm');
  assertSippPassed(await sipp, ['auto-answered: 200 OK with SDP', 'RTP stopped', 'BYE answered']);
});

test('device rules pick fake devices by name and regex and re-pick on devicechange; no headset → inactive and 480', async ({
  context,
  tone,
}) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, {
    'policy.device.audio_in_device': 'audio input 2$',
    'policy.device.ringer_device': 'Plantronics',
    'policy.device.headset_name': 'Fake Audio Input 2',
    'policy.session.reject_session_when_headset_na': '1',
    'policy.session.sip_code_when_headset_na': '480',
  });
  await pwa.page.getByTestId('nav-settings').click();
  const rules = pwa.page.getByTestId('device-rules');
  await expect(rules.getByTestId('device-rule-input')).toHaveAttribute('data-state', 'matched');
  await expect(rules.getByTestId('device-rule-input')).toContainText('Fake Audio Input 2');
  await expect(rules.getByTestId('device-rule-ring')).toHaveAttribute('data-state', 'unmatched');
  await expect(rules.getByTestId('device-rule-ring')).toContainText('Plantronics');
  await expect(rules.getByTestId('device-rule-output')).toHaveCount(0);
  await expect(rules.getByTestId('headset-missing')).toHaveCount(0);
  expect(await isEndpointActive(stack)).toBe(true);

  // The headset is unplugged: the browser lists the devices without it and fires devicechange.
  await pwa.page.evaluate(() => {
    const media = navigator.mediaDevices;
    const list = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await list()).filter((d) => d.label !== 'Fake Audio Input 2');
    media.dispatchEvent(new Event('devicechange'));
  });
  await expect(rules.getByTestId('device-rule-input')).toHaveAttribute('data-state', 'unmatched');
  await expect(rules.getByTestId('headset-missing')).toBeVisible();
  await expect.poll(() => isEndpointActive(stack), { message: 'WWE hears the endpoint inactive' }).toBe(false);

  const mark = tone.mark();
  await tone.dial(`sip:${DN}@127.0.0.1`);
  const closed = await tone.waitForEvent('CALL_CLOSED', mark);
  expect(closed.param, 'the caller is refused with sip_code_when_headset_na').toMatch(/^480\b/);
  await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0);
});

test('ringing_enabled=0 and ringing_timeout: the call rings without a ringtone, then is refused with 480 at SIP Server', async ({
  context,
}) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  await loggedIn(pwa, { 'policy.session.ringing_enabled': '0', 'policy.session.ringing_timeout': '3' });

  const sipp = runSipServer(stack, {
    scenario: 'wwe-plain-invite-ringing-timeout.xml',
    dn: DN,
    vars: { uuid: `WGB-POLICY-RINGOUT-${Date.now()}` },
  });
  await expect(pwa.page.getByTestId('incoming-call')).toBeVisible();
  const ringingSince = Date.now();
  // The ringtone starts within a few hundred ms of the ring when it is on (ui-pwa.spec.ts): sample for 1.5 s.
  for (let sample = 0; sample < 6; sample += 1) {
    expect(await ringtoneState(pwa.page), 'no ringtone under ringing_enabled=0').toMatchObject({ isPlaying: false });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await expect(pwa.page.getByTestId('incoming-call')).toHaveCount(0, { timeout: 10_000 });
  expect(Date.now() - ringingSince, 'refused only after ringing_timeout').toBeGreaterThanOrEqual(2_500);
  assertSippPassed(await sipp, ['ringing', 'refused by the endpoint with 480']);
});

test('codecs.<name>.priority: the offer in our 200 to an offerless INVITE lists the codecs in WWE’s order', async ({
  context,
}) => {
  const pwa = await Pwa.openPaired(context, stack, DN);
  // The agent's Settings order is opus, PCMU, PCMA: WWE's reverses it and names codecs the browser leg has not.
  await loggedIn(pwa, {
    'codecs.pcma.priority': '100',
    'codecs.g729.priority': '95',
    'codecs.pcmu.priority': '90',
    'codecs.opus.priority': '80',
  });
  const sipp = runSipServer(stack, {
    scenario: 'genesys-3pcc-auto-answer.xml',
    dn: DN,
    vars: { uuid: `WGB-POLICY-CODECS-${Date.now()}` },
  });
  await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
  const order = await localAudioCodecOrder(pwa.page);
  expect(order.filter((name) => name !== 'telephone-event')).toEqual(['PCMA', 'PCMU', 'opus']);
  assertSippPassed(await sipp, ['3pcc: 200 OK carries the offer', 'BYE answered']);
});
