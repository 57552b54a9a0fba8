/**
 * The cluster bench's gateway nodes: each a whole lab gateway (nginx, Kamailio, rtpengine, coturn) in
 * its own run directory on its own ports, the nodes sharing one CA and one users file. A node is
 * killed as a machine dies: SIGKILL to every process working in its run directory, no un-REGISTER,
 * no socket closed politely.
 */
import { join } from 'node:path';
import type { GatewayPorts } from '../../gateway/config.ts';
import { startGateway, twoPortSets, type Gateway } from '../../gateway/gateway.ts';
import { processesIn } from '../../gateway/processes.ts';

/** Media ports per node, apart so that two nodes never draw the same range. */
const NODE_RTP_PORTS = 2_000;
const FIRST_RTP_PORT = 40_000;

/** Two nodes replicating their registrations (kamailio.cfg WITH_DMQ), each the other's DMQ peer. */
export async function startNodePair(o: {
  runDir: string;
  usersFile: string;
  /** What nginx serves (the bench's copy of the PWA with the stock JsSIP page). */
  webRoot: string;
  /** kamailio.cfg's REGISTER_LIMIT for both nodes; default the template's. */
  registerLimit?: number;
}): Promise<[Gateway, Gateway]> {
  const [first, second] = await twoPortSets();
  const start = (i: number, ports: GatewayPorts, peer: GatewayPorts): Promise<Gateway> => {
    const rtpMin = FIRST_RTP_PORT + i * NODE_RTP_PORTS;
    return startGateway({
      runDir: join(o.runDir, `node-${i + 1}`),
      ports: { ...ports, rtpMin, rtpMax: rtpMin + NODE_RTP_PORTS - 1 },
      certsDir: join(o.runDir, 'certs'),
      usersFile: o.usersFile,
      webRoot: o.webRoot,
      peers: false,
      clusterPeerSipPort: peer.sip,
      ...(o.registerLimit === undefined ? {} : { registerLimit: o.registerLimit }),
    });
  };
  return [await start(0, first, second), await start(1, second, first)];
}

/** SIGKILL to every process of the node (daemons, their workers and forks); resolves with how many. */
export function killNode(node: Gateway): number {
  const pids = processesIn(node.runDir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids.length;
}
