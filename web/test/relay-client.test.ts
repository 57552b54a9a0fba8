import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  RELAY_SUBPROTOCOL,
  parseFromPwa,
  type FromPwa,
} from '../../protocol/src/index.ts';
import { realClock } from '../src/lib/clock.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import { createRelayClient, relayUrl, type RelayClient, type WebSocketCtor } from '../src/relay/relay-client.ts';
import type { LinkState } from '../src/relay/link-machine.ts';
import { DEFAULT_SETTINGS, type Settings, type SettingsSource } from '../src/settings/settings.ts';
import { FakePhone } from './fakes/fake-phone.ts';

/** The companion's side, as far as these stories need it. */
class Companion {
  readonly wss: WebSocketServer;
  readonly frames: FromPwa[] = [];
  readonly protocols: string[][] = [];
  socket: ServerSocket | null = null;
  #waiters: { pred: (f: FromPwa) => boolean; resolve: (f: FromPwa) => void }[] = [];
  #connections: ((s: ServerSocket) => void)[] = [];

  constructor() {
    this.wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (set) => (set.has(RELAY_SUBPROTOCOL) ? RELAY_SUBPROTOCOL : false),
    });
    this.wss.on('connection', (socket, req) => {
      this.protocols.push(String(req.headers['sec-websocket-protocol']).split(/\s*,\s*/));
      this.socket = socket;
      socket.on('message', (data: Buffer) => {
        const parsed = parseFromPwa(data.toString());
        assert.ok(parsed.ok, `the PWA sent a bad frame: ${parsed.ok ? '' : parsed.reason}`);
        this.frames.push(parsed.frame);
        if (parsed.frame.type === 'hello') {
          socket.send(
            JSON.stringify({
              type: 'welcome',
              v: PROTOCOL_VERSION,
              protocol: PROTOCOL_VERSION,
              companionVersion: 'c-test',
            }),
          );
        }
        for (const w of [...this.#waiters]) {
          if (w.pred(parsed.frame)) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve(parsed.frame);
          }
        }
      });
      this.#connections.splice(0).forEach((fn) => fn(socket));
    });
  }
  get url(): string {
    return `http://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }
  nextConnection(): Promise<ServerSocket> {
    return new Promise((resolve) => this.#connections.push(resolve));
  }
  waitFrame<T extends FromPwa['type']>(type: T, pred: (f: Extract<FromPwa, { type: T }>) => boolean = () => true) {
    return new Promise<Extract<FromPwa, { type: T }>>((resolve) => {
      const existing = this.frames.find((f) => f.type === type && pred(f as Extract<FromPwa, { type: T }>));
      if (existing) {
        this.frames.splice(this.frames.indexOf(existing), 1);
        resolve(existing as Extract<FromPwa, { type: T }>);
        return;
      }
      this.#waiters.push({
        pred: (f) => f.type === type && pred(f as Extract<FromPwa, { type: T }>),
        resolve: (f) => {
          this.frames.splice(this.frames.indexOf(f), 1);
          resolve(f as Extract<FromPwa, { type: T }>);
        },
      });
    });
  }
  send(frame: unknown): void {
    this.socket?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

function settingsFor(companionUrl: string): SettingsSource {
  const settings: Settings = { ...DEFAULT_SETTINGS, companionUrl, pairingSecret: 's3cret' };
  return { current: () => settings, subscribe: () => () => undefined };
}

function waitState(client: RelayClient, state: LinkState['state']): Promise<LinkState> {
  if (client.state.state === state) {
    return Promise.resolve(client.state);
  }
  return new Promise((resolve) => {
    const off = client.subscribe((s) => {
      if (s.state === state) {
        off();
        resolve(s);
      }
    });
  });
}

describe('relay client against a real ws server', () => {
  let companion: Companion;
  let client: RelayClient | undefined;
  let phone: FakePhone;

  before(async () => {
    companion = new Companion();
    await new Promise((resolve) => companion.wss.once('listening', resolve));
  });
  after(() => {
    companion.wss.close();
  });
  afterEach(() => {
    client?.stop();
    client = undefined;
  });

  function startClient(): RelayClient {
    phone = new FakePhone();
    const created = createRelayClient({
      phone,
      settings: settingsFor(companion.url),
      log: createMemoryLogger('relay'),
      clock: realClock,
      WebSocketImpl: WebSocket as unknown as WebSocketCtor,
      appVersion: '1.2.3',
      windowId: 'win-1',
    });
    created.start();
    client = created;
    return created;
  }

  it('builds wss://<companion>/relay from the companion URL', () => {
    assert.equal(relayUrl('https://127.0.0.1:8000'), 'wss://127.0.0.1:8000/relay');
    assert.equal(relayUrl('http://127.0.0.1:9/x?y'), 'ws://127.0.0.1:9/relay');
  });

  it('sends hello first with both subprotocols, becomes ready on welcome and pushes a snapshot', async () => {
    const client = startClient();
    const hello = await companion.waitFrame('hello');
    assert.deepEqual([hello.appVersion, hello.windowId, hello.protocol], ['1.2.3', 'win-1', PROTOCOL_VERSION]);
    assert.deepEqual(companion.protocols.at(-1), [RELAY_SUBPROTOCOL, 'pair.s3cret']);
    await waitState(client, 'ready');
    const first = await companion.waitFrame('event');
    assert.equal(first.event.phone.appVersion, 'test');
    phone.setSnapshot({ ...phone.snapshot, transport: 'connected' });
    const pushed = await companion.waitFrame('event', (f) => f.event.phone.transport === 'connected');
    assert.equal(pushed.event.name, 'snapshot');
  });

  it('answers a request with ok and the result', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    companion.send({ type: 'request', v: PROTOCOL_VERSION, id: 'r1', command: { name: 'getStatus', params: {} } });
    const response = await companion.waitFrame('response', (f) => f.id === 'r1');
    assert.ok(response.ok);
    assert.deepEqual(phone.executed.at(-1), { name: 'getStatus', params: {} });
  });

  it('turns a RelayError into its code and anything else into INTERNAL without details', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    companion.send({
      type: 'request',
      v: PROTOCOL_VERSION,
      id: 'r2',
      command: { name: 'dial', params: { target: '9000' } },
    });
    const coded = await companion.waitFrame('response', (f) => f.id === 'r2');
    assert.ok(!coded.ok);
    assert.equal(coded.error.code, 'NOT_REGISTERED');
    companion.send({ type: 'request', v: PROTOCOL_VERSION, id: 'r3', command: { name: 'hangup', params: {} } });
    const internal = await companion.waitFrame('response', (f) => f.id === 'r3');
    assert.ok(!internal.ok);
    assert.equal(internal.error.code, 'INTERNAL');
    assert.doesNotMatch(internal.error.message, /secret|boom|at /);
  });

  it('answers a request whose params fail validation with BAD_REQUEST', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    companion.send({
      type: 'request',
      v: PROTOCOL_VERSION,
      id: 'r4',
      command: { name: 'dial', params: { target: '' } },
    });
    const response = await companion.waitFrame('response', (f) => f.id === 'r4');
    assert.ok(!response.ok);
    assert.equal(response.error.code, 'BAD_REQUEST');
  });

  it('answers ping with pong carrying the same t', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    companion.send({ type: 'ping', v: PROTOCOL_VERSION, t: 42 });
    const pong = await companion.waitFrame('pong');
    assert.equal(pong.t, 42);
  });

  it('reconnects quickly after the companion closes the socket', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    const started = Date.now();
    const reconnected = companion.nextConnection();
    companion.socket?.close(1001, 'restart');
    const backoff = await waitState(client, 'backoff');
    assert.equal(backoff.state === 'backoff' && backoff.attempt, 1);
    await reconnected;
    await waitState(client, 'ready');
    assert.ok(Date.now() - started < 1000, 'relinked within a second');
  });

  it('stops reconnecting after 4000 REPLACED', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    let connections = 0;
    const onConnection = (): void => {
      connections += 1;
    };
    companion.wss.on('connection', onConnection);
    companion.socket?.close(CLOSE_CODES.REPLACED, 'replaced');
    await waitState(client, 'replaced');
    await new Promise((r) => setTimeout(r, 700));
    companion.wss.off('connection', onConnection);
    assert.equal(connections, 0);
    assert.equal(client.state.state, 'replaced');
  });

  it('goes to unpaired on 4001 and mismatch on 4002', async () => {
    const client = startClient();
    await waitState(client, 'ready');
    companion.socket?.close(CLOSE_CODES.UNPAIRED, 'unpaired');
    await waitState(client, 'unpaired');
    client.start();
    await waitState(client, 'ready');
    companion.socket?.close(CLOSE_CODES.PROTOCOL_MISMATCH, 'mismatch');
    await waitState(client, 'mismatch');
  });
});
