/**
 * The WWE legacy endpoint API (docs/protocol.md, section 1; every route in companion/README.md): exact
 * paths, exact JSON shapes. Status answers come from the relay's cached snapshot, never from a round
 * trip. The guessed routes (WWE defines them, no log shows it sending them) live in
 * their own table so their shapes can be corrected in one place; every hit on them is logged at warn.
 */
import * as v from 'valibot';
import {
  DnSchema,
  INITIAL_AUDIO_STATE,
  MAX_REGISTRATION_SLOTS,
  SipServerSchema,
  callFlags,
  currentCall,
  type AudioChange,
  type AudioState,
  type PhoneSnapshot,
} from '../../../protocol/src/index.ts';
import type { Relay } from '../relay/relay.ts';
import { slotsOf } from '../wwe/desired-machine.ts';
import type { DesiredRegistration } from '../wwe/desired-registration.ts';
import type { WweSession } from '../wwe/session.ts';
import { boundedJson } from './bounded-json.ts';
import { parseBody } from './errors.ts';
import type { Route } from './route.ts';

export interface WweDeps {
  relay: Relay;
  desired: DesiredRegistration;
  session: WweSession;
}

const SetOptionsBody = v.object({ value: v.pipe(v.record(v.string(), v.unknown()), boundedJson()) });
const SetSipEndpointParametersBody = v.object({
  value: v.pipe(
    v.array(v.object({ Key: v.pipe(v.string(), v.maxLength(200)), Value: v.pipe(v.unknown(), boundedJson()) })),
    v.maxLength(200),
  ),
});
/** Checked to hold at least one item, then typed so (index 0 exists). */
const nonEmpty = <T>(items: T[]): [T, ...T[]] => items as [T, ...T[]];
/**
 * RegisterDn: one address per connection slot, at most MAX_REGISTRATION_SLOTS (a Business Continuity
 * pair), no address twice; `users[i]` pairs with `addresses[i]`, and fewer users than addresses
 * means the first DN at every site. More users than addresses names a DN with nowhere to register.
 */
export const RegisterDnBody = v.pipe(
  v.object({
    addresses: v.pipe(
      v.array(SipServerSchema),
      v.minLength(1, 'must name at least one SIP Server'),
      v.maxLength(
        MAX_REGISTRATION_SLOTS,
        `at most ${MAX_REGISTRATION_SLOTS} SIP Servers (the two sites of a Business Continuity pair)`,
      ),
      v.check((list) => new Set(list.map((a) => a.toLowerCase())).size === list.length, 'names a SIP Server twice'),
      v.transform(nonEmpty),
    ),
    users: v.pipe(v.array(DnSchema), v.minLength(1, 'must name at least one DN'), v.transform(nonEmpty)),
  }),
  v.forward(
    v.check((body) => body.users.length <= body.addresses.length, 'has more DNs than addresses to register them at'),
    ['users'],
  ),
);
const PingPeriodBody = v.object({ value: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(3_600_000)) });
const VolumeBody = v.object({ value: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)) });
const UnregisterBody = v.union([RegisterDnBody, v.object({})]);

export function endpointParameters(ready: boolean): { Key: string; Value: string | boolean }[] {
  return [
    { Key: 'EndpointStatus', Value: ready ? 'EndpointStatus_Ready' : 'EndpointStatus_NotReady' },
    { Key: 'IsPingMandatory', Value: false },
    { Key: 'Status', Value: 'Initialized' },
  ];
}

function currentCallMuted(snapshot: PhoneSnapshot | null): boolean {
  const call = snapshot ? currentCall(snapshot.calls) : undefined;
  return call ? callFlags(call).isMuted : false;
}

/** Rows seen on the wire in a real WWE 8.5 log (grade LOG). */
export function wweRoutes(deps: WweDeps): Route[] {
  const { desired, session } = deps;
  return [
    {
      method: 'GET',
      path: '/GetDnSIP',
      access: 'wwe',
      grade: 'LOG',
      handle: () => ({ get_DnSIPResult: desired.registeredDn() }),
    },
    {
      method: 'POST',
      path: '/SetOptions',
      access: 'wwe',
      grade: 'LOG',
      handle: ({ body }) => {
        const { value } = parseBody(SetOptionsBody, body);
        session.setOptions(value);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/SetSIPEndpointParameters',
      access: 'wwe',
      grade: 'LOG',
      handle: ({ body }) => {
        session.setEndpointParameters(parseBody(SetSipEndpointParametersBody, body).value);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/RegisterDn/',
      access: 'wwe',
      grade: 'LOG',
      handle: ({ body }) => {
        const { addresses, users } = parseBody(RegisterDnBody, body);
        desired.register(slotsOf(addresses, users));
        return { RegisterDnResult: true };
      },
    },
    {
      method: 'GET',
      path: '/GetIsEndpointActive',
      access: 'wwe',
      grade: 'LOG',
      handle: () => ({ get_IsEndpointActiveResult: desired.isActive() }),
    },
    {
      method: 'GET',
      path: '/GetSIPEndpointParameters',
      access: 'wwe',
      grade: 'LOG',
      handle: ({ fromWwe }) => {
        if (fromWwe) {
          session.contact();
        }
        return { get_SIPEndpointParametersResult: endpointParameters(desired.isActive()) };
      },
    },
    {
      method: 'POST',
      path: '/SetPingPeriod',
      access: 'wwe',
      grade: 'LOG',
      handle: ({ body }) => {
        session.setPingPeriod(parseBody(PingPeriodBody, body).value);
        return {};
      },
    },
    {
      method: 'GET',
      path: '/Ping',
      access: 'wwe',
      grade: 'LOG',
      handle: ({ fromWwe }) => {
        if (fromWwe) {
          session.contact();
        }
        return { PingResult: [] };
      },
    },
  ];
}

/**
 * Commands WWE defines but never sent in any log (graded GUESS): most plausible WCF-style
 * shapes. Mute/unmute of the microphone is relayed to the current call; speaker mute and the volumes
 * are the PWA's audio state (the `setAudio` command, the same state as Connector v2's POST /audio and
 * the PWA's volume slider), read from the cached snapshot.
 */
export function guessedWweRoutes(deps: WweDeps): Route[] {
  const { relay, desired, session } = deps;
  const audio = (): AudioState => relay.snapshot?.audio ?? INITIAL_AUDIO_STATE;
  const changeAudio = async (change: AudioChange): Promise<unknown> => {
    await relay.request('setAudio', change);
    return {};
  };
  const unregister = async ({ body }: { body: unknown }): Promise<unknown> => {
    if (body !== undefined) {
      parseBody(UnregisterBody, body);
    }
    await desired.unregister();
    // WWE's agent logout (docs/protocol.md, "What WWE sends"): the session's settings end with it.
    session.close();
    return { UnregisterDnResult: true };
  };
  const setMute = async (muted: boolean): Promise<unknown> => {
    await relay.request('setMute', { muted });
    return {};
  };
  const row = (method: Route['method'], path: string, handle: Route['handle']): Route => ({
    method,
    path,
    access: 'wwe',
    grade: 'GUESS',
    handle,
  });
  return [
    row('POST', '/UnregisterDn/', unregister),
    row('GET', '/GetMicrophoneState', () => ({ get_MicrophoneStateResult: currentCallMuted(relay.snapshot) })),
    row('GET', '/GetSpeakerState', () => ({ get_SpeakerStateResult: audio().speaker.muted })),
    row('GET', '/GetMicrophoneVolume', () => ({ get_MicrophoneVolumeResult: audio().microphone.volume })),
    row('GET', '/GetSpeakerVolume', () => ({ get_SpeakerVolumeResult: audio().speaker.volume })),
    row('POST', '/MuteMicrophone', () => setMute(true)),
    row('POST', '/UnmuteMicrophone', () => setMute(false)),
    row('POST', '/MuteSpeaker', () => changeAudio({ speaker: { muted: true } })),
    row('POST', '/UnmuteSpeaker', () => changeAudio({ speaker: { muted: false } })),
    row('POST', '/SetMicrophoneVolume', ({ body }) =>
      changeAudio({ microphone: { volume: parseBody(VolumeBody, body).value } }),
    ),
    row('POST', '/SetSpeakerVolume', ({ body }) =>
      changeAudio({ speaker: { volume: parseBody(VolumeBody, body).value } }),
    ),
  ];
}
