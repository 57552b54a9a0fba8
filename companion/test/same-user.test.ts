/**
 * The same-OS-user check: the platform outputs it parses (samples of /proc/net/tcp(6), Windows
 * netstat and tasklist), the real Linux lookup against real loopback sockets opened by this user and
 * by another uid, and the bound on a lookup that never answers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  createSameUserCheck,
  pidFromNetstat,
  sessionFromTasklist,
  uidFromProcNetTcp,
  type RunProgram,
} from '../src/same-user.ts';

// Companion on 8000 (0x1F40), a client on 50123 (0xC3CB) owned by uid 1001, the accepted socket by 1000.
const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C3CB 0100007F:1F40 01 00000000:00000000 00:00000000 00000000  1001        0 4712 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1F40 0100007F:C3CB 01 00000000:00000000 00:00000000 00000000  1000        0 4713 1 0000000000000000 20 4 30 10 -1
`;
const PROC_NET_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:C3CC 00000000000000000000000001000000:1F40 01 00000000:00000000 00:00000000 00000000  1002        0 4714 1 0000000000000000 20 4 30 10 -1
`;
const NETSTAT = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1052
  TCP    127.0.0.1:8000         0.0.0.0:0              LISTENING       7000
  TCP    127.0.0.1:8000         127.0.0.1:50123        ESTABLISHED     7000
  TCP    127.0.0.1:50123        127.0.0.1:8000         HERGESTELLT     4312
  TCP    [::1]:50124            [::1]:8000             ESTABLISHED     5120
  UDP    0.0.0.0:5353           *:*                                    2212
`;
const TASKLIST = (pid: number, session: number): string =>
  `"chrome.exe","${pid}","RDP-Tcp#${session}","${session}","150,000 K"\r\n`;
const NO_TASK = 'INFO: No tasks are running which match the specified criteria.\r\n';

describe('platform outputs the check reads', () => {
  it('/proc/net/tcp(6): the uid of the client socket, found by (client port, companion port)', () => {
    assert.equal(uidFromProcNetTcp(PROC_NET_TCP, 50123, 8000), 1001);
    assert.equal(uidFromProcNetTcp(PROC_NET_TCP, 8000, 50123), 1000);
    assert.equal(uidFromProcNetTcp(PROC_NET_TCP6, 50124, 8000), 1002);
    assert.equal(uidFromProcNetTcp(PROC_NET_TCP, 50999, 8000), null);
    assert.equal(uidFromProcNetTcp('', 50123, 8000), null);
  });
  it('netstat -ano: the PID of the client socket, whatever the language of the state column', () => {
    assert.equal(pidFromNetstat(NETSTAT, 50123, 8000), 4312);
    assert.equal(pidFromNetstat(NETSTAT, 50124, 8000), 5120);
    assert.equal(pidFromNetstat(NETSTAT, 50999, 8000), null);
  });
  it('tasklist /fo csv /nh: the Session# column, or null when no such process', () => {
    assert.equal(sessionFromTasklist(TASKLIST(4312, 2)), 2);
    assert.equal(sessionFromTasklist(NO_TASK), null);
    assert.equal(sessionFromTasklist(''), null);
  });
});

describe('the Windows lookup (netstat + tasklist, outputs as a Remote Desktop host gives them)', () => {
  const sessions = new Map([
    [7000, 2],
    [4312, 2],
    [5120, 3],
  ]);
  const run: RunProgram = (file, args) => {
    if (file === 'netstat') {
      return Promise.resolve(NETSTAT);
    }
    const pid = Number(/PID eq (\d+)/.exec(args.join(' '))?.[1]);
    const session = sessions.get(pid);
    return Promise.resolve(session === undefined ? NO_TASK : TASKLIST(pid, session));
  };
  const check = createSameUserCheck({ platform: 'win32', ownPid: 7000, run });

  it('a client in the companion’s session is the same user; one in another session is not', async () => {
    assert.deepEqual(await check.check({ localPort: 8000, remotePort: 50123 }), { state: 'same-user' });
    assert.deepEqual(await check.check({ localPort: 8000, remotePort: 50124 }), { state: 'other-user' });
  });
  it('a socket netstat does not list (wine) is unknown, so refused', async () => {
    assert.equal((await check.check({ localPort: 8000, remotePort: 50999 })).state, 'unknown');
  });
  it('a lookup that never answers is unknown within the time bound, not a hang', async () => {
    const stuck = createSameUserCheck({
      platform: 'win32',
      ownPid: 7000,
      timeoutMs: 50,
      run: () => new Promise<string>(() => undefined),
    });
    const verdict = await stuck.check({ localPort: 8000, remotePort: 50123 });
    assert.equal(verdict.state, 'unknown');
    assert.match(verdict.state === 'unknown' ? verdict.reason : '', /longer than 50 ms/);
  });
  it('a failing program is unknown, with its error', async () => {
    const failing = createSameUserCheck({
      platform: 'win32',
      ownPid: 7000,
      run: () => Promise.reject(new Error('ENOENT')),
    });
    assert.equal((await failing.check({ localPort: 8000, remotePort: 50123 })).state, 'unknown');
  });
  it('a platform without a lookup says it is unchecked rather than pretend', async () => {
    const mac = createSameUserCheck({ platform: 'darwin', ownPid: 1 });
    assert.equal((await mac.check({ localPort: 8000, remotePort: 50123 })).state, 'unchecked');
  });
});

const isLinuxRoot = process.platform === 'linux' && process.getuid?.() === 0;

describe('the Linux lookup against real loopback sockets', { skip: !isLinuxRoot && 'needs Linux and root' }, () => {
  const server = createServer();
  const accepted: Socket[] = [];
  server.on('connection', (socket) => accepted.push(socket));
  let port = 0;
  const check = createSameUserCheck({ platform: 'linux', ownUid: 0, ownPid: process.pid });
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    accepted.forEach((s) => s.destroy());
    server.close();
  });

  const nextAccepted = async (): Promise<Socket> => {
    const [socket] = (await once(server, 'connection')) as [Socket];
    return socket;
  };

  it('a connection from this user is the same user', async () => {
    const accepting = nextAccepted();
    const client = connect(port, '127.0.0.1');
    const socket = await accepting;
    const verdict = await check.check({ localPort: socket.localPort ?? 0, remotePort: socket.remotePort ?? 0 });
    client.destroy();
    assert.deepEqual(verdict, { state: 'same-user' });
  });

  it('a connection from uid 65534 is another user', async () => {
    const accepting = nextAccepted();
    const child = spawn('setpriv', [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      '-e',
      `require('node:net').connect(${port}, '127.0.0.1'); setTimeout(() => {}, 5000);`,
    ]);
    try {
      const socket = await accepting;
      const verdict = await check.check({ localPort: socket.localPort ?? 0, remotePort: socket.remotePort ?? 0 });
      assert.deepEqual(verdict, { state: 'other-user' });
    } finally {
      child.kill();
    }
  });

  it('a connection that is gone is unknown', async () => {
    assert.equal((await check.check({ localPort: port, remotePort: 1 })).state, 'unknown');
  });
});
