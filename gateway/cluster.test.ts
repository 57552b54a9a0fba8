/**
 * Two gateway nodes as a cluster (kamailio.cfg WITH_DMQ), against the real daemons: a registration at
 * one node is replicated to the other (DMQ), and "SIP Server" reaches an agent through either node —
 * the node that does not hold the agent's WebSocket hands the INVITE to the one that does.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startGateway, twoPortSets, type Gateway } from './gateway.ts';
import type { GatewayPorts } from './config.ts';
import { lookupLocation } from './kamailio-ctl.ts';
import { runSipp } from './peers.ts';
import { digest, WsRegistrar } from './ws-registrar.ts';

describe('two gateway nodes replicating registrations (DMQ)', () => {
  let nodes: [Gateway, Gateway];
  let ca: Buffer;
  let runDir: string;
  const sockets: WebSocket[] = [];

  before(async () => {
    runDir = mkdtempSync(join(tmpdir(), 'wgb-cluster-test-'));
    const [ports1, ports2] = await twoPortSets();
    const node = (name: string, ports: GatewayPorts, peer: GatewayPorts) =>
      startGateway({
        runDir: join(runDir, name),
        ports,
        certsDir: join(runDir, 'certs'),
        peers: false,
        clusterPeerSipPort: peer.sip,
      });
    nodes = [await node('node-1', ports1, ports2), await node('node-2', ports2, ports1)];
    ca = readFileSync(nodes[0].tls.caFile ?? nodes[0].tls.certFile);
  });

  after(async () => {
    sockets.forEach((ws) => ws.close());
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(runDir, { recursive: true, force: true });
  });

  /** Registers `user` over a WebSocket to `node`, kept open (as an agent's); its client. */
  async function registerAt(node: Gateway, user: string): Promise<WsRegistrar> {
    const ws = new WebSocket(node.sipWebSocketUrl, 'sip', { ca });
    sockets.push(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const client = new WsRegistrar(ws);
    const callId = randomBytes(8).toString('hex');
    const challenge = await client.send(WsRegistrar.register(user, 1, callId));
    const ok = await client.send(WsRegistrar.register(user, 2, callId, digest(challenge, user, `pw${user}`)));
    assert.match(ok, /^SIP\/2\.0 200 /);
    return client;
  }

  /** "SIP Server" calls `dn` through `node` (its trunk); the agent answers nothing, so the call ends 408. */
  const callThrough = (node: Gateway, dn: string) =>
    runSipp({
      scenario: { file: join(import.meta.dirname, 'scenarios', 'invite-unanswered.xml') },
      target: `127.0.0.1:${node.ports.sip}`,
      args: ['-s', dn, '-p', String(node.ports.trunk), '-m', '1'],
      cwd: runDir,
      timeoutMs: 8000,
    });

  async function replicated(node: Gateway, aor: string): Promise<boolean> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (await lookupLocation(node.runDir, aor)) {
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  }

  it('a registration at node 1 appears in node 2’s location table', async () => {
    await registerAt(nodes[0], '1006');
    assert.ok(await replicated(nodes[1], '1006@127.0.0.1'), 'node 2 knows 1006');
  });

  it('SIP Server reaches an agent of node 1 through node 2', async () => {
    const agent = await registerAt(nodes[0], '1007');
    assert.ok(await replicated(nodes[1], '1007@127.0.0.1'));
    const call = callThrough(nodes[1], '1007');
    assert.ok(await agent.waitForRequest('INVITE', 5000), 'the INVITE reached the agent’s socket at node 1');
    const result = await call;
    assert.equal(result.code, 0, result.log.slice(-1500));
    const handedOver = readFileSync(join(nodes[1].runDir, 'log', 'kamailio.log'), 'utf8');
    assert.match(handedOver, /INVITE for 1007: the agent is registered at node sip:127\.0\.0\.1:/);
  });

  it('SIP Server reaches an agent of node 2 through node 2 itself', async () => {
    const agent = await registerAt(nodes[1], '1008');
    const call = callThrough(nodes[1], '1008');
    assert.ok(await agent.waitForRequest('INVITE', 5000), 'the INVITE reached the agent’s socket at node 2');
    assert.equal((await call).code, 0);
  });
});
