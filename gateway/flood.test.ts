/**
 * The kit's flood limits against the real Kamailio behind nginx: REGISTERs beyond the node's limit,
 * or beyond one DN's, are answered 503 with Retry-After (kamailio.cfg route[FLOOD]) and the node keeps
 * registering normal agents. The same default node also shows that SIP credentials are never issued
 * unless the gateway is started with them turned on.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { freeGatewayPorts, startGateway, type Gateway } from './gateway.ts';
import { httpsGet } from './https-get.ts';
import { digest, WsRegistrar } from './ws-registrar.ts';

/** kamailio.cfg's defaults: REGISTERs per second for the node, and for one DN. */
const REGISTER_LIMIT = 400;
const AGENT_REGISTER_LIMIT = 20;
/** pipelimit's window (timer_interval). */
const WINDOW_MS = 1000;

describe('REGISTER flood limits (real Kamailio behind nginx)', () => {
  let gateway: Gateway;
  let ca: Buffer;
  let runDir: string;

  before(async () => {
    runDir = mkdtempSync(join(tmpdir(), 'wgb-flood-test-'));
    gateway = await startGateway({
      runDir,
      ports: await freeGatewayPorts(),
      certsDir: join(runDir, 'certs'),
      peers: false,
    });
    ca = readFileSync(gateway.tls.caFile ?? gateway.tls.certFile);
  });

  after(async () => {
    await gateway?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('issues no SIP credentials when started without sipCredentials (404, nothing signed)', async () => {
    const reply = await httpsGet(`${gateway.origin}/sip-credentials?dn=1001`, ca);
    assert.equal(reply.status, 404);
    assert.doesNotMatch(reply.body, /password/);
  });

  async function openSocket(): Promise<WebSocket> {
    const ws = new WebSocket(gateway.sipWebSocketUrl, 'sip', { ca });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return ws;
  }

  /** Sends every REGISTER at once on one socket; resolves with the replies once all came (10 s at most). */
  async function burst(users: readonly string[]): Promise<string[]> {
    const ws = await openSocket();
    const replies: string[] = [];
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        ws.on('message', (data: Buffer) => {
          replies.push(data.toString('utf8'));
          if (replies.length === users.length) {
            clearTimeout(timer);
            resolve();
          }
        });
        users.forEach((user) => ws.send(WsRegistrar.register(user, 1, randomBytes(8).toString('hex'))));
      });
    } finally {
      ws.close();
    }
    return replies;
  }

  /** A normal agent: REGISTER, 401, REGISTER with the digest; the final status line. */
  async function registerAgent(user: string): Promise<string> {
    const ws = await openSocket();
    try {
      const client = new WsRegistrar(ws);
      const callId = randomBytes(8).toString('hex');
      const challenge = await client.send(WsRegistrar.register(user, 1, callId));
      const final = await client.send(WsRegistrar.register(user, 2, callId, digest(challenge, user, `pw${user}`)));
      return final.split('\r\n')[0] ?? '';
    } finally {
      ws.close();
    }
  }

  /** Waits until the REGISTERs sent so far no longer count (the next pipelimit window). */
  const nextWindow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 1.5));
  const status = (reply: string): number => Number(/^SIP\/2\.0 (\d{3}) /.exec(reply)?.[1]);
  const retryAfter = (reply: string): number | undefined => {
    const value = /^Retry-After:\s*(\d+)/im.exec(reply)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const count = (replies: string[], code: number): number => replies.filter((r) => status(r) === code).length;

  it('one DN flooding gets 503 with Retry-After: 30 beyond its limit, while another agent registers', async () => {
    const flood = burst(Array.from({ length: AGENT_REGISTER_LIMIT * 4 }, () => '1003'));
    const other = registerAgent('1004');
    const replies = await flood;
    assert.equal(replies.length, AGENT_REGISTER_LIMIT * 4, 'every REGISTER was answered');
    assert.ok(count(replies, 401) >= AGENT_REGISTER_LIMIT, `${count(replies, 401)} challenged`);
    const refused = replies.filter((r) => status(r) === 503);
    assert.ok(refused.length >= AGENT_REGISTER_LIMIT, `${refused.length} refused`);
    assert.ok(refused.every((r) => retryAfter(r) === 30));
    assert.equal(await other, 'SIP/2.0 200 OK');
  });

  it('a storm beyond the node limit gets 503 with Retry-After 5–15 s, and the next window registers agents', async () => {
    const storm = Array.from({ length: REGISTER_LIMIT * 3 }, (_, i) => `storm${i}`);
    await nextWindow();
    const replies = await burst(storm);
    assert.equal(replies.length, storm.length, 'every REGISTER was answered, none dropped');
    assert.ok(count(replies, 401) >= REGISTER_LIMIT, `${count(replies, 401)} challenged`);
    const refused = replies.filter((r) => status(r) === 503);
    assert.ok(refused.length >= REGISTER_LIMIT / 2, `${refused.length} refused`);
    assert.ok(refused.every((r) => (retryAfter(r) ?? 0) >= 5 && (retryAfter(r) ?? 99) <= 15));
    await nextWindow();
    assert.equal(await registerAgent('1005'), 'SIP/2.0 200 OK');
  });
});
