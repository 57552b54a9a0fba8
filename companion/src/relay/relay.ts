/**
 * The relay: the companion's only stateful link to the PWA. It holds the current PWA link, the
 * requests waiting for a response, and the last snapshot the PWA pushed. Status routes read the
 * snapshot; command routes call `request`, which never waits for a PWA that is not there.
 */
import { EventEmitter } from 'node:events';
import {
  COMMAND_TIMEOUT_MS,
  CLOSE_CODES,
  PROTOCOL_VERSION,
  RelayError,
  parseCommandResult,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type FromPwa,
  type PhoneSnapshot,
  type ToPwa,
} from '../../../protocol/src/index.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';

/** One authenticated PWA connection, as the relay sees it (the WebSocket stays in ws-upgrade.ts). */
export interface PwaLink {
  readonly id: number;
  readonly appVersion: string;
  readonly windowId: string;
  readonly connectedAt: number;
  send(frame: ToPwa): void;
  close(code: number, reason: string): void;
}

export type RelayEvents = {
  connected: [link: PwaLink];
  disconnected: [link: PwaLink, info: { code: number; reason: string }];
  snapshot: [current: PhoneSnapshot | null, previous: PhoneSnapshot | null];
  /** The linked PWA stopped answering the relay's pings (frozen page) / answers again. */
  unresponsive: [link: PwaLink];
  responsive: [link: PwaLink];
};

interface Pending {
  name: CommandName;
  link: PwaLink;
  timer: TimerHandle;
  resolve: (value: unknown) => void;
  reject: (err: RelayError) => void;
}

export interface RelayOptions {
  log: Logger;
  clock: Clock;
  /** Overrides of COMMAND_TIMEOUT_MS. */
  timeoutsMs?: Partial<Record<CommandName, number>>;
}

export class Relay extends EventEmitter<RelayEvents> {
  private current: PwaLink | null = null;
  private lastSnapshot: PhoneSnapshot | null = null;
  /** The heartbeat's verdict on the current link (ws-upgrade.ts): false while its pongs are overdue. */
  private currentAnswersPings = true;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly timeouts: Record<CommandName, number>;

  constructor(options: RelayOptions) {
    super();
    this.log = options.log;
    this.clock = options.clock;
    this.timeouts = { ...COMMAND_TIMEOUT_MS, ...stripUndefined(options.timeoutsMs ?? {}) };
  }

  get link(): PwaLink | null {
    return this.current;
  }

  /** The PWA's last pushed state, or null when no PWA is connected (or it has not pushed yet). */
  get snapshot(): PhoneSnapshot | null {
    return this.lastSnapshot;
  }

  /** A PWA is linked and answering the relay's pings: its snapshot is the phone's present state. */
  get isResponsive(): boolean {
    return this.current !== null && this.currentAnswersPings;
  }

  /** The heartbeat's verdict on `link` (ignored for a replaced link or an unchanged verdict). */
  setResponsive(link: PwaLink, responsive: boolean): void {
    if (this.current !== link || this.currentAnswersPings === responsive) {
      return;
    }
    this.currentAnswersPings = responsive;
    if (responsive) {
      this.log.info('the PWA answers pings again', { link: link.id });
      this.emit('responsive', link);
    } else {
      this.log.warn('the PWA stopped answering pings (frozen page?)', { link: link.id });
      this.emit('unresponsive', link);
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Makes `link` the active PWA. An existing one is told it was replaced (explicit take-over). */
  attach(link: PwaLink): void {
    const previous = this.current;
    if (previous) {
      this.log.info('a new PWA window takes over the relay', { oldLink: previous.id, newLink: link.id });
      this.drop(previous, CLOSE_CODES.REPLACED, 'replaced by a newer PWA window');
      previous.close(CLOSE_CODES.REPLACED, 'replaced by a newer PWA window');
    }
    this.current = link;
    this.currentAnswersPings = true;
    this.log.info('PWA linked', { link: link.id, appVersion: link.appVersion });
    this.emit('connected', link);
  }

  /** The link's socket closed. Pending requests fail with PWA_DISCONNECTED; the snapshot is dropped. */
  detach(link: PwaLink, code: number, reason: string): void {
    if (this.current !== link) {
      return;
    }
    this.drop(link, code, reason);
  }

  private drop(link: PwaLink, code: number, reason: string): void {
    this.current = null;
    for (const [id, entry] of this.pending) {
      if (entry.link === link) {
        this.settle(id);
        entry.reject(new RelayError('PWA_DISCONNECTED', `The PWA disconnected before answering ${entry.name}.`));
      }
    }
    this.setSnapshot(null);
    this.log.info('PWA unlinked', { link: link.id, code, reason });
    this.emit('disconnected', link, { code, reason });
  }

  /** A validated response or event from `link`. Frames from a replaced link are ignored. */
  onFrame(link: PwaLink, frame: Extract<FromPwa, { type: 'response' | 'event' }>): void {
    if (this.current !== link) {
      return;
    }
    if (frame.type === 'event') {
      this.setSnapshot(frame.event.phone);
      return;
    }
    const entry = this.pending.get(frame.id);
    if (!entry) {
      this.log.warn('response to an unknown or expired request', { id: frame.id });
      return;
    }
    this.settle(frame.id);
    if (!frame.ok) {
      this.log.info('command failed in the PWA', { id: frame.id, command: entry.name, code: frame.error.code });
      entry.reject(new RelayError(frame.error.code, frame.error.message));
      return;
    }
    const checked = parseCommandResult(entry.name, frame.result);
    if (!checked.ok) {
      this.log.warn('PWA returned a result that does not match the protocol', {
        command: entry.name,
        issue: checked.issue,
      });
      entry.reject(new RelayError('INTERNAL', `The PWA returned an invalid ${entry.name} result (${checked.issue}).`));
      return;
    }
    entry.resolve(checked.value);
  }

  /** Sends a command to the PWA. Rejects at once with PWA_OFFLINE when no PWA is linked. */
  request<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    const link = this.current;
    if (!link) {
      return Promise.reject(new RelayError('PWA_OFFLINE', 'The softphone (PWA) is not connected to the companion.'));
    }
    const id = `c-${this.nextId++}`;
    return new Promise<CommandResult<K>>((resolve, reject) => {
      const timeoutMs = this.timeouts[name];
      const timer = this.clock.setTimeout(() => {
        if (this.pending.delete(id)) {
          this.log.warn('command timed out', { id, command: name, timeoutMs });
          reject(new RelayError('TIMEOUT', `The softphone did not answer ${name} within ${timeoutMs} ms.`));
        }
      }, timeoutMs);
      this.pending.set(id, { name, link, timer, resolve: resolve as (value: unknown) => void, reject });
      try {
        link.send({ type: 'request', v: PROTOCOL_VERSION, id, command: { name, params } as ToPwaCommand });
        this.log.debug('command sent', { id, command: name });
      } catch (err) {
        this.settle(id);
        this.log.warn('could not send a command to the PWA', { command: name, err });
        reject(new RelayError('PWA_DISCONNECTED', `The link to the softphone broke while sending ${name}.`));
      }
    });
  }

  /** Fails every pending request (shutdown). */
  close(): void {
    for (const [id, entry] of this.pending) {
      this.settle(id);
      entry.reject(new RelayError('PWA_DISCONNECTED', 'The companion is shutting down.'));
    }
    this.current = null;
  }

  private settle(id: string): void {
    const entry = this.pending.get(id);
    if (entry) {
      entry.timer.cancel();
      this.pending.delete(id);
    }
  }

  private setSnapshot(next: PhoneSnapshot | null): void {
    const previous = this.lastSnapshot;
    this.lastSnapshot = next;
    if (previous !== next) {
      this.emit('snapshot', next, previous);
    }
  }
}

type ToPwaCommand = Extract<ToPwa, { type: 'request' }>['command'];

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as Partial<T>;
}
