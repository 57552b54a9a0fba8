import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { describe, it } from 'node:test';
import type { StackInfo } from '../../e2e/fixtures/stack-info.ts';
import { isReachable } from './probes.ts';

/** A UDP "gateway" on port 0 that answers every request with `status` and records what it got. */
async function fakeGateway(status: string): Promise<{ port: number; got: string[]; close: () => void }> {
  const socket = createSocket('udp4');
  const got: string[] = [];
  socket.on('message', (data, from) => {
    got.push(data.toString('utf8'));
    socket.send(`SIP/2.0 ${status}\r\n\r\n`, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, got, close: () => socket.close() };
}

describe('isReachable (an OPTIONS through the gateway to the page)', () => {
  it('sends OPTIONS for the DN and is true only on 200', async () => {
    for (const [status, expected] of [
      ['200 OK', true],
      ['404 Not Found', false],
      ['408 Request Timeout', false],
    ] as const) {
      const gateway = await fakeGateway(status);
      try {
        assert.equal(await isReachable({ sipPort: gateway.port } as StackInfo, '1006'), expected, status);
        assert.match(gateway.got[0] ?? '', /^OPTIONS sip:1006@127\.0\.0\.1 SIP\/2\.0\r\n/);
      } finally {
        gateway.close();
      }
    }
  });

  it('is false when nothing answers in time', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      assert.equal(await isReachable({ sipPort: silent.address().port } as StackInfo, '1006', 200), false);
    } finally {
      silent.close();
    }
  });
});
