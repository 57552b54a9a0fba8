/**
 * One active phone per browser profile. The window holding the Web Lock
 * `wgb-phone` is the leader: only it creates the PhoneService and the relay client (so only it
 * registers and talks to the companion). Other windows are followers: they queue for the lock, show
 * the leader's state received over BroadcastChannel, and can take over with `steal: true`. A leader
 * whose lock is stolen shuts its phone down and becomes a follower. The decisions are the pure
 * reducer in leader-election.ts (diagram there); this file runs its effects against the Web Locks
 * API, the BroadcastChannel and the core.
 */
import * as v from 'valibot';
import { PhoneSnapshotSchema, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import { assertNever } from '../lib/assert-never.ts';
import { realClock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import { isInvalid } from '../phone/invalid.ts';
import type { PhoneService } from '../phone/phone-port.ts';
import { LINK_STATES, OFFLINE_LINK, type LinkView } from './link-view.ts';
import type { LinkStart } from './link-policy.ts';
import {
  INITIAL_ELECTION,
  electionRole,
  reduceElection,
  type ElectionEffect,
  type ElectionEvent,
  type ElectionState,
} from './leader-election.ts';
import { MediaFirstHold } from './media-first-hold.ts';
import { createMirrorPhone } from './mirror-phone.ts';

export const PHONE_LOCK_NAME = 'wgb-phone';
export const PHONE_CHANNEL_NAME = 'wgb-phone-state';

export type PhoneRole = 'starting' | 'leader' | 'follower';

/** The relay client as the UI needs it; main.ts adapts relay/relay-client.ts to this. */
export interface RelayLink {
  start(): void;
  stop(): void;
  readonly state: LinkView;
  subscribe(listener: () => void): () => void;
}

export type Core = { phone: PhoneService; relay: RelayLink };

export interface PhoneSession {
  readonly role: PhoneRole;
  /** The real phone when leading; a read-only mirror otherwise. */
  readonly phone: PhoneService;
  readonly snapshot: PhoneSnapshot;
  readonly link: LinkView;
  /** Fires on any change of role, snapshot, link or a call's remote stream. */
  subscribe(listener: () => void): () => void;
  /** `subscribe` for the screens: quiet while an answered call's audio starts (media-first-hold.ts). */
  readonly screens: { subscribe(listener: () => void): () => void };
  start(): void;
  /** "Use this window": steal the lock from the current leader. */
  takeOver(): void;
  /** Reconnect the companion link (after pairing). */
  restartLink(): void;
  /** Page is going away: unregister and close. */
  dispose(): Promise<void>;
}

type ChannelLike = Pick<BroadcastChannel, 'postMessage' | 'addEventListener' | 'close'>;

export type PhoneSessionDeps = {
  locks: LockManager | undefined;
  channel: ChannelLike | undefined;
  createCore(): Promise<Core>;
  /** Side effects of leading (history, notifications); returns their cleanup. */
  onLead(core: Core): () => void;
  /** Whether the new leader connects to the companion at once or waits for a click (app/link-policy.ts). */
  linkStart?: () => Promise<LinkStart>;
  appVersion: string;
  log: Logger;
};

const ChannelMessageSchema = v.variant('type', [
  v.object({ type: v.literal('hello') }),
  v.object({
    type: v.literal('state'),
    snapshot: PhoneSnapshotSchema,
    link: v.object({ state: v.picklist(LINK_STATES), reason: v.optional(v.string()), attempt: v.optional(v.number()) }),
  }),
]);

export function createPhoneSession(deps: PhoneSessionDeps): PhoneSession {
  const { locks, channel, log } = deps;
  const mirror = createMirrorPhone(deps.appVersion);
  const listeners = new Set<() => void>();
  let election: ElectionState = INITIAL_ELECTION;
  /** The core of the generation being built or leading (never an older one). */
  let core: Core | null = null;
  let mirrorLink: LinkView = OFFLINE_LINK;
  /** Set while the leader holds off connecting to the companion (waiting for a click). */
  let heldLink: LinkView | null = null;
  let cleanup: (() => void)[] = [];
  let queued: AbortController | null = null;
  /** Cores built and not yet adopted or discarded, by generation. */
  const created = new Map<number, Core>();
  /** Settles the lock callback this window holds, which releases the lock. */
  let releaseLock: (() => void) | null = null;
  let steppingDown: Promise<void> = Promise.resolve();

  const screenListeners = new Set<() => void>();
  const notifyScreens = (): void => screenListeners.forEach((listener) => listener());
  const snapshot = (): PhoneSnapshot => core?.phone.snapshot ?? mirror.snapshot;
  const renderHold = new MediaFirstHold({
    release: notifyScreens,
    remoteStream: (callId) => core?.phone.media.remoteStream(callId) ?? null,
    clock: realClock,
  });
  const notify = (): void => {
    listeners.forEach((listener) => listener());
    if (!renderHold.holds(snapshot())) {
      notifyScreens();
    }
  };
  const role = (): PhoneRole => electionRole(election);
  const broadcast = (): void => {
    if (core && role() === 'leader') {
      channel?.postMessage({ type: 'state', snapshot: core.phone.snapshot, link: heldLink ?? core.relay.state });
    }
  };

  /** The one transition path: reduce, log, run the effects, tell the UI. */
  function dispatch(event: ElectionEvent): void {
    const step = reduceElection(election, event);
    if (isInvalid(step)) {
      log.error(`invalid election transition: ${step.reason}`, { state: election, event });
      return;
    }
    if (step.state.state !== election.state) {
      log.info(`phone election ${election.state} → ${step.state.state}`);
    }
    election = step.state;
    step.effects.forEach(run);
    notify();
  }

  function run(effect: ElectionEffect): void {
    switch (effect.type) {
      case 'requestLock':
        requestLock(effect.mode);
        break;
      case 'cancelQueuedRequest':
        queued?.abort();
        queued = null;
        break;
      case 'createCore':
        deps.createCore().then(
          (made) => {
            created.set(effect.generation, made);
            dispatch({ type: 'coreCreated', generation: effect.generation });
          },
          (error: unknown) => {
            log.error('phone start failed', error);
            dispatch({ type: 'coreFailed' });
          },
        );
        break;
      case 'adoptCore':
        adopt(effect.generation);
        break;
      case 'discardCore': {
        const stale = created.get(effect.generation);
        created.delete(effect.generation);
        stale?.phone.shutdown().catch((error: unknown) => log.warn('shutting a stale core down failed', error));
        break;
      }
      case 'startLink':
        heldLink = null;
        core?.relay.start();
        broadcast();
        break;
      case 'stepDown':
        steppingDown = stepDown().catch((error: unknown) => log.warn('stepping down failed', error));
        break;
      case 'askLeaderForState':
        channel?.postMessage({ type: 'hello' });
        break;
      case 'closeChannel':
        channel?.close();
        break;
      default:
        assertNever(effect, 'election effect');
    }
  }

  function adopt(generation: number): void {
    const made = created.get(generation);
    created.delete(generation);
    if (!made) {
      return;
    }
    core = made;
    const changed = (): void => {
      broadcast();
      notify();
    };
    cleanup = [
      made.phone.subscribe(changed),
      made.relay.subscribe(changed),
      made.phone.media.onRemoteStream(notify),
      deps.onLead(made),
    ];
    (deps.linkStart?.() ?? Promise.resolve<LinkStart>({ state: 'connect' })).then(
      (start) => {
        if (start.state !== 'connect') {
          heldLink = start.view;
          log.info(`companion link waits for a click: ${start.view.state}`);
        }
        dispatch({ type: 'linkDecided', generation, connect: start.state === 'connect' });
        broadcast();
      },
      (error: unknown) => {
        log.error('phone start failed', error);
        dispatch({ type: 'coreFailed' });
      },
    );
  }

  async function stepDown(): Promise<void> {
    releaseLock?.();
    releaseLock = null;
    const old = core;
    core = null;
    cleanup.forEach((fn) => fn());
    cleanup = [];
    heldLink = null;
    if (old) {
      old.relay.stop();
      await old.phone.shutdown();
    }
  }

  /** Holds the lock for as long as this window leads: the callback's promise settles on step-down. */
  const hold = (): Promise<void> => {
    const held = new Promise<void>((resolve) => {
      releaseLock = resolve;
    });
    dispatch({ type: 'lockGranted' });
    return held;
  };

  function requestLock(mode: 'ifAvailable' | 'steal' | 'queue'): void {
    if (!locks) {
      return;
    }
    const onEnded = (error: unknown): void => {
      const isAbort = error instanceof DOMException && error.name === 'AbortError';
      if (mode === 'queue' && isAbort && !holdsTheLock()) {
        return; // our own queued request, cancelled by takeOver()
      }
      if (!isAbort) {
        log.error('phone lock request failed', error);
        return;
      }
      log.warn('phone lock lost; another window took over', error);
      dispatch({ type: 'lockLost' });
    };
    switch (mode) {
      case 'ifAvailable':
        locks
          .request(PHONE_LOCK_NAME, { ifAvailable: true }, (lock) => {
            if (!lock) {
              dispatch({ type: 'lockBusy' });
              return undefined;
            }
            return hold();
          })
          .catch(onEnded);
        break;
      case 'steal':
        locks.request(PHONE_LOCK_NAME, { steal: true }, hold).catch(onEnded);
        break;
      case 'queue':
        queued = new AbortController();
        locks.request(PHONE_LOCK_NAME, { signal: queued.signal }, hold).catch(onEnded);
        break;
      default:
        assertNever(mode, 'lock request mode');
    }
  }

  const holdsTheLock = (): boolean =>
    election.state === 'creating' || election.state === 'linking' || election.state === 'leader';

  channel?.addEventListener('message', (event: MessageEvent) => {
    const parsed = v.safeParse(ChannelMessageSchema, event.data);
    if (!parsed.success) {
      return;
    }
    if (parsed.output.type === 'hello') {
      broadcast();
    } else if (role() !== 'leader') {
      mirror.update(parsed.output.snapshot);
      mirrorLink = parsed.output.link;
      notify();
    }
  });

  return {
    get role() {
      return role();
    },
    get phone() {
      return core?.phone ?? mirror;
    },
    get snapshot() {
      return snapshot();
    },
    get link() {
      return core ? (heldLink ?? core.relay.state) : mirrorLink;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    screens: {
      subscribe(listener) {
        screenListeners.add(listener);
        return () => screenListeners.delete(listener);
      },
    },
    start() {
      if (!locks) {
        log.warn('Web Locks unavailable: this window leads without election');
      }
      dispatch({ type: 'start', hasLocks: locks !== undefined });
    },
    takeOver() {
      dispatch({ type: 'takeOver' });
    },
    restartLink() {
      if (heldLink === null) {
        core?.relay.stop();
      }
      heldLink = null;
      core?.relay.start();
      notify();
    },
    async dispose() {
      renderHold.dispose();
      dispatch({ type: 'dispose' });
      await steppingDown;
    },
  };
}
