/**
 * One active phone per browser profile. The window holding the Web Lock
 * `wgb-phone` is the leader: only it creates the PhoneService and the relay client (so only it
 * registers and talks to the companion). Other windows are followers: they queue for the lock, show
 * the leader's state received over BroadcastChannel, and can take over with `steal: true`. A leader
 * whose lock is stolen shuts its phone down and becomes a follower.
 *
 * ```text
 *            lock granted                      core created
 * starting ───────────────▶ (creating core) ─────────────────▶ leader
 *    │ lock busy                                                 │ lock stolen
 *    ▼                                                           ▼
 * follower ◀──────────────────────────────────────────────────── (shutdown)
 *    │ takeOver() (steal) or leader window closed
 *    └──────────────▶ starting …
 * ```
 */
import * as v from 'valibot';
import { PhoneSnapshotSchema, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { Logger } from '../lib/log.ts';
import type { PhoneService } from '../phone/phone-port.ts';
import { LINK_STATES, OFFLINE_LINK, type LinkView } from './link-view.ts';
import type { LinkStart } from './link-policy.ts';
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
  /** Fires on any change of role, snapshot or link. */
  subscribe(listener: () => void): () => void;
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
  let role: PhoneRole = 'starting';
  let core: Core | null = null;
  let mirrorLink: LinkView = OFFLINE_LINK;
  /** Set while the leader holds off connecting to the companion (waiting for a click). */
  let heldLink: LinkView | null = null;
  let cleanup: (() => void)[] = [];
  let generation = 0;
  let queued: AbortController | null = null;

  const notify = (): void => listeners.forEach((listener) => listener());
  const setRole = (next: PhoneRole): void => {
    if (next !== role) {
      log.info(`phone role ${role} → ${next}`);
      role = next;
    }
    notify();
  };
  const broadcast = (): void => {
    if (core && role === 'leader') {
      channel?.postMessage({ type: 'state', snapshot: core.phone.snapshot, link: heldLink ?? core.relay.state });
    }
  };

  channel?.addEventListener('message', (event: MessageEvent) => {
    const parsed = v.safeParse(ChannelMessageSchema, event.data);
    if (!parsed.success) {
      return;
    }
    if (parsed.output.type === 'hello') {
      broadcast();
    } else if (role !== 'leader') {
      mirror.update(parsed.output.snapshot);
      mirrorLink = parsed.output.link;
      notify();
    }
  });

  /** Runs while this window holds the lock; the returned promise never settles (the lock is kept). */
  async function lead(): Promise<void> {
    const mine = ++generation;
    queued = null;
    setRole('starting');
    const created = await deps.createCore();
    if (mine !== generation) {
      await created.phone.shutdown();
      return;
    }
    core = created;
    cleanup = [
      created.phone.subscribe(() => {
        broadcast();
        notify();
      }),
      created.relay.subscribe(() => {
        broadcast();
        notify();
      }),
      deps.onLead(created),
    ];
    const start = (await deps.linkStart?.()) ?? { state: 'connect' };
    if (mine !== generation) {
      return new Promise<void>(() => undefined);
    }
    if (start.state === 'connect') {
      heldLink = null;
      created.relay.start();
    } else {
      heldLink = start.view;
      log.info(`companion link waits for a click: ${start.view.state}`);
    }
    setRole('leader');
    broadcast();
    return new Promise<void>(() => undefined);
  }

  async function stepDown(): Promise<void> {
    generation++;
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

  const onRequestEnded = (error: unknown): void => {
    const wasLeading = core !== null || role === 'starting';
    const isAbort = error instanceof DOMException && error.name === 'AbortError';
    if (isAbort && !wasLeading) {
      return; // our own queued request, cancelled by takeOver()
    }
    if (!isAbort) {
      // Creating the core failed: do not spin on the lock; "Use this window" retries.
      log.error('phone start failed', error);
      void stepDown().then(() => setRole('follower'));
      return;
    }
    log.warn('phone lock lost; another window took over', error);
    void stepDown().then(() => {
      setRole('follower');
      queue();
    });
  };

  function queue(): void {
    if (!locks) {
      return;
    }
    queued = new AbortController();
    locks.request(PHONE_LOCK_NAME, { signal: queued.signal }, lead).catch(onRequestEnded);
  }

  return {
    get role() {
      return role;
    },
    get phone() {
      return core?.phone ?? mirror;
    },
    get snapshot() {
      return core?.phone.snapshot ?? mirror.snapshot;
    },
    get link() {
      return core ? (heldLink ?? core.relay.state) : mirrorLink;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (!locks) {
        log.warn('Web Locks unavailable: this window leads without election');
        lead().catch((error: unknown) => log.error('phone start failed', error));
        return;
      }
      locks
        .request(PHONE_LOCK_NAME, { ifAvailable: true }, (lock) => {
          if (!lock) {
            setRole('follower');
            channel?.postMessage({ type: 'hello' });
            queue();
            return undefined;
          }
          return lead();
        })
        .catch(onRequestEnded);
    },
    takeOver() {
      if (!locks || role === 'leader') {
        return;
      }
      queued?.abort();
      queued = null;
      locks.request(PHONE_LOCK_NAME, { steal: true }, lead).catch(onRequestEnded);
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
      await stepDown();
      channel?.close();
    },
  };
}
