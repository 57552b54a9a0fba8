/**
 * This product's extension API (companion/README.md, "Extension API"): call control relayed to the PWA, call status from
 * the snapshot, and `GET /events` (Server-Sent Events). `XxxResult: true` only after the PWA did it;
 * every failure is a 4xx/5xx with `{"error":{"code","message"}}`.
 */
import * as v from 'valibot';
import {
  CallIdSchema,
  DialTargetSchema,
  DtmfTonesSchema,
  RelayError,
  answeredAtOf,
  callFlags,
  currentCall,
  homeRegistration,
  type CallSnapshot,
  type PhoneSnapshot,
} from '../../../protocol/src/index.ts';
import { every, type Clock } from '../clock.ts';
import type { EventHub } from '../events.ts';
import type { Relay } from '../relay/relay.ts';
import { parseBody } from './errors.ts';
import { HANDLED, type Route } from './route.ts';

export interface ExtensionDeps {
  relay: Relay;
  hub: EventHub;
  clock: Clock;
  /** Open event streams, closed by the companion on shutdown. */
  streams: Set<{ end(): void }>;
  keepAliveMs?: number;
}

const CallBody = v.object({ callId: v.optional(CallIdSchema) });
const MakeCallBody = v.object({
  destination: v.pipe(
    v.string(),
    v.transform((s) => s.replace(/[\s()]/g, '')),
    DialTargetSchema,
  ),
});
const DtmfBody = v.object({ digits: DtmfTonesSchema, callId: v.optional(CallIdSchema) });

export type CallStatus =
  | { state: 'idle' }
  | {
      state: 'incoming' | 'dialing' | 'ringing' | 'active' | 'ending';
      callId: string;
      direction: 'inbound' | 'outbound';
      remote: string;
      held: boolean;
      muted: boolean;
      since: number;
    };

function liveSnapshot(relay: Relay): PhoneSnapshot {
  const snapshot = relay.snapshot;
  if (!relay.link) {
    throw new RelayError('PWA_OFFLINE', 'The softphone (PWA) is not connected to the companion.');
  }
  if (!snapshot) {
    throw new RelayError('PWA_OFFLINE', 'The softphone has not reported its state yet.');
  }
  return snapshot;
}

export function presentCallStatus(call: CallSnapshot | undefined): CallStatus {
  if (!call || call.state === 'ended') {
    return { state: 'idle' };
  }
  const state = call.state === 'answering' ? 'incoming' : call.state;
  return {
    state,
    callId: call.callId,
    direction: call.direction,
    remote: call.remote,
    held: callFlags(call).isHeld,
    muted: callFlags(call).isMuted,
    since: answeredAtOf(call) ?? call.startedAt,
  };
}

export function extensionRoutes(deps: ExtensionDeps): Route[] {
  const { relay, hub, clock } = deps;
  const row = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
    method,
    path,
    access: 'extension',
    grade: 'OURS',
    handle,
  });
  return [
    row('POST', '/MakeCall', async ({ body }) => {
      const { destination } = parseBody(MakeCallBody, body ?? {});
      await relay.request('dial', { target: destination });
      return { MakeCallResult: true };
    }),
    row('POST', '/AnswerCall', async ({ body }) => {
      await relay.request('answer', parseBody(CallBody, body ?? {}));
      return { AnswerCallResult: true };
    }),
    row('POST', '/HangUp', async ({ body }) => {
      await relay.request('hangup', parseBody(CallBody, body ?? {}));
      return { HangUpResult: true };
    }),
    row('POST', '/Hold', async ({ body }) => {
      await relay.request('setHold', { ...parseBody(CallBody, body ?? {}), held: true });
      return { HoldResult: true };
    }),
    row('POST', '/Retrieve', async ({ body }) => {
      await relay.request('setHold', { ...parseBody(CallBody, body ?? {}), held: false });
      return { RetrieveResult: true };
    }),
    row('POST', '/SendDTMF', async ({ body }) => {
      const { digits, callId } = parseBody(DtmfBody, body ?? {});
      await relay.request('sendDtmf', { tones: digits, ...(callId === undefined ? {} : { callId }) });
      return { SendDTMFResult: true };
    }),
    row('GET', '/GetCallStatus', () => ({
      GetCallStatusResult: presentCallStatus(currentCall(liveSnapshot(relay).calls)),
    })),
    row('GET', '/GetIncomingCall', () => {
      const call = liveSnapshot(relay).calls.find((c) => c.direction === 'inbound' && c.state === 'incoming');
      return {
        GetIncomingCallResult: call
          ? {
              callId: call.callId,
              remote: call.remote,
              ...(call.displayName === undefined ? {} : { displayName: call.displayName }),
              ...(call.genesysCallUuid === undefined ? {} : { genesysCallUuid: call.genesysCallUuid }),
            }
          : null,
      };
    }),
    row('GET', '/events', ({ req, res }) => {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.flushHeaders();
      const send = (name: string, data: unknown): void => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      res.write('retry: 2000\n\n');
      send('status', {
        at: clock.now(),
        pwaLinked: relay.link !== null,
        registration: homeRegistration(relay.snapshot),
        calls: relay.snapshot?.calls ?? [],
      });
      const unsubscribe = hub.subscribe((event) => send(event.type, event));
      const keepAlive = every(clock, deps.keepAliveMs ?? 15_000, () => res.write(': keep-alive\n\n'));
      const stream = { end: () => res.end() };
      deps.streams.add(stream);
      req.on('close', () => {
        unsubscribe();
        keepAlive.cancel();
        deps.streams.delete(stream);
      });
      return HANDLED;
    }),
  ];
}
