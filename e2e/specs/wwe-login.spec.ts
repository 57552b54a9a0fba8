/**
 * WWE's login, replayed from a real page on the WWE origin in Chromium (the sequence: docs/protocol.md,
 * "What WWE sends"): every
 * request preflighted, real TLS trust, against the real companion, PWA and local gateway. The proof
 * that the endpoint tells the truth is the PWA's own REGISTER 200 (seen on its SIP WebSocket, on the
 * same clock as WWE's polls) and Kamailio's location table.
 */
import { expect, test, type CDPSession } from '@playwright/test';
import { WWE_SET_OPTIONS } from '../../companion/test/fixtures/wwe-set-options.ts';
import { lookupLocation } from '../../gateway/kamailio-ctl.ts';
import { BaresipControl } from '../../gateway/peers.ts';
import { startOriginServer, WWE_PAGE_PORT, type OriginServer } from '../fixtures/origin-server.ts';
import { Pwa } from '../fixtures/pwa.ts';
import { gateRegister200 } from '../fixtures/sip-frames.ts';
import { readStackInfo } from '../fixtures/stack-info.ts';
import { companionCall, isEndpointActive, registerDn } from '../fixtures/wwe-client.ts';
import { OriginPage, okBody, type PageReply } from '../fixtures/wwe-page.ts';

const stack = readStackInfo();
const DN = '1004';

/** SetOptions exactly as WWE sent it, except the registrar (the local gateway) and auto-answer on. */
function setOptionsBody(): unknown {
  return {
    value: {
      ...WWE_SET_OPTIONS.value,
      uri: stack.companionUrl,
      'sip-server-address': `127.0.0.1:${stack.sipPort}`,
      'policy.session.auto_answer': '1',
    },
  };
}

const ENDPOINT_PARAMETERS = (status: 'EndpointStatus_NotReady' | 'EndpointStatus_Ready'): unknown[] =>
  [
    { Key: 'EndpointStatus', Value: status },
    { Key: 'IsPingMandatory', Value: false },
    { Key: 'Status', Value: 'Initialized' },
  ].sort((a, b) => a.Key.localeCompare(b.Key));

function sortedParameters(body: unknown): unknown[] {
  const list = (body as { get_SIPEndpointParametersResult: { Key: string }[] }).get_SIPEndpointParametersResult;
  return [...list].sort((a, b) => a.Key.localeCompare(b.Key));
}

/** Preflights the page's network stack sent to the companion, by path (DevTools protocol). */
async function watchPreflights(cdp: CDPSession, companionUrl: string): Promise<string[]> {
  const seen: string[] = [];
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.request.method === 'OPTIONS' && event.request.url.startsWith(companionUrl)) {
      seen.push(new URL(event.request.url).pathname);
    }
  });
  return seen;
}

let wweServer: OriginServer;
test.beforeAll(async () => {
  wweServer = await startOriginServer(WWE_PAGE_PORT, 'WWE');
});
test.afterAll(async () => {
  await wweServer.close();
});

test.describe('WWE logs in from its own origin', () => {
  test('the §3.9 sequence registers the DN; the endpoint says active only after REGISTER got 200', async ({
    context,
  }) => {
    test.setTimeout(90_000);
    // Kamailio's 200 to the PWA's REGISTER is held back until WWE has polled at least once after it
    // arrived: GetIsEndpointActive must follow what the PWA knows, not what it asked for.
    const gate = await gateRegister200(context, stack.pwaOrigin, { hold: true });
    const pwa = await Pwa.open(context, stack);
    await pwa.saveCredential(DN, `pw${DN}`);
    await pwa.pairWithCompanion();

    const wwe = await OriginPage.open(context, wweServer.origin, stack.companionUrl);
    expect(wwe.origin).toBe(stack.wweOrigin);
    const preflights = await watchPreflights(await context.newCDPSession(wwe.page), stack.companionUrl);

    // 43.275 GetDnSIP: nothing registered yet.
    expect(okBody(await wwe.get('/GetDnSIP'))).toEqual({ get_DnSIPResult: '' });
    // 43.500 SetOptions, 43.515 SetSIPEndpointParameters.
    expect(okBody(await wwe.post('/SetOptions', setOptionsBody()))).toEqual({});
    expect(
      okBody(
        await wwe.post('/SetSIPEndpointParameters', {
          value: [{ Key: 'SipEndpointTransportProtocol', Value: 'UDP' }],
        }),
      ),
    ).toEqual({});
    // 43.526 RegisterDn/ answers at once: accepted, not registered.
    const registerReply = await wwe.post('/RegisterDn/', { addresses: [`127.0.0.1:${stack.sipPort}`], users: [DN] });
    expect(okBody(registerReply)).toEqual({ RegisterDnResult: true });

    // Then both status calls in parallel every register-interval until true and Ready. The two are
    // answered a moment apart, so one pair may straddle the registration: each is checked alone.
    const polls: { at: PageReply; active: boolean }[] = [];
    let releasedAt = Number.POSITIVE_INFINITY;
    let polledWhileHeld = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const started = Date.now();
      const heldBefore = gate.heldCount;
      const [activeReply, parametersReply] = await Promise.all([
        wwe.get('/GetIsEndpointActive'),
        wwe.get('/GetSIPEndpointParameters'),
      ]);
      const active = (okBody(activeReply) as { get_IsEndpointActiveResult: boolean }).get_IsEndpointActiveResult;
      expect(okBody(activeReply)).toEqual({ get_IsEndpointActiveResult: active });
      const parameters = sortedParameters(okBody(parametersReply));
      const ready = JSON.stringify(parameters) === JSON.stringify(ENDPOINT_PARAMETERS('EndpointStatus_Ready'));
      expect(parameters).toEqual(ENDPOINT_PARAMETERS(ready ? 'EndpointStatus_Ready' : 'EndpointStatus_NotReady'));
      polls.push({ at: activeReply, active }, { at: parametersReply, active: ready });
      if (active && ready) {
        break;
      }
      if (heldBefore > 0 && releasedAt === Number.POSITIVE_INFINITY) {
        polledWhileHeld++;
        releasedAt = gate.release();
      }
      await wwe.page.waitForTimeout(Math.max(0, 1500 - (Date.now() - started))); // WWE's poll grid
    }

    // The REGISTER reached Kamailio and its 200 came back while WWE was polling …
    expect(gate.arrivedAt.length, 'Kamailio answered the REGISTER with 200').toBeGreaterThan(0);
    expect(polledWhileHeld, 'WWE polled while the 200 was on its way').toBe(1);
    // … every answer before the PWA got that 200 said false / NotReady, and every true / Ready came
    // after; the last pair said true and Ready.
    for (const poll of polls) {
      if (poll.at.doneAt < releasedAt) {
        expect(poll.active, `answer at ${poll.at.doneAt}, 200 delivered at ${releasedAt}`).toBe(false);
      }
      if (poll.active) {
        expect(poll.at.sentAt).toBeGreaterThan(releasedAt);
      }
    }
    expect(polls.at(-1)?.active).toBe(true);
    expect(polls.at(-2)?.active).toBe(true);

    // Kamailio holds the PWA's contact; GetDnSIP now names the DN.
    const location = await lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`);
    expect(location?.contacts.length).toBeGreaterThan(0);
    expect(location?.contacts[0]?.received).toContain('transport=ws');
    expect(okBody(await wwe.get('/GetDnSIP'))).toEqual({ get_DnSIPResult: DN });

    // 45.278 SetPingPeriod, then Ping every ping-interval.
    expect(okBody(await wwe.post('/SetPingPeriod', { value: 2000 }))).toEqual({});
    for (let i = 0; i < 3; i++) {
      if (i > 0) {
        await wwe.page.waitForTimeout(2000); // WWE's ping grid
      }
      expect(okBody(await wwe.get('/Ping'))).toEqual({ PingResult: [] });
    }
    // The agent sees in the PWA that WWE is signed in to the companion.
    await expect(pwa.page.getByTestId('status-wwe')).toHaveAttribute('data-state', 'active');

    // Every call was preflighted (jQuery's JSON content type on GETs too).
    for (const path of [
      '/GetDnSIP',
      '/SetOptions',
      '/SetSIPEndpointParameters',
      '/RegisterDn/',
      '/GetIsEndpointActive',
      '/GetSIPEndpointParameters',
      '/SetPingPeriod',
      '/Ping',
    ]) {
      expect(preflights, `a preflight for ${path}`).toContain(path);
    }
  });

  test('SetOptions policy.session.auto_answer "1" reaches the PWA: a plain inbound call is answered by itself', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    await pwa.saveCredential(DN, `pw${DN}`);
    await pwa.pairWithCompanion();
    const wwe = await OriginPage.open(context, wweServer.origin, stack.companionUrl);
    expect(okBody(await wwe.post('/SetOptions', setOptionsBody()))).toEqual({});
    expect(okBody(await wwe.post('/RegisterDn/', { addresses: [`127.0.0.1:${stack.sipPort}`], users: [DN] }))).toEqual({
      RegisterDnResult: true,
    });
    await pwa.expectRegistration('registered');

    // The tone peer's INVITE asks for no auto-answer (no Call-Info answer-after), and the PWA's own
    // setting is "when requested": only WWE's policy can make the PWA answer it.
    const tone = await BaresipControl.connect(stack.toneCtrlPort);
    try {
      const mark = tone.mark();
      await tone.dial(`sip:${DN}@127.0.0.1`);
      await expect(pwa.callPanel()).toHaveAttribute('data-state', 'active');
      await tone.waitForEvent('CALL_ESTABLISHED', mark);
      await tone.hangup();
      await expect(pwa.callPanel()).toHaveCount(0);
    } finally {
      tone.close();
    }
  });

  test('a WWE logout and login (UnregisterDn/, then RegisterDn/) registers again with a clean PWA console', async ({
    context,
  }) => {
    const pwa = await Pwa.open(context, stack);
    const problems: string[] = [];
    pwa.page.on('console', (message) => {
      if (message.type() === 'error' || /invalid .* transition/.test(message.text())) {
        problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    // The PWA's REGISTERs (with credentials or bare) and Kamailio's answers to them.
    const registerFrames: string[] = [];
    pwa.page.on('websocket', (ws) => {
      const note = ({ payload }: { payload: string | Buffer }): void => {
        const text = String(payload);
        if (/^REGISTER |^SIP\/2\.0 \d+ [^\r]*\r\n(?:[^\r]*\r\n)*CSeq: \d+ REGISTER\r\n/.test(text)) {
          const credentials = /^Authorization: Digest /im.test(text) ? ' with credentials' : '';
          registerFrames.push(`${text.split(' ').slice(0, 2).join(' ')}${credentials}`);
        }
      };
      ws.on('framesent', note);
      ws.on('framereceived', note);
    });
    await pwa.saveCredential(DN, `pw${DN}`);
    await pwa.pairWithCompanion();
    expect((await registerDn(stack, DN)).body).toEqual({ RegisterDnResult: true });
    await pwa.expectRegistration('registered');
    await expect.poll(() => isEndpointActive(stack)).toBe(true);
    const loggedIn = registerFrames.length;

    // WWE's logout: UnregisterDn/ with the RegisterDn body (a GUESS: never seen in a log), then its login again.
    const body = { addresses: [`127.0.0.1:${stack.sipPort}`], users: [DN] };
    expect((await companionCall(stack, 'POST', '/UnregisterDn/', { body })).status).toBe(200);
    await pwa.expectRegistration('unregistered');
    await expect.poll(() => isEndpointActive(stack)).toBe(false);
    expect((await registerDn(stack, DN)).body).toEqual({ RegisterDnResult: true });
    await pwa.expectRegistration('registered');
    await expect.poll(() => isEndpointActive(stack)).toBe(true);
    const location = await lookupLocation(stack.gatewayRunDir, `${DN}@127.0.0.1`);
    expect(location?.contacts.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // Digest reuse: the first login was challenged; the un-REGISTER and the REGISTER carry credentials for
    // that nonce at once, and Kamailio takes them — one round trip each, no 401.
    const register = `REGISTER sip:127.0.0.1:${stack.sipPort}`;
    expect(registerFrames.slice(0, loggedIn)).toEqual([
      register,
      'SIP/2.0 401',
      `${register} with credentials`,
      'SIP/2.0 200',
    ]);
    expect(registerFrames.slice(loggedIn)).toEqual([
      `${register} with credentials`,
      'SIP/2.0 200',
      `${register} with credentials`,
      'SIP/2.0 200',
    ]);
  });
});
