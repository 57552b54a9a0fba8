/**
 * An in-memory PhoneService and relay link for UI screenshots and UI tests — no JsSIP, no network.
 * Commands change the snapshot the way the real core would (simplified: no transport, instant SIP).
 */
import {
  applyAudioChange,
  idlePhoneSnapshot,
  singleSlot,
  RelayError,
  UNKNOWN_BROWSER_CHECKS,
  type CallSnapshot,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type PhoneSnapshot,
  homeRegistration,
  type RegistrationSnapshot,
} from '../../protocol/src/index.ts';
import { shapeCall, type LooseCall } from '../../protocol/test/call-snapshots.ts';
import type { LinkView } from '../src/app/link-view.ts';
import type { Core, RelayLink } from '../src/app/phone-session.ts';
import type { PhoneEvent, PhoneService } from '../src/phone/phone-port.ts';

export type FakeScenario = 'idle' | 'registered' | 'failed' | 'incoming' | 'active' | 'two-lines';

export class FakePhone implements PhoneService {
  snapshot: PhoneSnapshot;
  readonly #listeners = new Set<(s: PhoneSnapshot) => void>();
  readonly #eventListeners = new Set<(e: PhoneEvent) => void>();
  #seq = 0;
  readonly media = {
    listDevices: async () => navigator.mediaDevices.enumerateDevices(),
    remoteStream: () => null,
    onRemoteStream: () => () => undefined,
  };

  constructor(now = Date.now()) {
    const registration = { state: 'unregistered', since: now } as const;
    this.snapshot = {
      ...idlePhoneSnapshot('fake'),
      transport: 'connected',
      slots: singleSlot(registration),
    };
  }

  subscribe(listener: (s: PhoneSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onEvent(listener: (e: PhoneEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Puts the phone into a named state for a screenshot. */
  scenario(name: FakeScenario, now = Date.now()): void {
    const registered = { state: 'registered' as const, dn: '1001', server: '127.0.0.1', since: now };
    switch (name) {
      case 'idle':
        return;
      case 'registered':
        return this.#set({ registration: registered });
      case 'failed':
        return this.#set({
          registration: { state: 'failed', dn: '1001', server: '127.0.0.1', cause: 'Authentication Error', since: now },
        });
      case 'incoming':
        this.#set({ registration: registered });
        return this.ring('+15550102030', 'Customer Care Queue');
      case 'active':
        this.#set({ registration: registered });
        this.#addCall(
          { direction: 'outbound', state: 'active', remote: '9000', answeredAt: now - 83_000 },
          now - 90_000,
          '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
        );
        return;
      case 'two-lines':
        this.#set({ registration: registered });
        this.#addCall(
          { direction: 'inbound', state: 'active', remote: '1002', isHeld: true, answeredAt: now - 300_000 },
          now - 310_000,
        );
        this.#addCall({ direction: 'outbound', state: 'ringing', remote: '9001' }, now - 4_000);
        return;
    }
  }

  /** An inbound call starts ringing. */
  ring(remote: string, displayName?: string): void {
    const call = this.#addCall(
      { direction: 'inbound', state: 'incoming', remote, ...(displayName ? { displayName } : {}) },
      Date.now(),
    );
    this.#emit({ type: 'incoming', call });
  }

  async execute<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    await Promise.resolve();
    return this.#run(name, params) as CommandResult<K>;
  }

  #run(name: CommandName, p: Record<string, unknown>): unknown {
    const now = Date.now();
    switch (name) {
      case 'register': {
        const registration = { state: 'registered' as const, dn: String(p.dn), server: String(p.server), since: now };
        this.#set({ registration });
        return registration;
      }
      case 'unregister': {
        const registration = { state: 'unregistered' as const, since: now };
        this.#set({ registration, calls: [] });
        return registration;
      }
      case 'dial': {
        if (homeRegistration(this.snapshot).state !== 'registered') {
          throw new RelayError('NOT_REGISTERED', 'Register a DN first.');
        }
        const call = this.#addCall({ direction: 'outbound', state: 'ringing', remote: String(p.target) }, now);
        setTimeout(() => this.#patchCall(call.callId, { state: 'active', answeredAt: Date.now() }), 800);
        return call;
      }
      case 'answer':
        return this.#patchCall(this.#callId(p), { state: 'active', answeredAt: now });
      case 'hangup': {
        const call = this.#find(this.#callId(p));
        const ended = shapeCall({ ...call, state: 'ended', endedAt: now, endCause: 'Terminated' });
        this.#set({ calls: this.snapshot.calls.filter((c) => c.callId !== call.callId) });
        this.#emit({ type: 'ended', call: ended });
        return ended;
      }
      case 'setHold':
        return this.#patchCall(this.#callId(p), { isHeld: Boolean(p.held) });
      case 'setMute':
        return this.#patchCall(this.#callId(p), { isMuted: Boolean(p.muted) });
      case 'sendDtmf':
        return this.#find(this.#callId(p));
      case 'transfer': {
        const call = this.#find(this.#callId(p));
        const ended = shapeCall({ ...call, state: 'ended', endedAt: now, endCause: 'Transferred' });
        this.#set({ calls: this.snapshot.calls.filter((c) => c.callId !== call.callId) });
        this.#emit({ type: 'ended', call: ended });
        return ended;
      }
      case 'applySettings':
        return {};
      case 'getStatus':
        return this.snapshot;
      case 'getLog':
        return { lines: [], more: false };
      case 'getBrowserChecks':
        return UNKNOWN_BROWSER_CHECKS;
      case 'setAudio': {
        const audio = applyAudioChange(this.snapshot.audio, p);
        this.#set({ audio });
        return audio;
      }
    }
  }

  #callId(p: Record<string, unknown>): string {
    const id = typeof p.callId === 'string' ? p.callId : this.snapshot.calls.at(-1)?.callId;
    if (!id) {
      throw new RelayError('NO_SUCH_CALL', 'There is no call.');
    }
    return id;
  }

  #find(callId: string): CallSnapshot {
    const call = this.snapshot.calls.find((c) => c.callId === callId);
    if (!call) {
      throw new RelayError('NO_SUCH_CALL', `No call ${callId}.`);
    }
    return call;
  }

  #addCall(
    over: Partial<LooseCall> & Pick<LooseCall, 'direction' | 'state' | 'remote'>,
    startedAt: number,
    uuid?: string,
  ): CallSnapshot {
    const call = shapeCall({
      callId: `fake-${++this.#seq}`,
      startedAt,
      ...(uuid ? { genesysCallUuid: uuid } : {}),
      ...over,
    });
    this.#set({ calls: [...this.snapshot.calls, call] });
    return call;
  }

  #patchCall(callId: string, patch: Partial<LooseCall>): CallSnapshot {
    const next = shapeCall({ ...this.#find(callId), ...patch });
    this.#set({ calls: this.snapshot.calls.map((c) => (c.callId === callId ? next : c)) });
    return next;
  }

  /** `registration`: the one slot's. */
  #set({ registration, ...patch }: Partial<PhoneSnapshot> & { registration?: RegistrationSnapshot }): void {
    this.snapshot = { ...this.snapshot, ...patch, ...(registration ? { slots: singleSlot(registration) } : {}) };
    this.#listeners.forEach((l) => l(this.snapshot));
  }

  #emit(event: PhoneEvent): void {
    this.#eventListeners.forEach((l) => l(event));
  }
}

export function fakeRelay(initial: LinkView = { state: 'ready' }): RelayLink & { set(view: LinkView): void } {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get state() {
      return state;
    },
    start: () => undefined,
    stop: () => undefined,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(view) {
      state = view;
      listeners.forEach((l) => l());
    },
  };
}

export function fakeCore(scenario: FakeScenario): Core & { phone: FakePhone } {
  const phone = new FakePhone();
  phone.scenario(scenario);
  return { phone, relay: fakeRelay() };
}
