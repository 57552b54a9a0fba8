/**
 * The local gateway against its real daemons (nginx, Kamailio, rtpengine, baresip) in a temporary
 * run dir on free non-default ports, so it never clashes with a gateway on the defaults.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { freeGatewayPorts, startGateway, type Gateway } from './gateway.ts';
import { httpsGet } from './https-get.ts';
import { lookupLocation, pingSip } from './kamailio-ctl.ts';
import { BaresipControl, runSipp } from './peers.ts';
import { isRecordedAlive, readPids, type DaemonRecord } from './processes.ts';
import { digest, WsRegistrar } from './ws-registrar.ts';

const execFileAsync = promisify(execFile);

describe('local gateway started in a temporary run dir', () => {
  let gateway: Gateway;
  let ca: Buffer;
  let runDir: string;
  let records: DaemonRecord[];

  /** A sipp scenario of gateway/scenarios/. */
  const scenario = (name: string) => ({ file: join(import.meta.dirname, 'scenarios', name) });
  /** Runs a scenario once from the trusted SIP Server trunk port towards `dn`. */
  const fromTrunk = (name: string, dn: string) =>
    runSipp({
      scenario: scenario(name),
      target: `127.0.0.1:${gateway.ports.sip}`,
      args: ['-s', dn, '-p', String(gateway.ports.trunk), '-m', '1'],
      cwd: runDir,
      timeoutMs: 8000,
    });

  before(async () => {
    runDir = mkdtempSync(join(tmpdir(), 'wgb-gateway-test-'));
    gateway = await startGateway({
      runDir,
      ports: await freeGatewayPorts(),
      certsDir: join(runDir, 'certs'),
      sipCredentials: true,
    });
    records = readPids(runDir);
    ca = readFileSync(gateway.tls.caFile ?? gateway.tls.certFile);
  });

  after(async () => {
    await gateway?.stop();
    if (process.env.WGB_KEEP_TEST_RUN !== '1') {
      rmSync(runDir, { recursive: true, force: true });
    }
  });

  it('serves /config.json over TLS naming the wss URL of the request origin', async () => {
    const res = await httpsGet(`${gateway.origin}/config.json`, ca);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /wss:\/\/127\.0\.0\.1:\*/);
    assert.deepEqual(JSON.parse(res.body), {
      sipWebSocketUrl: gateway.sipWebSocketUrl,
      sipDomain: '127.0.0.1',
      iceServers: [],
      companionUrl: 'https://127.0.0.1:8000',
    });
  });

  it('issues time-limited TURN credentials that coturn relays with, and refuses a wrong password', async () => {
    const res = await httpsGet(`${gateway.origin}/turn-credentials`, ca);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['access-control-allow-origin'], undefined, 'no other origin may read them');
    const { iceServers, ttl } = JSON.parse(res.body) as {
      iceServers: { urls: string[]; username: string; credential: string }[];
      ttl: number;
    };
    const [server] = iceServers;
    assert.ok(server);
    assert.deepEqual(server.urls, [
      `turn:127.0.0.1:${gateway.ports.turn}?transport=udp`,
      `turn:127.0.0.1:${gateway.ports.turn}?transport=tcp`,
    ]);
    const expiry = Number(server.username.split(':')[0]);
    assert.ok(Math.abs(expiry - (Date.now() / 1000 + ttl)) < 60, server.username);
    const relay = (password: string) =>
      execFileAsync(
        'turnutils_uclient',
        ['-p', String(gateway.ports.turn), '-u', server.username, '-w', password, '-y', '-n', '5', '-c', '127.0.0.1'],
        { timeout: 15_000 },
      ).then(
        ({ stdout, stderr }) => ({ ok: true, log: stdout + stderr }),
        (error: { stdout?: string; stderr?: string }) => ({
          ok: false,
          log: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      );
    const good = await relay(server.credential);
    assert.ok(good.ok, good.log.slice(-1500));
    assert.match(good.log, /tot_recv_msgs=10\b/);
    const wrong = await relay('not-the-password');
    assert.equal(wrong.ok, false);
    assert.match(wrong.log, /Cannot complete Allocation/);
  });

  it('proxies a sip WebSocket to Kamailio, where REGISTER gets 401 and then 200 with the digest', async () => {
    const ws = new WebSocket(gateway.sipWebSocketUrl, 'sip', { ca });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    try {
      assert.equal(ws.protocol, 'sip');
      const client = new WsRegistrar(ws);
      const callId = randomBytes(8).toString('hex');
      const challenge = await client.send(WsRegistrar.register('1001', 1, callId));
      assert.match(challenge, /^SIP\/2\.0 401 /);
      const auth = digest(challenge, '1001', 'pw1001');
      const ok = await client.send(WsRegistrar.register('1001', 2, callId, auth));
      assert.match(ok, /^SIP\/2\.0 200 /);
      const entry = await lookupLocation(gateway.runDir, '1001@127.0.0.1');
      assert.ok(entry, '1001 is in the location table');
      assert.match(entry.contacts[0]?.received ?? '', /^sip:127\.0\.0\.1:\d+;transport=ws$/);
    } finally {
      ws.close();
    }
  });

  it('issues short-lived SIP credentials for a DN that Kamailio accepts (auth_ephemeral) for that DN only, until they expire', async () => {
    const issued = await httpsGet(`${gateway.origin}/sip-credentials?dn=2041`, ca);
    assert.equal(issued.status, 200);
    assert.equal(issued.headers['cache-control'], 'no-store');
    assert.equal(issued.headers['access-control-allow-origin'], undefined, 'no other origin may read them');
    const { username, password, ttl } = JSON.parse(issued.body) as { username: string; password: string; ttl: number };
    const [expiry, dn] = username.split(':');
    assert.equal(dn, '2041');
    assert.ok(Math.abs(Number(expiry) - (Date.now() / 1000 + ttl)) < 60, username);

    const bad = await httpsGet(`${gateway.origin}/sip-credentials?dn=${encodeURIComponent('1001@evil')}`, ca);
    assert.equal(bad.status, 400);
    assert.equal((JSON.parse(bad.body) as { error: string }).error, 'bad_dn');

    // 2041 is in no users table: only the issued credentials can register it.
    const register = async (user: string, authUser: string, secret: string): Promise<string> => {
      const ws = new WebSocket(gateway.sipWebSocketUrl, 'sip', { ca });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      try {
        const client = new WsRegistrar(ws);
        const callId = randomBytes(8).toString('hex');
        const challenge = await client.send(WsRegistrar.register(user, 1, callId));
        assert.match(challenge, /^SIP\/2\.0 401 /);
        return await client.send(WsRegistrar.register(user, 2, callId, digest(challenge, authUser, secret)));
      } finally {
        ws.close();
      }
    };
    assert.match(await register('2041', username, password), /^SIP\/2\.0 200 /);
    assert.match(await register('2041', username, 'not-the-password'), /^SIP\/2\.0 401 /);
    assert.match(
      await register('1001', username, password),
      /^SIP\/2\.0 403 /,
      '2041’s credentials never register 1001',
    );
    // Signed with the gateway's own secret, but expired a minute ago.
    const secret = /modparam\("auth_ephemeral", "secret", "([^"]+)"\)/.exec(
      readFileSync(join(gateway.runDir, 'kamailio.cfg'), 'utf8'),
    )?.[1];
    assert.ok(secret, 'the rendered kamailio.cfg holds the secret');
    assert.ok(!readFileSync(join(gateway.runDir, 'log', 'kamailio.log'), 'utf8').includes(secret), 'never in the log');
    const expired = `${Math.floor(Date.now() / 1000) - 60}:2041`;
    const expiredPassword = createHmac('sha1', secret).update(expired).digest('base64');
    assert.match(await register('2041', expired, expiredPassword), /^SIP\/2\.0 401 /);
    // The typed-password users are untouched.
    assert.match(await register('1001', '1001', 'pw1001'), /^SIP\/2\.0 200 /);
  });

  it('fails an INVITE to a WebSocket agent that answers nothing (a frozen page) with 408 within 2 s, and closes its socket', async () => {
    const ws = new WebSocket(gateway.sipWebSocketUrl, 'sip', { ca });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    try {
      const client = new WsRegistrar(ws);
      const callId = randomBytes(8).toString('hex');
      const challenge = await client.send(WsRegistrar.register('1002', 1, callId));
      const auth = digest(challenge, '1002', 'pw1002');
      assert.match(await client.send(WsRegistrar.register('1002', 2, callId, auth)), /^SIP\/2\.0 200 /);
      // The socket stays open and silent, as a frozen page's does.
      const closed = new Promise<boolean>((resolve) => {
        ws.once('close', () => resolve(true));
        setTimeout(() => resolve(false), 6000);
      });
      const startedAt = Date.now();
      const result = await fromTrunk('invite-unanswered.xml', '1002');
      const elapsedMs = Date.now() - startedAt;
      assert.equal(result.code, 0, result.log.slice(-2000));
      assert.ok(elapsedMs < 4000, `408 after ${elapsedMs} ms`);
      // The INVITE waits in the frozen page's socket, and the gateway cannot CANCEL a branch that never
      // answered: it closes that socket, or the page would ring for a call nobody is making once it
      // thaws (a ghost call holding a line). The binding goes with it.
      assert.ok(await client.waitForRequest('INVITE', 1000), 'the INVITE reached the agent’s socket');
      assert.ok(await closed, 'the gateway closed the silent agent’s WebSocket');
      assert.equal(await lookupLocation(gateway.runDir, '1002@127.0.0.1'), undefined, 'its binding is gone');
    } finally {
      ws.close();
    }
  });

  it('has the demo peers 9000 and 9001 registered', async () => {
    assert.ok(await lookupLocation(gateway.runDir, '9000@127.0.0.1'));
    assert.ok(await lookupLocation(gateway.runDir, '9001@127.0.0.1'));
  });

  it('answers a UDP OPTIONS to the server with 200', async () => {
    assert.equal(await pingSip(gateway.ports.sip), true);
  });

  it('connects a call from 9000 (tone) to 9001 (echo) through rtpengine', async () => {
    const tone = await BaresipControl.connect(gateway.ports.toneCtrl);
    try {
      const mark = tone.mark();
      await tone.dial('sip:9001@127.0.0.1');
      await tone.waitForEvent('CALL_ESTABLISHED', mark, 5000);
      await tone.hangup();
      await tone.waitForEvent('CALL_CLOSED', mark, 5000);
    } finally {
      tone.close();
    }
  });

  it('anchors an offerless INVITE from the SIP Server trunk (offer in the 200, answer in the ACK)', async () => {
    const mark = readPids(runDir).length;
    assert.ok(mark > 0);
    const result = await fromTrunk('offerless-invite.xml', '9000');
    assert.equal(result.code, 0, result.log.slice(-2000));
    const rtpengineLog = readFileSync(join(runDir, 'log', 'rtpengine.log'), 'utf8');
    assert.doesNotMatch(rtpengineLog, /Unknown call-id/);
  });

  it('registers a slot at SIP Server site B through the gateway (Path), and site B calls it back through the gateway', async () => {
    const agentPort = gateway.ports.trunk + 7;
    const register = await runSipp({
      scenario: scenario('register-at-site.xml'),
      target: `127.0.0.1:${gateway.ports.sip}`,
      args: [
        '-s',
        '1005',
        '-au',
        '1005',
        '-ap',
        'pw1005',
        '-p',
        String(agentPort),
        '-m',
        '1',
        '-key',
        'site',
        `127.0.0.1:${gateway.ports.siteB}`,
      ],
      cwd: runDir,
      timeoutMs: 8000,
    });
    assert.equal(register.code, 0, register.log.slice(-2000));
    const atSite = await lookupLocation(runDir, '1005', 'site-b');
    assert.match(
      atSite?.contacts[0]?.path ?? '',
      new RegExp(`^<sip:127\\.0\\.0\\.1(:${gateway.ports.sip})?;lr;received=`),
    );
    assert.equal(await lookupLocation(runDir, '1005@127.0.0.1'), undefined, 'the gateway itself holds no binding');
    assert.equal(await lookupLocation(runDir, '1005', 'site-a'), undefined, 'site A holds no binding');

    // The agent answers on the port it registered from; the site's caller reaches it via the gateway.
    const agent = runSipp({
      scenario: scenario('answer.xml'),
      args: ['-p', String(agentPort), '-mp', String(gateway.ports.rtpMax + 400), '-m', '1'],
      cwd: runDir,
      timeoutMs: 10_000,
    });
    const caller = await runSipp({
      scenario: scenario('call-dn.xml'),
      target: `127.0.0.1:${gateway.ports.siteB}`,
      args: ['-s', '1005', '-m', '1'],
      cwd: runDir,
      timeoutMs: 10_000,
    });
    assert.equal(caller.code, 0, caller.log.slice(-2000));
    assert.equal((await agent).code, 0);
  });

  it('stop() ends every recorded daemon', async () => {
    assert.ok(records.length >= 5);
    await gateway.stop();
    for (const record of records) {
      assert.equal(isRecordedAlive(record), false, `${record.name} pid ${record.pid} still runs`);
      assert.equal(existsSync(`/proc/${record.pid}/cmdline`) && isRecordedAlive(record), false);
    }
  });
});
