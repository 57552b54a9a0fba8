/** What every call flow and fault of the soak needs: the running stack, the PWA, the peers and the probes. */
import type { BrowserContext, CDPSession } from '@playwright/test';
import type { RunningStack } from '../../e2e/fixtures/stack.ts';
import type { Pwa } from '../../e2e/fixtures/pwa.ts';
import type { BaresipControl } from '../../gateway/peers.ts';
import type { NetworkDrop, SippRtpCounter } from './evidence.ts';
import type { WwePoller } from './probes.ts';
import type { FaultRecord } from '../outcome.ts';

export interface ShiftContext {
  stack: RunningStack;
  context: BrowserContext;
  pwa: Pwa;
  /** The page's DevTools session (freezing, heap); replaced only if the page is. */
  cdp: CDPSession;
  /** The tone peer 9000's control link; reconnected after a Kamailio restart restarts the peer. */
  tone: BaresipControl;
  /** The agent's DN, registered by WWE's RegisterDn. */
  dn: string;
  /** WWE's polls (Ping, GetIsEndpointActive), each beside the location table. */
  wwe: WwePoller;
  /** Only inside the soak's own network namespace (root): iptables instruments. */
  sippRtp: SippRtpCounter | undefined;
  network: NetworkDrop | undefined;
  /** Puts the page behind another tab (really hidden); the returned function shows it again. */
  hide(page: Pwa['page']): Promise<() => Promise<void>>;
  /** Runs a fault (used for faults fired mid-call); resolves with its record. */
  runFault(
    step: { index: number; fault: FaultRecord['fault']; outageMs: number },
    duringCall?: number,
  ): Promise<FaultRecord>;
  log(message: string): void;
}
