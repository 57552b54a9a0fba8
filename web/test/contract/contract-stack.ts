/**
 * The relay's two real peers, wired for the contract suite: the real companion (`createCompanion` on
 * https://127.0.0.1:0, through the companion's test harness) and, as the PWA, the real relay client
 * over a real phone whose only fake is the SIP stack (`PeerSip`, below, plays the gateway). The relay
 * client's socket records every frame in both directions, so the suite can prove that every frame
 * type and every command of the protocol crossed the wire.
 *
 * `createContractPhone` is the one place that builds the phone: re-point it when the phone's
 * construction changes.
 */
import WebSocket from 'ws';
import { parseFromPwa, parseToPwa, type BrowserChecks, type CommandName } from '../../../protocol/src/index.ts';
import { startCompanion, PWA_ORIGIN, type Harness } from '../../../companion/test/harness.ts';
import { testTls } from '../../../companion/test/certs.ts';
import { realClock } from '../../src/lib/clock.ts';
import { Emitter } from '../../src/lib/emitter.ts';
import { createLogger, createMemoryLogger, type Logger } from '../../src/lib/log.ts';
import type { PhoneService } from '../../src/phone/phone-port.ts';
import { createPhone } from '../../src/phone/phone-service.ts';
import { createRelayClient, type RelayClient, type WebSocketCtor } from '../../src/relay/relay-client.ts';
import type { LinkState } from '../../src/relay/link-machine.ts';
import { secretValuesOf } from '../../src/settings/secret-values.ts';
import { DEFAULT_SETTINGS, type Settings, type SettingsSource } from '../../src/settings/settings.ts';
import { createLogBook, type LogBook } from '../../src/storage/log-book.ts';
import type { SipAccount, TransferTarget } from '../../src/phone/sip-port.ts';
import { FakeSip } from '../fakes/fake-sip.ts';
import { memoryLogBackend } from '../fakes/memory-log.ts';

export const DN = '1001';
export const SIP_SERVER = 'sip.example:5060';

/** What crossed the relay, by frame type and command name, in both directions. */
export class WireLog {
  readonly toPwa = new Set<string>();
  readonly fromPwa = new Set<string>();
  readonly commands = new Set<CommandName>();
  /** Every command the companion sent, in order. */
  readonly requests: CommandName[] = [];
  readonly #seen = new Emitter<{ fromPwa: string }>();

  sent(type: string): void {
    this.fromPwa.add(type);
    this.#seen.emit('fromPwa', type);
  }
  /** Resolves when the PWA sends a frame of `type` (at once if it already has). */
  fromPwaFrame(type: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.fromPwa.has(type)) {
        resolve();
        return;
      }
      const off = this.#seen.on('fromPwa', (seen) => {
        if (seen === type) {
          off();
          resolve();
        }
      });
    });
  }
}

/**
 * The SIP side as a gateway would play it: every action the phone takes is answered a moment later
 * with the events a real registrar and peer would cause. `ring()` starts an inbound call.
 * `isAnswerHeld` keeps the 200 OK of an answer from ever being confirmed (a stalled call setup).
 */
export class PeerSip extends FakeSip {
  isAnswerHeld = false;
  #inbound = 0;

  #slots = 1;

  override start(account: SipAccount): void {
    super.start(account);
    this.#slots = 1 + account.extraSlots.length;
    this.#later({ type: 'transport', event: { type: 'connecting', attempt: 0 } });
    this.#later({ type: 'transport', event: { type: 'connected' } });
    this.#eachSlot({ type: 'registered' });
  }
  override unregister(): void {
    super.unregister();
    this.#eachSlot({ type: 'unregistered' });
  }
  #eachSlot(event: Extract<Parameters<FakeSip['emit']>[0], { type: 'registration' }>['event']): void {
    for (let slot = 0; slot < this.#slots; slot += 1) {
      this.#later({ type: 'registration', slot, event });
    }
  }
  override dial(target: string, stream: MediaStream, slot: number): string {
    const callId = super.dial(target, stream, slot);
    this.#later({ type: 'call', callId, event: { type: 'inviteSent' } });
    return callId;
  }
  override answer(callId: string, stream: MediaStream): void {
    super.answer(callId, stream);
    if (!this.isAnswerHeld) {
      this.#later({ type: 'call', callId, event: { type: 'accepted' } });
    }
  }
  override hangup(callId: string, mode: Parameters<FakeSip['hangup']>[1]): void {
    super.hangup(callId, mode);
    this.#later({ type: 'call', callId, event: { type: 'ended', cause: 'Terminated' } });
  }
  override setHold(callId: string, held: boolean): void {
    super.setHold(callId, held);
    this.#later({ type: 'call', callId, event: { type: 'holdSucceeded' } });
  }
  override transfer(callId: string, to: TransferTarget): void {
    super.transfer(callId, to);
    this.#later({ type: 'call', callId, event: { type: 'transferSucceeded' } });
  }
  ring(remote = '5551234'): string {
    const callId = `in-${++this.#inbound}`;
    this.#later({ type: 'incoming', callId, remote, genesysCallUuid: `UUID-${callId}`, autoAnswer: null });
    return callId;
  }
  #later(event: Parameters<FakeSip['emit']>[0]): void {
    setImmediate(() => this.emit(event));
  }
}

const fakeStream = (): MediaStream => ({ getTracks: () => [{ stop: () => undefined }] }) as unknown as MediaStream;

/** What every contract window's browser says about its policies (a browser that has not been clicked). */
export const CONTRACT_BROWSER_CHECKS: BrowserChecks = { localNetworkAccess: 'prompt', autoplay: 'disallowed' };

/** The real phone over `sip`; the one place to re-point when the phone's construction changes. */
export function createContractPhone(sip: PeerSip, settings: SettingsSource, book?: LogBook): PhoneService {
  return createPhone({
    settings,
    log: book ? createLogger('wgb:phone', { level: 'debug', sink: book.sink }) : createMemoryLogger('phone'),
    logPages: book ? (params) => book.page(params) : undefined,
    browserChecks: () => Promise.resolve(CONTRACT_BROWSER_CHECKS),
    clock: realClock,
    sip,
    media: { getUserMedia: () => Promise.resolve(fakeStream()), enumerateDevices: () => Promise.resolve([]) },
    environment: { subscribe: () => () => undefined },
    appVersion: '1.0.0-contract',
    onInvalidTransition: (d) => {
      throw new Error(`invalid ${d.machine} transition: ${d.reason}`);
    },
  });
}

export interface Window {
  sip: PeerSip;
  /** The window's log book: its phone's and relay client's lines, as the PWA keeps them. */
  book: LogBook;
  /** The relay client's logger (a story can write a line as the PWA would). */
  log: Logger;
  phone: PhoneService;
  client: RelayClient;
  /** Resolves once the relay client reaches `state` (at once if it is there). */
  until(state: LinkState['state']): Promise<LinkState>;
}

export interface WindowOptions {
  /** Rewrites each outgoing frame before it is sent (an old or foreign PWA). */
  rewrite?: (frame: Record<string, unknown>) => Record<string, unknown>;
  windowId?: string;
}

export interface ContractStack {
  harness: Harness;
  wire: WireLog;
  /** A PWA window: the relay client over a real phone, linked to the companion. */
  openWindow(options?: WindowOptions): Window;
  close(): Promise<void>;
}

/** A ws client that behaves like the browser's WebSocket of the PWA origin and records frames. */
function recordingSocket(wire: WireLog, options: WindowOptions): WebSocketCtor {
  return class PwaSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { ca: testTls().cert, origin: PWA_ORIGIN });
      this.on('message', (data: Buffer) => {
        const parsed = parseToPwa(data.toString('utf8'));
        if (parsed.ok) {
          wire.toPwa.add(parsed.frame.type);
          if (parsed.frame.type === 'request') {
            wire.commands.add(parsed.frame.command.name);
            wire.requests.push(parsed.frame.command.name);
          }
        }
      });
    }
    override send(data: string): void {
      const frame = JSON.parse(data) as Record<string, unknown>;
      const sent = JSON.stringify(options.rewrite ? options.rewrite(frame) : frame);
      const parsed = parseFromPwa(sent);
      if (parsed.ok) {
        wire.sent(parsed.frame.type === 'event' ? `event:${parsed.frame.event.name}` : parsed.frame.type);
      }
      super.send(sent);
    }
  } as unknown as WebSocketCtor;
}

export async function startContractStack(overrides: Record<string, unknown> = {}): Promise<ContractStack> {
  const harness = await startCompanion(overrides);
  const wire = new WireLog();
  const windows: Window[] = [];
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    companionUrl: `https://127.0.0.1:${harness.port}`,
    pairingSecret: harness.secret,
    sipWebSocketUrl: 'wss://gateway.example/ws',
    credentials: { [DN]: { password: `pw${DN}` } },
  };
  const settingsSource: SettingsSource = { current: () => settings, subscribe: () => () => undefined };
  return {
    harness,
    wire,
    openWindow(options = {}) {
      const sip = new PeerSip();
      const book = createLogBook(memoryLogBackend());
      book.redactValuesOf(() => secretValuesOf(settings));
      const phone = createContractPhone(sip, settingsSource, book);
      const log = createLogger('wgb:relay', { level: 'debug', sink: book.sink });
      const client = createRelayClient({
        phone,
        settings: settingsSource,
        log,
        clock: realClock,
        WebSocketImpl: recordingSocket(wire, options),
        appVersion: '1.0.0-contract',
        windowId: options.windowId ?? `w-${windows.length + 1}`,
      });
      client.start();
      const until = (state: LinkState['state']): Promise<LinkState> =>
        new Promise((resolve) => {
          if (client.state.state === state) {
            resolve(client.state);
            return;
          }
          const off = client.subscribe((s) => {
            if (s.state === state) {
              off();
              resolve(s);
            }
          });
        });
      const window = { sip, book, log, phone, client, until };
      windows.push(window);
      return window;
    },
    async close() {
      for (const { client, phone } of windows) {
        client.stop();
        // The phone's own timers (SIP keepalive, retries) end with it.
        await phone.shutdown();
      }
      await harness.close();
    },
  };
}
