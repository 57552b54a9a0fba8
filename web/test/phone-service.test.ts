import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  DEFAULT_APPLIED_SETTINGS,
  RelayError,
  type PhoneSnapshot,
  type RelayErrorCode,
  homeRegistration,
} from '../../protocol/src/index.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { Emitter } from '../src/lib/emitter.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { EnvironmentEvent, EnvironmentPort, LocalMediaPort } from '../src/phone/media-port.ts';
import type { PhoneEvent, PhoneService } from '../src/phone/phone-port.ts';
import { createPhone } from '../src/phone/phone-service.ts';
import type { IssuedSipCredentials } from '../src/phone/sip-credentials-port.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { wweDevices, wweEndpoint, wweSession } from './fakes/applied-settings.ts';
import { FakeSip } from './fakes/fake-sip.ts';
import { endCause, flags, quality } from './fakes/call-reads.ts';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class FakeTrack {
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}
const fakeStream = (): MediaStream => {
  const track = new FakeTrack();
  return { getTracks: () => [track] } as unknown as MediaStream;
};

async function rejectsWith(promise: Promise<unknown>, code: RelayErrorCode): Promise<RelayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RelayError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('phone service with a fake SIP stack', () => {
  let sip: FakeSip;
  let clock: FakeClock;
  let phone: PhoneService;
  let settings: Settings;
  let events: PhoneEvent[];
  let snapshots: PhoneSnapshot[];
  let env: Emitter<{ env: EnvironmentEvent }>;
  let media: LocalMediaPort & { deny: boolean; constraints: MediaStreamConstraints[]; streams: MediaStream[] };
  /** Settings saved: the phone hears of it as it does from the settings store. */
  let saveSettings: (next: Settings) => void;
  /** The gateway's SIP credentials issuer: answers from `answers` in turn (an Error rejects), records each request. */
  let issuer: { requests: string[]; answers: (IssuedSipCredentials | Error)[] };

  beforeEach(() => {
    sip = new FakeSip();
    clock = new FakeClock();
    settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1001': { password: 'pw1001' } },
    };
    env = new Emitter();
    const environment: EnvironmentPort = { subscribe: (l) => env.on('env', l) };
    media = {
      deny: false,
      constraints: [],
      streams: [],
      getUserMedia(c) {
        this.constraints.push(c);
        if (this.deny) {
          return Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' }));
        }
        const stream = fakeStream();
        this.streams.push(stream);
        return Promise.resolve(stream);
      },
      enumerateDevices: () => Promise.resolve([]),
    };
    issuer = { requests: [], answers: [] };
    const settingsListeners = new Set<(s: Settings) => void>();
    saveSettings = (next) => {
      settings = next;
      settingsListeners.forEach((listener) => listener(next));
    };
    phone = createPhone({
      settings: {
        current: () => settings,
        subscribe: (listener) => {
          settingsListeners.add(listener);
          return () => settingsListeners.delete(listener);
        },
      },
      sipCredentials: {
        issue: (url, dn) => {
          issuer.requests.push(`${url}?dn=${dn}`);
          const answer = issuer.answers.shift() ?? new Error('no answer queued');
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
        },
      },
      log: createMemoryLogger('phone'),
      clock,
      sip,
      media,
      environment,
      appVersion: '9.9.9',
      onInvalidTransition: (d) => assert.fail(`invalid ${d.machine} transition: ${d.reason}`),
    });
    events = [];
    snapshots = [];
    phone.onEvent((e) => events.push(e));
    phone.subscribe((s) => snapshots.push(s));
  });

  async function register(): Promise<void> {
    const done = phone.execute('register', { dn: '1001', server: 'sip.example:5060' });
    sip.emit({ type: 'transport', event: { type: 'connecting', attempt: 0 } });
    sip.emit({ type: 'transport', event: { type: 'connected' } });
    sip.emit({ type: 'registration', slot: 0, event: { type: 'registered' } });
    await done;
  }

  async function incoming(callId = 'in-1', autoAnswer: { afterSec: number } | null = null): Promise<void> {
    sip.emit({
      type: 'incoming',
      callId,
      remote: '5551234',
      genesysCallUuid: 'UUID-1',
      autoAnswer: autoAnswer && { ...autoAnswer, source: 'call-info' },
    });
    await flush();
  }

  async function activeCall(callId = 'in-1'): Promise<void> {
    await incoming(callId);
    const answered = phone.execute('answer', { callId });
    await flush();
    sip.emit({ type: 'call', callId, event: { type: 'accepted' } });
    await answered;
  }

  describe('registration', () => {
    it('codecs.*.priority from WWE set the audio codec order of the SIP account; without them, Settings do', async () => {
      await register();
      assert.deepEqual(sip.last('start')?.account.audioCodecs, DEFAULT_SETTINGS.audioCodecs);
      await phone.execute('applySettings', {
        settings: { ...DEFAULT_APPLIED_SETTINGS.settings, codecs: ['pcma', 'g729', 'pcmu'] },
        sources: { codecs: 'wwe' },
      });
      settings = { ...settings, credentials: { ...settings.credentials, '1002': { password: 'pw1002' } } };
      void phone.execute('register', { dn: '1002', server: 'sip.example:5060' }).catch(() => undefined);
      await flush();
      assert.deepEqual(sip.last('start')?.account.audioCodecs, ['PCMA', 'PCMU']);
    });

    it('a DN with no password here asks the agent and keeps the registration in place', async () => {
      await register();
      const error = await rejectsWith(
        phone.execute('register', { dn: '1002', server: 'sip.example:5060' }),
        'NOT_REGISTERED',
      );
      assert.match(error.message, /no password for DN 1002/);
      assert.deepEqual(events.at(-1), {
        type: 'password-needed',
        register: { dn: '1002', server: 'sip.example:5060' },
      });
      assert.equal(sip.count('start'), 1, 'no UA for 1002');
      assert.equal(sip.count('stop') + sip.count('unregister'), 0, '1001 is not let go');
      const home = homeRegistration(phone.snapshot);
      assert.deepEqual([home.state, home.state === 'registered' && home.dn], ['registered', '1001']);
    });

    describe('with SIP credentials issued by the gateway', () => {
      const issued = (n: number): IssuedSipCredentials => ({
        authorizationUser: `${1_700_000_000 + n}:1001`,
        password: `issued-${n}`,
        renewInMs: 1_800_000,
      });
      beforeEach(() => {
        settings = { ...settings, sipCredentialsUrl: 'https://gw.example/sip-credentials', credentials: {} };
      });
      /** register(), once the credentials have been fetched (the UA starts after that). */
      async function registerIssued(): Promise<void> {
        const done = phone.execute('register', { dn: '1001', server: 'sip.example:5060' });
        await flush();
        sip.emit({ type: 'transport', event: { type: 'connected' } });
        sip.emit({ type: 'registration', slot: 0, event: { type: 'registered' } });
        await done;
      }

      it('registers with them instead of a stored password, and renews them into the running UA', async () => {
        issuer.answers.push(issued(1), new Error('gateway down'), issued(2));
        await registerIssued();
        assert.deepEqual(issuer.requests, ['https://gw.example/sip-credentials?dn=1001']);
        const start = sip.last('start');
        assert.equal(start?.account.authorizationUser, '1700000001:1001');
        assert.equal(start?.account.password, 'issued-1');

        clock.advance(1_799_999);
        await flush();
        assert.equal(issuer.requests.length, 1, 'not before half their lifetime');
        clock.advance(1);
        await flush();
        assert.equal(issuer.requests.length, 2);
        assert.equal(sip.count('renewCredentials'), 0, 'a failed renewal keeps the credentials in use');
        clock.advance(30_000);
        await flush();
        assert.equal(issuer.requests.length, 3, 'tried again 30 s later');
        assert.deepEqual(sip.last('renewCredentials'), {
          method: 'renewCredentials',
          authorizationUser: '1700000002:1001',
          password: 'issued-2',
        });
        assert.equal(sip.count('start'), 1, 'renewal never rebuilds the UA');
        assert.equal(homeRegistration(phone.snapshot).state, 'registered');
      });

      it('WWE registering the DN again while it is up keeps the issued credentials; after a failure it asks anew', async () => {
        issuer.answers.push(issued(1), issued(2));
        await registerIssued();
        const again = await phone.execute('register', { dn: '1001', server: 'sip.example:5060' });
        assert.equal(again.state, 'registered');
        assert.equal(issuer.requests.length, 1, 'no second request for a DN registered with them');
        assert.equal(sip.count('start') + sip.count('renewCredentials'), 1, 'the UA is left as it is');

        sip.emit({ type: 'registration', slot: 0, event: { type: 'registrationFailed', cause: 'Rejected' } });
        void phone.execute('register', { dn: '1001', server: 'sip.example:5060' }).catch(() => undefined);
        await flush();
        assert.equal(issuer.requests.length, 2, 'a DN that is not up gets fresh credentials');
      });

      it('stops renewing once unregistered', async () => {
        issuer.answers.push(issued(1));
        await registerIssued();
        const done = phone.execute('unregister', {});
        sip.emit({ type: 'registration', slot: 0, event: { type: 'unregistered' } });
        await done;
        clock.advance(3_600_000);
        await flush();
        assert.equal(issuer.requests.length, 1);
      });

      it('refuses RegisterDn with the reason when the gateway issues none, and builds no UA', async () => {
        issuer.answers.push(new Error('the gateway answered 403 for SIP credentials'));
        const error = await rejectsWith(
          phone.execute('register', { dn: '1001', server: 'sip.example' }),
          'NOT_REGISTERED',
        );
        assert.match(error.message, /the gateway issued no SIP credentials for DN 1001: .*403/);
        assert.equal(sip.count('start'), 0);
      });
    });

    it('register resolves when the DN is registered and builds the UA from settings', async () => {
      await register();
      const start = sip.last('start');
      assert.equal(start?.account.dn, '1001');
      assert.equal(start?.account.server, 'sip.example:5060');
      assert.equal(start?.account.password, 'pw1001');
      assert.deepEqual(start?.account.webSocketUrls, ['wss://127.0.0.1:8443/ws']);
      assert.match(start?.account.userAgent ?? '', /WebRTC Gateway Bridge\/9\.9\.9/);
      assert.deepEqual([phone.snapshot.transport, homeRegistration(phone.snapshot).state], ['connected', 'registered']);
      assert.ok(
        snapshots.some((s) => homeRegistration(s).state === 'registering'),
        'registering was pushed',
      );
    });

    it('register rejects NOT_REGISTERED with the cause on an authentication failure', async () => {
      const done = phone.execute('register', { dn: '1001', server: 'sip.example' });
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registrationFailed', cause: 'Authentication Error' } });
      const error = await rejectsWith(done, 'NOT_REGISTERED');
      assert.match(error.message, /Authentication Error/);
      assert.equal(homeRegistration(phone.snapshot).state, 'failed');
      assert.deepEqual(events.at(-1), { type: 'registration-failed', cause: 'Authentication Error' });
    });

    it('a retryable failure schedules a retry with retryAt and a fresh REGISTER', async () => {
      await register();
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registrationFailed', cause: 'Request Timeout' } });
      const reg = homeRegistration(phone.snapshot);
      assert.ok(reg.state === 'failed' && reg.retryAt !== undefined && reg.retryAt > clock.now());
      clock.advance(61_000);
      assert.equal(sip.count('refreshRegistration'), 1);
      assert.equal(homeRegistration(phone.snapshot).state, 'registering');
    });

    it('register times out with NOT_REGISTERED when the gateway never answers', async () => {
      const done = phone.execute('register', { dn: '1001', server: 'sip.example' });
      clock.advance(10_000);
      await rejectsWith(done, 'NOT_REGISTERED');
    });

    it('a repeated RegisterDn for the registered DN resolves at once without a new UA', async () => {
      await register();
      await phone.execute('register', { dn: '1001', server: 'sip.example:5060' });
      assert.equal(sip.count('start'), 1);
    });

    it('unregister sends an un-REGISTER and resolves when unregistered', async () => {
      await register();
      const done = phone.execute('unregister', {});
      assert.equal(homeRegistration(phone.snapshot).state, 'unregistering');
      sip.emit({ type: 'registration', slot: 0, event: { type: 'unregistered' } });
      assert.equal((await done).state, 'unregistered');
    });

    it('keepalive: OPTIONS 25 s after registration, scheduled from each response; a dead probe reconnects', async () => {
      await register();
      clock.advance(24_999);
      assert.equal(sip.count('ping'), 0);
      clock.advance(1);
      assert.equal(sip.count('ping'), 1);
      await flush();
      clock.advance(25_000);
      assert.equal(sip.count('ping'), 2);
      sip.pingResult = 'dead';
      await flush();
      clock.advance(25_000);
      await flush();
      assert.equal(sip.count('reconnect'), 1);
    });

    it('online and a long hidden page force a fresh REGISTER and a probe', async () => {
      await register();
      env.emit('env', { type: 'online' });
      assert.equal(sip.count('refreshRegistration'), 1);
      env.emit('env', { type: 'visible', hiddenForMs: 5_000 });
      assert.equal(sip.count('refreshRegistration'), 1, 'a short hide does nothing');
      env.emit('env', { type: 'visible', hiddenForMs: 600_000 });
      assert.equal(sip.count('refreshRegistration'), 2);
      assert.equal(sip.count('ping'), 2);
    });

    it('pagehide unregisters and closes the transport', async () => {
      await register();
      env.emit('env', { type: 'pagehide' });
      await flush();
      assert.equal(sip.count('stop'), 1);
    });
  });

  describe('snapshot publication', () => {
    it('the REGISTER is handed to the SIP stack before the snapshot listeners run', async () => {
      const startsWhenHeard: number[] = [];
      phone.subscribe((snapshot) => {
        if (homeRegistration(snapshot).state === 'registering') {
          startsWhenHeard.push(sip.count('start'));
        }
      });
      await register();
      assert.equal(startsWhenHeard[0], 1, 'the first snapshot showing the REGISTER comes after it');
    });

    it('an effect that feeds the reducer again: the listeners hear every step’s snapshot, in order', async () => {
      const start = sip.start.bind(sip);
      sip.start = (account) => {
        start(account);
        // JsSIP's ua.start() reports `connecting` before it returns.
        sip.emit({ type: 'transport', event: { type: 'connecting', attempt: 0 } });
      };
      await flush();
      snapshots.length = 0;
      void phone.execute('register', { dn: '1001', server: 'sip.example:5060' });
      assert.equal(snapshots.at(-1), phone.snapshot);
      assert.deepEqual(
        snapshots.map((s) => [s.transport, homeRegistration(s).state]),
        [
          ['disconnected', 'registering'],
          ['connecting', 'registering'],
        ],
      );
    });
  });

  describe('Business Continuity: two registration slots', () => {
    const siteB = { dn: '1001', server: 'sip-b.example:5060' };
    async function registerBoth(): Promise<{ done: Promise<unknown> }> {
      const done = phone.execute('register', { dn: '1001', server: 'sip.example:5060', extraSlots: [siteB] });
      sip.emit({ type: 'transport', event: { type: 'connecting', attempt: 0 } });
      sip.emit({ type: 'transport', event: { type: 'connected' } });
      await flush();
      return { done };
    }

    it('register starts one UA with the peer site as a further slot and waits for both answers', async () => {
      const { done } = await registerBoth();
      assert.deepEqual(sip.last('start')?.account.extraSlots, [siteB]);
      sip.emit({ type: 'registration', slot: 1, event: { type: 'registered' } });
      await flush();
      assert.deepEqual(
        phone.snapshot.slots.map((s) => [s.registration.state, s.settled]),
        [
          ['registering', false],
          ['registered', true],
        ],
      );
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registered' } });
      assert.equal(((await done) as { state: string }).state, 'registered');
    });

    it('site A down: register still succeeds on site B, slot 0 retries on its own timer, calls go out on slot 1', async () => {
      const { done } = await registerBoth();
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registrationFailed', cause: 'Request Timeout' } });
      sip.emit({ type: 'registration', slot: 1, event: { type: 'registered' } });
      assert.equal(((await done) as { state: string }).state, 'failed');
      const dialed = phone.execute('dial', { target: '9000' });
      await flush();
      assert.equal(sip.last('dial')?.slot, 1);
      sip.emit({ type: 'call', callId: sip.last('dial')?.callId ?? '', event: { type: 'inviteSent' } });
      await dialed;
      clock.advance(60_000);
      assert.deepEqual(sip.last('refreshRegistration'), { method: 'refreshRegistration', slot: 0 });
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registered' } });
      assert.deepEqual(
        phone.snapshot.slots.map((s) => s.registration.state),
        ['registered', 'registered'],
      );
    });

    it('both sites refuse: register fails with slot 0’s cause', async () => {
      const { done } = await registerBoth();
      sip.emit({ type: 'registration', slot: 1, event: { type: 'registrationFailed', cause: 'Request Timeout' } });
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registrationFailed', cause: 'Authentication Error' } });
      const error = await rejectsWith(done, 'NOT_REGISTERED');
      assert.match(error.message, /Authentication Error/);
    });
  });

  describe('calls', () => {
    beforeEach(register);

    it('dial without registration is NOT_REGISTERED', async () => {
      sip.emit({ type: 'registration', slot: 0, event: { type: 'registrationLost', cause: 'Connection Error' } });
      await rejectsWith(phone.execute('dial', { target: '9000' }), 'NOT_REGISTERED');
    });

    it('dial resolves once the INVITE is sent, with the call dialing', async () => {
      const done = phone.execute('dial', { target: '9000' });
      await flush();
      const dial = sip.last('dial');
      assert.equal(dial?.target, '9000');
      sip.emit({ type: 'call', callId: dial?.callId ?? '', event: { type: 'inviteSent' } });
      const call = await done;
      assert.deepEqual([call.state, call.direction, call.remote], ['dialing', 'outbound', '9000']);
      sip.emit({ type: 'call', callId: call.callId, event: { type: 'progress' } });
      sip.emit({ type: 'call', callId: call.callId, event: { type: 'accepted' } });
      assert.equal(phone.snapshot.calls[0]?.state, 'active');
    });

    it('dial uses the audio settings and the endpoint settings for getUserMedia', async () => {
      settings = { ...settings, audio: { ...settings.audio, inputDeviceId: 'mic-2' } };
      await phone.execute('applySettings', wweSession({ noiseSuppression: false }));
      const done = phone.execute('dial', { target: '9000' });
      await flush();
      sip.emit({ type: 'call', callId: sip.last('dial')?.callId ?? '', event: { type: 'inviteSent' } });
      await done;
      const audio = media.constraints.at(-1)?.audio as MediaTrackConstraints;
      assert.deepEqual(
        [audio.noiseSuppression, audio.autoGainControl, audio.deviceId],
        [false, true, { exact: 'mic-2' }],
      );
    });

    it('dial with the microphone denied is MEDIA_DENIED and sends nothing', async () => {
      media.deny = true;
      await rejectsWith(phone.execute('dial', { target: '9000' }), 'MEDIA_DENIED');
      assert.equal(sip.count('dial'), 0);
    });

    it('an inbound call rings, keeps X-Genesys-CallUUID, and answer resolves on the 200 OK', async () => {
      await incoming();
      assert.equal(events.at(-1)?.type, 'incoming');
      assert.deepEqual(
        [phone.snapshot.calls[0]?.state, phone.snapshot.calls[0]?.genesysCallUuid],
        ['incoming', 'UUID-1'],
      );
      const answered = phone.execute('answer', {});
      await flush();
      assert.equal(sip.last('answer')?.callId, 'in-1');
      assert.equal(phone.snapshot.calls[0]?.state, 'answering');
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'accepted' } });
      assert.equal((await answered).state, 'active');
    });

    it('the microphone opens while the call rings, and the answer uses that stream', async () => {
      await incoming();
      assert.equal(media.streams.length, 1, 'getUserMedia ran while ringing');
      const answered = phone.execute('answer', {});
      await flush();
      assert.equal(sip.last('answer')?.stream, media.streams[0]);
      assert.equal(media.streams.length, 1, 'no second getUserMedia on answer');
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'accepted' } });
      assert.equal((await answered).state, 'active');
    });

    it('with its microphone open, the answer reaches the SIP side before anyone hears the call is answering', async () => {
      await incoming();
      await flush(); // the microphone opened while it rang
      const answersWhenHeard: number[] = [];
      const off = phone.subscribe(() => {
        if (phone.snapshot.calls[0]?.state === 'answering') {
          answersWhenHeard.push(sip.count('answer'));
        }
      });
      const answered = phone.execute('answer', {});
      off();
      // The relay push and the UI render (the snapshot's listeners) come after the 200 OK is under way.
      assert.deepEqual(answersWhenHeard, [1]);
      assert.equal(sip.last('answer')?.stream, media.streams[0]);
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'accepted' } });
      assert.equal((await answered).state, 'active');
    });

    it('a call that ends unanswered stops the microphone it opened', async () => {
      await incoming();
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'ended', cause: 'Canceled' } });
      await flush();
      assert.deepEqual(
        media.streams.flatMap((s) => s.getTracks().map((t) => (t as unknown as FakeTrack).stopped)),
        [true],
      );
    });

    it('NOTIFY Event: talk answers a ringing call', async () => {
      await incoming();
      sip.emit({ type: 'remote-control', callId: 'in-1', action: 'talk' });
      await flush();
      assert.equal(sip.last('answer')?.callId, 'in-1');
    });

    it('NOTIFY hold holds an active call and NOTIFY talk retrieves it', async () => {
      await activeCall();
      sip.emit({ type: 'remote-control', callId: 'in-1', action: 'hold' });
      assert.deepEqual(sip.last('setHold'), { method: 'setHold', callId: 'in-1', held: true });
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'holdSucceeded' } });
      assert.equal(flags(phone.snapshot.calls[0]).isHeld, true);
      sip.emit({ type: 'remote-control', callId: 'in-1', action: 'talk' });
      assert.deepEqual(sip.last('setHold'), { method: 'setHold', callId: 'in-1', held: false });
    });

    it('auto-answers Call-Info answer-after=0 under when-requested', async () => {
      await incoming('in-1', { afterSec: 0 });
      clock.advance(0);
      await flush();
      assert.equal(sip.last('answer')?.callId, 'in-1');
    });

    it('does not auto-answer under never, even when asked', async () => {
      settings = { ...settings, autoAnswer: 'never' };
      await incoming('in-1', { afterSec: 0 });
      clock.advance(1_000);
      await flush();
      assert.equal(sip.count('answer'), 0);
    });

    it('WWE policy auto_answer answers calls without a header', async () => {
      await phone.execute('applySettings', wweSession({ autoAnswer: true }));
      await incoming('in-1');
      clock.advance(0);
      await flush();
      assert.equal(sip.count('answer'), 1);
    });

    it('auto_answer_delay: a call without a header is answered after the delay, not before', async () => {
      await phone.execute('applySettings', wweSession({ autoAnswer: true, autoAnswerDelayMs: 1_500 }));
      await incoming('in-1');
      clock.advance(1_499);
      await flush();
      assert.equal(sip.count('answer'), 0);
      clock.advance(1);
      await flush();
      assert.equal(sip.last('answer')?.callId, 'in-1');
    });

    it('reject_session_when_headset_na: no microphone matching headset_name refuses the call with sip_code_when_headset_na; plugged in, it rings', async () => {
      await phone.execute(
        'applySettings',
        wweDevices({ headsetName: 'jabra' }, { rejectWhenHeadsetMissing: true, headsetMissingCode: 488 }),
      );
      await flush();
      await incoming('in-1');
      assert.deepEqual(sip.last('hangup'), { method: 'hangup', callId: 'in-1', mode: { refuse: 488 } });
      assert.equal(phone.snapshot.calls.length, 0);
      assert.equal(phone.snapshot.headsetMissing, true, 'the companion learns why');
      media.enumerateDevices = () =>
        Promise.resolve([
          { deviceId: 'mic-j', kind: 'audioinput', label: 'Jabra Evolve2 40', groupId: '' } as MediaDeviceInfo,
        ]);
      await phone.execute('applySettings', wweDevices({ headsetName: 'jabra' }, { rejectWhenHeadsetMissing: true }));
      await flush();
      await incoming('in-2');
      assert.equal(phone.snapshot.calls[0]?.state, 'incoming');
      assert.equal(phone.snapshot.headsetMissing, undefined);
    });

    it('audio_in_device: the microphone the rule picks is the one opened, whatever Settings chose', async () => {
      settings = { ...settings, audio: { ...settings.audio, inputDeviceId: 'mic-agent' } };
      media.enumerateDevices = () =>
        Promise.resolve(
          [
            { deviceId: 'mic-agent', kind: 'audioinput', label: 'Internal Microphone' },
            { deviceId: 'mic-usb', kind: 'audioinput', label: 'USB Headset' },
          ].map((d) => ({ ...d, groupId: '' }) as MediaDeviceInfo),
        );
      await phone.execute('applySettings', wweDevices({ audioIn: 'usb' }));
      await flush();
      await activeCall();
      const audio = media.constraints.at(-1)?.audio;
      assert.deepEqual(typeof audio === 'object' ? audio.deviceId : undefined, { exact: 'mic-usb' });
      assert.equal(phone.devices?.roles.input.by, 'rule');
    });

    it('reject_session_when_busy: a second call is refused with sip_code_when_busy; off, it rings', async () => {
      await activeCall('in-1');
      await phone.execute('applySettings', wweSession({ rejectWhenBusy: true, busyCallCount: 1, busyCode: 480 }));
      await incoming('in-2');
      assert.deepEqual(sip.last('hangup'), { method: 'hangup', callId: 'in-2', mode: { refuse: 480 } });
      assert.deepEqual(
        phone.snapshot.calls.map((c) => c.callId),
        ['in-1'],
      );
      await phone.execute('applySettings', wweSession({ rejectWhenBusy: false }));
      await incoming('in-3');
      assert.equal(phone.snapshot.calls[1]?.state, 'incoming');
    });

    it('ringing_timeout: a call ringing that long is refused with 480 and ends', async () => {
      await phone.execute('applySettings', wweSession({ ringingTimeoutS: 5 }));
      await incoming('in-1');
      clock.advance(4_999);
      assert.equal(sip.count('hangup'), 0);
      clock.advance(1);
      assert.deepEqual(sip.last('hangup'), { method: 'hangup', callId: 'in-1', mode: { refuse: 480 } });
      assert.equal(phone.snapshot.calls[0]?.state, 'ending');
    });

    it('ringing_timeout does not touch a call answered in time', async () => {
      await phone.execute('applySettings', wweSession({ ringingTimeoutS: 5 }));
      await activeCall('in-1');
      clock.advance(10_000);
      assert.equal(sip.count('hangup'), 0);
    });

    it('dtmf_method=info sends SIP INFO; the microphone processing reaches a live call at once', async () => {
      await activeCall();
      await phone.execute('applySettings', wweSession({ dtmfMethod: 'info', echoCancellation: false }));
      assert.deepEqual(sip.last('applyMicrophone'), {
        method: 'applyMicrophone',
        callId: 'in-1',
        processing: { echoCancellation: false, noiseSuppression: true, autoGainControl: true },
      });
      await phone.execute('sendDtmf', { tones: '5' });
      assert.equal(sip.last('sendDtmf')?.mode, 'info');
    });

    it('setHold resolves when the re-INVITE is confirmed; a second setHold meanwhile is BUSY', async () => {
      await activeCall();
      const holding = phone.execute('setHold', { held: true });
      assert.equal(flags(phone.snapshot.calls[0]).isHoldPending, true);
      await rejectsWith(phone.execute('setHold', { held: false }), 'BUSY');
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'holdSucceeded' } });
      const call = await holding;
      assert.deepEqual([flags(call).isHeld, flags(call).isHoldPending], [true, false]);
    });

    it('a 488 to the hold re-INVITE rolls the flag back and the call stays up', async () => {
      await activeCall();
      const holding = phone.execute('setHold', { held: true });
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'holdFailed', cause: '488 Not Acceptable Here' } });
      await rejectsWith(holding, 'INVALID_STATE');
      assert.deepEqual(
        [
          phone.snapshot.calls[0]?.state,
          flags(phone.snapshot.calls[0]).isHeld,
          flags(phone.snapshot.calls[0]).isHoldPending,
        ],
        ['active', false, false],
      );
    });

    it('another microphone chosen in Settings mid-call: the call opens it and sends from it at once', async () => {
      await activeCall();
      const opened = media.constraints.length;
      saveSettings({ ...settings, audio: { ...settings.audio, echoCancellation: false } });
      await flush();
      assert.equal(sip.count('switchMicrophone'), 0, 'the same microphone: nothing to switch');
      saveSettings({ ...settings, audio: { ...settings.audio, inputDeviceId: 'headset-2' } });
      await flush();
      assert.equal(media.constraints.length, opened + 1);
      assert.deepEqual((media.constraints.at(-1)?.audio as MediaTrackConstraints).deviceId, { exact: 'headset-2' });
      assert.deepEqual(sip.last('switchMicrophone'), {
        method: 'switchMicrophone',
        callId: 'in-1',
        stream: media.streams.at(-1),
      });
    });

    it('mute is a flag separate from hold; DTMF uses RFC 4733 by default', async () => {
      await activeCall();
      const muted = await phone.execute('setMute', { muted: true });
      assert.deepEqual([flags(muted).isMuted, flags(muted).isHeld], [true, false]);
      await phone.execute('sendDtmf', { tones: '12#' });
      assert.deepEqual(sip.last('sendDtmf'), { method: 'sendDtmf', callId: 'in-1', tones: '12#', mode: 'rfc4733' });
      const sent = await phone.execute('sendDtmf', { tones: '3' });
      assert.equal(sent.state === 'active' && sent.dtmfSent, '12#3', 'the call keeps the digits sent, for its card');
    });

    it('hangup of a ringing call rejects it; hangup with no call is NO_SUCH_CALL', async () => {
      await rejectsWith(phone.execute('hangup', {}), 'NO_SUCH_CALL');
      await incoming();
      const done = phone.execute('hangup', {});
      assert.deepEqual(sip.last('hangup'), { method: 'hangup', callId: 'in-1', mode: 'reject' });
      sip.emit({ type: 'call', callId: 'in-1', event: { type: 'ended', cause: 'Rejected' } });
      const ended = await done;
      assert.deepEqual(
        [ended.state, endCause(ended)],
        ['ended', 'Declined'],
        'the agent declined it: not a missed call',
      );
      assert.equal(phone.snapshot.calls.length, 0);
      assert.equal(events.at(-1)?.type, 'ended');
    });

    it('answer with an unknown callId is NO_SUCH_CALL; answering an active call is INVALID_STATE-free', async () => {
      await rejectsWith(phone.execute('answer', { callId: 'nope' }), 'NO_SUCH_CALL');
      await activeCall();
      assert.equal((await phone.execute('answer', { callId: 'in-1' })).state, 'active');
    });

    it('two lines: answering the second call holds the first; a third call gets 486', async () => {
      await activeCall('in-1');
      await incoming('in-2');
      const answered = phone.execute('answer', { callId: 'in-2' });
      await flush();
      assert.deepEqual(sip.last('setHold'), { method: 'setHold', callId: 'in-1', held: true });
      sip.emit({ type: 'call', callId: 'in-2', event: { type: 'accepted' } });
      await answered;
      await incoming('in-3');
      assert.deepEqual(sip.last('hangup'), { method: 'hangup', callId: 'in-3', mode: { refuse: 486 } });
      assert.equal(phone.snapshot.calls.length, 2);
    });

    it('samples quality every 2 s and warns once when MOS drops below 3.5', async () => {
      await activeCall();
      sip.stats = { at: clock.now(), packetsReceived: 100, packetsLost: 0, jitterMs: 2, rttMs: 20 };
      clock.advance(2_000);
      await flush();
      assert.ok((quality(phone.snapshot.calls[0])?.mos ?? 0) > 4);
      sip.stats = { at: clock.now(), packetsReceived: 150, packetsLost: 50, jitterMs: 80, rttMs: 400 };
      clock.advance(2_000);
      await flush();
      assert.ok((quality(phone.snapshot.calls[0])?.mos ?? 5) < 3.5);
      assert.equal(events.filter((e) => e.type === 'quality-warning').length, 1);
    });

    it('rtp_inactivity_timeout and vq_alarm_threshold: a call whose RTP stops is flagged, and cleared when it resumes', async () => {
      await phone.execute('applySettings', wweEndpoint({ rtpInactivityTimeoutS: 4, vqAlarmThreshold: 3.6 }));
      await activeCall();
      const sample = (packetsReceived: number) => async () => {
        sip.stats = { at: clock.now(), packetsReceived, packetsLost: 0, jitterMs: 2, rttMs: 20 };
        clock.advance(2_000);
        await flush();
      };
      const alarms = () => events.flatMap((e) => (e.type === 'media-alarm' ? [`${e.alarm} ${e.isRaised}`] : []));
      const heardAt = clock.now();
      await sample(100)();
      assert.equal(quality(phone.snapshot.calls[0])?.vqAlarm, false);
      await sample(100)();
      assert.deepEqual(alarms(), ['voice-quality true'], 'nothing heard: the vq alarm');
      await sample(100)();
      await sample(100)();
      assert.equal(quality(phone.snapshot.calls[0])?.silentSince, heardAt);
      assert.deepEqual(alarms(), ['voice-quality true', 'rtp-inactivity true']);
      await sample(200)();
      assert.equal(quality(phone.snapshot.calls[0])?.silentSince, undefined);
      assert.deepEqual(alarms().slice(2), ['rtp-inactivity false', 'voice-quality false']);
    });

    it('online mid-call restarts ICE', async () => {
      await activeCall();
      env.emit('env', { type: 'online' });
      assert.equal(sip.last('restartIce')?.callId, 'in-1');
    });

    it('online while the SIP socket is down restarts ICE only once the socket is back, keeping the call', async () => {
      await activeCall();
      sip.emit({ type: 'transport', event: { type: 'disconnected', cause: 'network' } });
      env.emit('env', { type: 'online' });
      assert.equal(sip.count('restartIce'), 0, 'no re-INVITE on a dead socket');
      sip.emit({ type: 'transport', event: { type: 'connecting', attempt: 1 } });
      sip.emit({ type: 'transport', event: { type: 'connected' } });
      assert.equal(sip.last('restartIce')?.callId, 'in-1');
      assert.equal(phone.snapshot.calls[0]?.state, 'active');
    });
  });
});
