/**
 * WWE's session with this endpoint: the options it pushed (stored whole), its ping period, and the
 * ping watchdog. Every Ping and GetSIPEndpointParameters is a sign of life; when none arrives for
 * `maxFailedPing` periods the session is `lost` (event + log; optional action, default none,
 * because what Genesys Softphone does on expiry has never been observed).
 */
import { EventEmitter } from 'node:events';
import type { AppliedSettings } from '../../../protocol/src/index.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import { effectiveSettings, type EffectiveSettings } from './known-settings.ts';
import type { SettingsStore } from './settings-file.ts';
import { mergeIntoTree, type SettingsTree } from './settings-tree.ts';

export type WweSessionState =
  | { state: 'idle' }
  | { state: 'active'; lastContactAt: number }
  | { state: 'lost'; lastContactAt: number; lostAt: number };

export type WweSessionEvent =
  | { type: 'contact'; at: number }
  | { type: 'expired'; at: number }
  /** The desktop logged the agent out (Connector v2's `DELETE /session`). */
  | { type: 'closed' };

/** Pure transition function of the WWE session. */
export function reduceWweSession(current: WweSessionState, event: WweSessionEvent): WweSessionState {
  switch (event.type) {
    case 'contact':
      return { state: 'active', lastContactAt: event.at };
    case 'expired':
      return current.state === 'active'
        ? { state: 'lost', lastContactAt: current.lastContactAt, lostAt: event.at }
        : current;
    case 'closed':
      return { state: 'idle' };
    default: {
      const never: never = event;
      return never;
    }
  }
}

export type WweSessionEvents = {
  change: [state: WweSessionState, previous: WweSessionState];
  /** The effective settings after every SetOptions, SetSIPEndpointParameters and logout. */
  settings: [applied: AppliedSettings];
};

export interface WweSessionOptions {
  clock: Clock;
  log: Logger;
  defaultPingPeriodMs: number;
  defaultMaxFailedPing: number;
  /** Keeps WWE's tree across a companion restart until logout (settings-file.ts); none in tests that need none. */
  store?: SettingsStore;
}

export class WweSession extends EventEmitter<WweSessionEvents> {
  private current: WweSessionState = { state: 'idle' };
  private tree: SettingsTree = {};
  private explicitPingPeriodMs: number | null = null;
  private watchdog: TimerHandle | undefined;

  constructor(private readonly deps: WweSessionOptions) {
    super();
    this.tree = deps.store?.load() ?? {};
  }

  get state(): WweSessionState {
    return this.current;
  }

  /** The settings tree WWE built with SetOptions and SetSIPEndpointParameters (the latter under
   * `parameters.`), values as sent. */
  get settingsTree(): SettingsTree {
    return this.tree;
  }

  /** The effective endpoint settings over the defaults, with where each value came from. */
  get effective(): EffectiveSettings {
    return effectiveSettings([{ source: 'wwe', tree: this.tree }]);
  }

  /** The effective settings as the PWA is told them (`applySettings`). */
  get applied(): AppliedSettings {
    const { settings, sources } = this.effective;
    return { settings, sources };
  }

  get pingPeriodMs(): number {
    return (
      this.explicitPingPeriodMs ?? positiveInt(this.tree['sipendpoint.ping-interval']) ?? this.deps.defaultPingPeriodMs
    );
  }

  get maxFailedPing(): number {
    return positiveInt(this.tree['sipendpoint.max-failed-ping']) ?? this.deps.defaultMaxFailedPing;
  }

  /** How long without a sign of life before the session is lost. */
  get watchdogMs(): number {
    return this.pingPeriodMs * this.maxFailedPing;
  }

  /** SetOptions: merges the keys into the settings tree (Genesys Softphone does the same). */
  setOptions(value: Readonly<Record<string, unknown>>): void {
    this.merge(value, 'WWE pushed its endpoint options');
    this.rearm();
  }

  /** SetSIPEndpointParameters: each pair lands at `parameters.<Key>` in the tree. */
  setEndpointParameters(pairs: readonly { Key: string; Value: unknown }[]): void {
    this.merge(
      Object.fromEntries(pairs.map((pair) => [`parameters.${pair.Key}`, pair.Value])),
      'WWE set its endpoint parameters',
    );
  }

  private merge(value: Readonly<Record<string, unknown>>, what: string): void {
    const { tree, changed, skipped } = mergeIntoTree(this.tree, value);
    this.tree = tree;
    this.deps.store?.save(tree);
    const refused = this.effective.reports.filter((r) => r.refused !== undefined && changed.includes(r.key));
    this.deps.log.info(what, {
      changed,
      ...(skipped.length > 0 ? { skipped } : {}),
      ...(refused.length > 0 ? { refused: refused.map((r) => ({ key: r.key, reason: r.refused })) } : {}),
    });
    this.emit('settings', this.applied);
  }

  setPingPeriod(ms: number): void {
    this.explicitPingPeriodMs = ms;
    this.deps.log.info('WWE set its ping period', { pingPeriodMs: ms, watchdogMs: this.watchdogMs });
    this.rearm();
  }

  /** A Ping or GetSIPEndpointParameters arrived. */
  contact(): void {
    this.apply({ type: 'contact', at: this.deps.clock.now() });
    // Ping is the hottest route: it only records the time. The one pending timer re-checks it when it
    // fires, instead of every Ping clearing and creating a timer.
    if (this.watchdog === undefined) {
      this.rearm();
    }
  }

  stop(): void {
    this.watchdog?.cancel();
    this.watchdog = undefined;
  }

  /** Agent logout: forget the options, the ping period and the watchdog; the next WWE starts afresh. */
  close(): void {
    this.stop();
    this.tree = {};
    this.deps.store?.clear();
    this.explicitPingPeriodMs = null;
    this.apply({ type: 'closed' });
    this.emit('settings', this.applied);
  }

  /** (Re)starts the watchdog so it fires `watchdogMs` after the last contact. */
  private rearm(): void {
    this.watchdog?.cancel();
    this.watchdog = undefined;
    const session = this.current;
    if (session.state !== 'active') {
      return;
    }
    const remainingMs = session.lastContactAt + this.watchdogMs - this.deps.clock.now();
    this.watchdog = this.deps.clock.setTimeout(
      () => {
        this.watchdog = undefined;
        const now = this.deps.clock.now();
        if (this.current.state === 'active' && now - this.current.lastContactAt >= this.watchdogMs) {
          this.apply({ type: 'expired', at: now });
        } else {
          this.rearm();
        }
      },
      Math.max(0, remainingMs),
    );
  }

  private apply(event: WweSessionEvent): void {
    const previous = this.current;
    const next = reduceWweSession(previous, event);
    this.current = next;
    if (next.state !== previous.state) {
      if (next.state === 'lost') {
        this.deps.log.warn('WWE session lost: no Ping from WWE', {
          missedPeriods: this.maxFailedPing,
          pingPeriodMs: this.pingPeriodMs,
        });
      } else if (next.state === 'idle') {
        this.deps.log.info('WWE session closed by the desktop');
      } else {
        this.deps.log.info('WWE session active', { pingPeriodMs: this.pingPeriodMs });
      }
      this.emit('change', next, previous);
    }
  }
}

function positiveInt(x: unknown): number | null {
  const n = typeof x === 'string' && x.trim() !== '' ? Number(x) : x;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}
