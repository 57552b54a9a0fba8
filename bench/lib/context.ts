/** What every figure needs: the running stack, the bench's companion, clients and run sizes. */
import type { Browser } from '@playwright/test';
import type { RunningStack } from '../../e2e/fixtures/stack.ts';
import type { BenchCompanion } from './companion.ts';
import type { HttpsClient } from './https-client.ts';

export interface Sizes {
  roundTrips: number;
  roundTripWarmup: number;
  throughputRequests: number;
  throughputRuns: number;
  idleRssSec: number;
  /** How long the hostile flood runs while WWE's calls are timed. */
  floodSec: number;
  loadRssSec: number;
  registerSamples: number;
  callSamples: number;
  /** Answers per codec and side (product, stock JsSIP), after one unmeasured answer each. */
  answerSamples: number;
  deadStunSamples: number;
  stockDeadStunSamples: number;
  /** Cap per stock JsSIP sample with a dead STUN server (JsSIP waits ~40 s for gathering). */
  stockDeadStunCapMs: number;
  kamailioRestarts: number;
  companionRestarts: number;
  swStarts: number;
  /** Calls per codec and loss level in the loss matrix, and the measured window of each. */
  lossCalls: number;
  lossWindowMs: number;
}

export const QUICK: Sizes = {
  roundTrips: 200,
  roundTripWarmup: 30,
  throughputRequests: 2_000,
  throughputRuns: 1,
  idleRssSec: 2,
  floodSec: 5,
  loadRssSec: 4,
  registerSamples: 3,
  callSamples: 3,
  answerSamples: 3,
  deadStunSamples: 2,
  stockDeadStunSamples: 1,
  stockDeadStunCapMs: 15_000,
  kamailioRestarts: 1,
  companionRestarts: 2,
  swStarts: 3,
  lossCalls: 1,
  lossWindowMs: 6_000,
};

export const FULL: Sizes = {
  roundTrips: 1_000,
  roundTripWarmup: 100,
  throughputRequests: 5_000,
  throughputRuns: 3,
  idleRssSec: 5,
  floodSec: 10,
  loadRssSec: 10,
  registerSamples: 10,
  callSamples: 10,
  answerSamples: 20,
  deadStunSamples: 10,
  stockDeadStunSamples: 2,
  stockDeadStunCapMs: 45_000,
  kamailioRestarts: 2,
  companionRestarts: 3,
  swStarts: 10,
  lossCalls: 3,
  lossWindowMs: 8_000,
};

export interface BenchContext {
  sizes: Sizes;
  stack: RunningStack;
  companion: BenchCompanion;
  /** Keep-alive client of the companion. */
  client: HttpsClient;
  browser: Browser;
  certs: { ca: Buffer; companionCert: string; companionKey: string };
  /** The companion's own origin (pages, /dashboard/test). */
  companionOrigin: string;
}

export function log(message: string): void {
  console.log(`bench: ${message}`);
}
