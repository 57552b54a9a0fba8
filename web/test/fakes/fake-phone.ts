/** A PhoneService fake for relay tests: records commands, answers from a script. */
import {
  RelayError,
  idlePhoneSnapshot,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type PhoneSnapshot,
} from '../../../protocol/src/index.ts';
import { Emitter } from '../../src/lib/emitter.ts';
import type { PhoneEvent, PhoneService } from '../../src/phone/phone-port.ts';

export const IDLE_SNAPSHOT: PhoneSnapshot = idlePhoneSnapshot('test');

export class FakePhone implements PhoneService {
  snapshot: PhoneSnapshot = IDLE_SNAPSHOT;
  readonly executed: { name: CommandName; params: unknown }[] = [];
  readonly #emitter = new Emitter<{ snapshot: PhoneSnapshot }>();
  readonly media = {
    listDevices: () => Promise.resolve([]),
    remoteStream: () => null,
    onRemoteStream: () => () => undefined,
  };

  subscribe(listener: (s: PhoneSnapshot) => void): () => void {
    return this.#emitter.on('snapshot', listener);
  }
  onEvent(listener: (e: PhoneEvent) => void): () => void {
    void listener;
    return () => undefined;
  }
  setSnapshot(snapshot: PhoneSnapshot): void {
    this.snapshot = snapshot;
    this.#emitter.emit('snapshot', snapshot);
  }
  execute<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    this.executed.push({ name, params });
    if (name === 'getStatus') {
      return Promise.resolve(this.snapshot as CommandResult<K>);
    }
    if (name === 'dial') {
      return Promise.reject(new RelayError('NOT_REGISTERED', 'register the DN first'));
    }
    return Promise.reject(new Error('boom: secret stack detail'));
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
