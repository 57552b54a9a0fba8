/**
 * Digest reuse: REAL JsSIP 3.13.8 over an in-memory socket against a registrar played here that checks
 * every digest itself (node:crypto's MD5, not JsSIP's), then the module alone on hand-written messages.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { DigestReuse } from '../src/adapters/digest-reuse.ts';
import { FakeClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import type { PhoneService } from '../src/phone/phone-port.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.ts';
import { installFakeWebRtc } from './fakes/fake-webrtc.ts';
import { createLoopPhone } from './fakes/loop-phone.ts';
import { header, LoopSocket, reply, sip } from './fakes/loop-socket.ts';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const REALM = 'gateway.test';
const PASSWORD = 'pw1001';

function param(authorization: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="?([^",]+)"?`).exec(authorization)?.[1];
}

/**
 * A registrar that takes a REGISTER only with a correct digest for its current nonce and a nonce count
 * above the last one used; otherwise 401 (stale=true when the digest was right for a nonce it retired).
 */
class Registrar {
  nonce = 'n1';
  retired = new Set<string>();
  lastNc = new Map<string, number>();
  readonly challenges: string[] = [];
  readonly accepted: string[] = [];

  constructor(private readonly socket: LoopSocket) {}

  /** Answers the next REGISTER not answered yet; returns it. */
  async answerNext(): Promise<string> {
    const nth = this.challenges.length + this.accepted.length + 1;
    let seen = 0;
    const request = await this.socket.waitFor(/^REGISTER /, () => ++seen === nth);
    const authorization = header(request, 'Authorization');
    const verdict = authorization ? this.#check(request, authorization) : 'none';
    if (verdict === 'ok') {
      this.accepted.push(request);
      this.socket.receive(reply(request, 200, 'OK', [`Contact: ${header(request, 'Contact')}`], 'reg'));
    } else {
      this.challenges.push(request);
      const stale = verdict === 'stale' ? ', stale=true' : '';
      const challenge = `Digest realm="${REALM}", nonce="${this.nonce}", qop="auth"${stale}`;
      this.socket.receive(reply(request, 401, 'Unauthorized', [`WWW-Authenticate: ${challenge}`]));
    }
    return request;
  }

  #check(request: string, authorization: string): 'ok' | 'stale' | 'wrong' {
    const nonce = param(authorization, 'nonce') ?? '';
    const nc = parseInt(param(authorization, 'nc') ?? '0', 16);
    const uri = param(authorization, 'uri') ?? '';
    const ha1 = md5(`${param(authorization, 'username')}:${REALM}:${PASSWORD}`);
    const ha2 = md5(`REGISTER:${uri}`);
    const expected = md5(`${ha1}:${nonce}:${param(authorization, 'nc')}:${param(authorization, 'cnonce')}:auth:${ha2}`);
    const right = param(authorization, 'response') === expected && request.startsWith(`REGISTER ${uri} `);
    if (!right) {
      return 'wrong';
    }
    if (this.retired.has(nonce)) {
      return 'stale';
    }
    if (nonce !== this.nonce || nc <= (this.lastNc.get(nonce) ?? 0)) {
      return 'wrong';
    }
    this.lastNc.set(nonce, nc);
    return 'ok';
  }

  retireNonce(): void {
    this.retired.add(this.nonce);
    this.nonce = `${this.nonce}x`;
  }
}

describe('digest reuse with real JsSIP (in-memory socket, a registrar checking every digest)', () => {
  let socket: LoopSocket;
  let phone: PhoneService;
  let registrar: Registrar;
  let uninstall: () => void;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    uninstall = installFakeWebRtc();
    socket = new LoopSocket();
    registrar = new Registrar(socket);
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      sipWebSocketUrl: 'wss://127.0.0.1:8443/ws',
      credentials: { '1001': { password: PASSWORD } },
    };
    const log = createMemoryLogger('digest');
    phone = createLoopPhone({ socket, clock: new FakeClock(), log, settings: () => settings });
  });

  afterEach(() => {
    mock.timers.reset();
    uninstall();
  });

  async function registerOnce(): Promise<void> {
    const registered = phone.execute('register', { dn: '1001', server: 'sip.example' });
    await registrar.answerNext(); // bare → 401
    await registrar.answerNext(); // JsSIP's answer → 200
    assert.equal((await registered).state, 'registered');
  }

  it("WWE's logout and login after one challenge: the un-REGISTER and the REGISTER each take one round trip", async () => {
    await registerOnce();
    const unregistered = phone.execute('unregister', {});
    const unregister = await registrar.answerNext();
    assert.equal((await unregistered).state, 'unregistered');
    const again = phone.execute('register', { dn: '1001', server: 'sip.example' });
    const register = await registrar.answerNext();
    assert.equal((await again).state, 'registered');

    assert.equal(registrar.challenges.length, 1, 'only the very first REGISTER was challenged');
    assert.equal(param(header(unregister, 'Authorization') ?? '', 'nc'), '00000002');
    assert.equal(param(header(register, 'Authorization') ?? '', 'nc'), '00000003');
    assert.notEqual(
      param(header(unregister, 'Authorization') ?? '', 'cnonce'),
      param(header(register, 'Authorization') ?? '', 'cnonce'),
    );
  });

  it('a nonce the registrar retired: 401 stale, JsSIP answers it, and the new nonce is reused next', async () => {
    await registerOnce();
    registrar.retireNonce();
    const unregistered = phone.execute('unregister', {});
    const refused = await registrar.answerNext();
    assert.equal(param(header(refused, 'Authorization') ?? '', 'nonce'), 'n1');
    const answered = await registrar.answerNext();
    assert.equal(param(header(answered, 'Authorization') ?? '', 'nonce'), 'n1x');
    assert.equal((await unregistered).state, 'unregistered');

    const again = phone.execute('register', { dn: '1001', server: 'sip.example' });
    const register = await registrar.answerNext();
    assert.equal((await again).state, 'registered');
    assert.equal(param(header(register, 'Authorization') ?? '', 'nonce'), 'n1x');
    assert.equal(registrar.challenges.length, 2);
  });
});

describe('DigestReuse on its own', () => {
  const CALL_ID = 'reg-a';
  const register = (cseq: number, callId = CALL_ID, extra: string[] = []): string =>
    sip('REGISTER sip:sip.example SIP/2.0', [
      'Via: SIP/2.0/WSS x.invalid;branch=z9hG4bK1',
      'From: <sip:1001@sip.example>;tag=f',
      'To: <sip:1001@sip.example>',
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      ...extra,
    ]);
  const ha1 = (password = PASSWORD): string => md5(`1001:${REALM}:${password}`);
  const ha2 = md5('REGISTER:sip:sip.example');
  /** The 401 (qop: 'auth', 'auth-int', or null for none, as Kamailio's template sends it). */
  const challenge = (request: string, qop: string | null = 'auth'): string =>
    reply(request, 401, 'Unauthorized', [
      `WWW-Authenticate: Digest realm="${REALM}", nonce="n1"${qop ? `, qop="${qop}"` : ''}`,
    ]);
  /** JsSIP's answer to it, with a correct response for `password`. */
  const answered = (cseq: number, qop: string | null = 'auth', password = PASSWORD): string => {
    const response = qop ? md5(`${ha1(password)}:n1:00000001:c:${qop}:${ha2}`) : md5(`${ha1(password)}:n1:${ha2}`);
    const tail = qop ? `, qop=${qop}, cnonce="c", nc=00000001` : '';
    return register(cseq, CALL_ID, [
      `Authorization: Digest username="1001", realm="${REALM}", nonce="n1", uri="sip:sip.example", response="${response}"${tail}`,
    ]);
  };

  /** Challenge, JsSIP's answer, and its 200: the registration is proven. */
  function proven(reuse: DigestReuse, qop: string | null = 'auth', password = PASSWORD): void {
    reuse.received(challenge(reuse.outgoing(register(1)), qop));
    reuse.received(reply(reuse.outgoing(answered(2, qop, password)), 200, 'OK'));
  }

  it('leaves a bare REGISTER alone until a 2xx has proven credentials for its registration', () => {
    const reuse = new DigestReuse(() => PASSWORD);
    assert.equal(reuse.outgoing(register(1)), register(1));
    reuse.received(challenge(register(1)));
    reuse.outgoing(answered(2));
    assert.equal(reuse.outgoing(register(3)), register(3), 'no 2xx yet');
  });

  it('answers with the right digest for the proven nonce, counting it up', () => {
    const reuse = new DigestReuse(() => PASSWORD);
    proven(reuse);
    const sent = reuse.outgoing(register(3));
    const authorization = header(sent, 'Authorization') ?? '';
    const cnonce = param(authorization, 'cnonce');
    assert.equal(param(authorization, 'response'), md5(`${ha1()}:n1:00000002:${cnonce}:auth:${ha2}`));
    assert.equal(param(authorization, 'uri'), 'sip:sip.example');
    assert.equal(sent.replace(/Authorization: [^\r]*\r\n/, ''), register(3), 'nothing else changed');
  });

  it("answers a challenge without qop (Kamailio's template) with the same response for the nonce", () => {
    const reuse = new DigestReuse(() => PASSWORD);
    proven(reuse, null);
    const authorization = header(reuse.outgoing(register(3)), 'Authorization') ?? '';
    assert.equal(param(authorization, 'response'), md5(`${ha1()}:n1:${ha2}`));
    assert.equal(param(authorization, 'nc'), undefined);
  });

  it('reuses nothing JsSIP answered with another password (a slot built before a renewal)', () => {
    const reuse = new DigestReuse(() => PASSWORD);
    proven(reuse, 'auth', 'the old password');
    assert.equal(reuse.outgoing(register(3)), register(3));
  });

  it('gives another registration (Call-ID) nothing, nor one whose credentials were forgotten', () => {
    const reuse = new DigestReuse(() => PASSWORD);
    proven(reuse);
    assert.equal(reuse.outgoing(register(1, 'reg-b')), register(1, 'reg-b'));
    reuse.forget();
    assert.equal(reuse.outgoing(register(3)), register(3));
  });

  it('stops reusing after any refusal, and reuses nothing without a password or with qop auth-int', () => {
    const refused = new DigestReuse(() => PASSWORD);
    proven(refused);
    refused.received(reply(refused.outgoing(register(3)), 403, 'Forbidden'));
    assert.equal(refused.outgoing(register(4)), register(4));

    const noPassword = new DigestReuse(() => null);
    proven(noPassword);
    assert.equal(noPassword.outgoing(register(3)), register(3));

    const authInt = new DigestReuse(() => PASSWORD);
    proven(authInt, 'auth-int');
    assert.equal(authInt.outgoing(register(3)), register(3));
  });
});
