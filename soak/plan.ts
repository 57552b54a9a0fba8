/**
 * The compressed shift as a pure function of its seed: `planShift({ seed, minutes, calls })` returns
 * the same steps for the same inputs, every time. Calls are spread evenly over the shift with seeded
 * jitter; call flows and faults come from shuffled decks (every kind appears before any repeats, in
 * random order); a fault either falls between calls or is attached to a call and fires mid-call (a
 * microphone switch always fires mid-call).
 */

export const CALL_FLOWS = [
  /** sipp as SIP Server: INVITE, NOTIFY talk answers, NOTIFY hold / talk, SIP Server's BYE. */
  'inbound-remote-answer',
  /** The tone peer 9000 calls the agent; the agent answers in the PWA's UI. */
  'inbound-ui-answer',
  /** WWE's MakeCall (extension API) to 9000. */
  'outbound-makecall',
  /** The dial pad to 9000, then hold and retrieve from the UI. */
  'outbound-dialpad-hold',
  /** sipp as SIP Server asks for auto-answer (Call-Info answer-after=0): answered with no click. */
  'inbound-auto-answer',
  /** The dial pad to 9000, then digits on the call's DTMF pad, each decoded by 9000 as RFC 4733. */
  'outbound-dtmf',
  /** 9000, then 9001 on a second line (the first goes on hold), 9001 hung up, 9000 retrieved. */
  'two-lines',
  /** 9000, then a blind transfer to 9001: our leg ends, 9000 reaches 9001. */
  'blind-transfer',
] as const;
export type CallFlow = (typeof CALL_FLOWS)[number];

export const FAULT_KINDS = [
  'kamailio-restart',
  'companion-restart',
  'pwa-reload',
  'page-frozen',
  'network-drop',
  'wwe-relogin',
  'rtpengine-restart',
  'nginx-reload',
  'wwe-pings-stop',
  /** The agent picks another microphone in Settings during a call: the call must keep sending, from it. */
  'microphone-switch',
  /** The softphone's tab behind another one (hidden, intensively throttled): calls must still ring at once. */
  'window-hidden',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that may fire while a call is up (the call is expected to survive them or be lost inside the window). */
export const MID_CALL_FAULTS: readonly FaultKind[] = [
  'companion-restart',
  'network-drop',
  'wwe-relogin',
  'nginx-reload',
  'wwe-pings-stop',
  'microphone-switch',
];

/** Faults that only mean something during a call: always attached to one (the next call free of another fault). */
const CALL_ONLY_FAULTS: readonly FaultKind[] = ['microphone-switch'];

export type HangupSide = 'agent' | 'far-end';

export type PlanStep =
  | {
      kind: 'call';
      index: number;
      atMs: number;
      flow: CallFlow;
      /** Who ends the call (SIP Server's scenario always ends its own calls). */
      hangup: HangupSide;
      /** A fault fired once the call is active. */
      midCallFault?: { index: number; fault: FaultKind; outageMs: number };
    }
  | { kind: 'fault'; index: number; atMs: number; fault: FaultKind; outageMs: number };

export interface ShiftOptions {
  seed: number;
  minutes: number;
  calls: number;
  /** Default: one fault per 7.5 calls (the 60-minute bar is 300 calls, 40 faults), at least one. */
  faults?: number;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from `items` in shuffled rounds: each item once per round, the order random. */
function deck<T>(items: readonly T[], random: () => number): () => T {
  let pile: T[] = [];
  return () => {
    if (pile.length === 0) {
      pile = [...items];
      for (let i = pile.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [pile[i], pile[j]] = [pile[j] as T, pile[i] as T];
      }
    }
    return pile.pop() as T;
  };
}

/**
 * How long a fault keeps things down: the network 1–20 s, a frozen page 4–40 s (past the companion's
 * 30 unanswered pings), WWE silent 5–30 s, the window hidden 30–90 s (intensive throttling starts
 * after 10 s of it: soak-browser.ts); the others act at once.
 */
function outageMs(fault: FaultKind, random: () => number): number {
  switch (fault) {
    case 'network-drop':
      return 1_000 + Math.floor(random() * 19) * 1_000;
    case 'page-frozen':
      return 4_000 + Math.floor(random() * 37) * 1_000;
    case 'wwe-pings-stop':
      return 5_000 + Math.floor(random() * 26) * 1_000;
    case 'window-hidden':
      return 30_000 + Math.floor(random() * 61) * 1_000;
    case 'kamailio-restart':
    case 'companion-restart':
    case 'pwa-reload':
    case 'wwe-relogin':
    case 'rtpengine-restart':
    case 'nginx-reload':
    case 'microphone-switch':
      return 0;
  }
}

/** SIP Server's scenarios end their own calls; a transferred call is no longer ours to end. */
function isHungUpBySipServer(flow: CallFlow): boolean {
  return flow === 'inbound-remote-answer' || flow === 'inbound-auto-answer' || flow === 'blind-transfer';
}

export function planShift(options: ShiftOptions): PlanStep[] {
  const { seed, minutes, calls } = options;
  if (!Number.isInteger(calls) || calls < 1 || !(minutes > 0)) {
    throw new Error(`planShift: need calls ≥ 1 and minutes > 0 (got calls=${calls}, minutes=${minutes})`);
  }
  const faultCount = options.faults ?? Math.max(1, Math.round(calls / 7.5));
  const random = seededRandom(seed);
  const nextFlow = deck(CALL_FLOWS, random);
  const nextFault = deck(FAULT_KINDS, random);
  const totalMs = minutes * 60_000;
  const slotMs = totalMs / calls;
  const steps: PlanStep[] = [];
  for (let index = 0; index < calls; index += 1) {
    const flow = nextFlow();
    const hangup: HangupSide = isHungUpBySipServer(flow) || random() < 0.5 ? 'far-end' : 'agent';
    const atMs = Math.round(index * slotMs + random() * slotMs * 0.2);
    steps.push({ kind: 'call', index, atMs, flow, hangup });
  }
  const callSteps = steps.slice();
  for (let index = 0; index < faultCount; index += 1) {
    const fault = nextFault();
    const outage = outageMs(fault, random);
    const slot = Math.floor(random() * calls);
    const call = callSteps[slot];
    if (CALL_ONLY_FAULTS.includes(fault)) {
      const free = [...callSteps.slice(slot), ...callSteps.slice(0, slot)].find(
        (c) => c.kind === 'call' && c.midCallFault === undefined,
      );
      if (free?.kind === 'call') {
        free.midCallFault = { index, fault, outageMs: outage };
        continue;
      }
    }
    if (call?.kind === 'call' && MID_CALL_FAULTS.includes(fault) && call.midCallFault === undefined && random() < 0.4) {
      call.midCallFault = { index, fault, outageMs: outage };
      continue;
    }
    // Between calls: in the second half of the slot, after the call that starts it has had its time.
    const atMs = Math.round((slot + 0.6 + random() * 0.35) * slotMs);
    steps.push({ kind: 'fault', index, atMs, fault, outageMs: outage });
  }
  return steps.sort((a, b) => a.atMs - b.atMs || (a.kind === 'call' ? -1 : 1));
}
