/**
 * Connector v2's `GET /session` body from the PWA's snapshot (docs/protocol.md, section 1a). The documented shape
 * names the fields but gives no enum values; the ones chosen here are the obvious ones and live in
 * this file only (docs/protocol.md lists them as not confirmed on the wire).
 */
import {
  INITIAL_AUDIO_STATE,
  MOS_WARNING_THRESHOLD,
  currentCall,
  type CallSnapshot,
  type PhoneSnapshot,
  type RegistrationSnapshot,
} from '../../../protocol/src/index.ts';

/** `phone.calls[].state` (not confirmed on the wire). */
export const V2_CALL_STATES = {
  incoming: 'RINGING',
  dialing: 'DIALING',
  ringing: 'RINGBACK',
  answering: 'ANSWERING',
  active: 'ESTABLISHED',
  held: 'HELD',
  ending: 'RELEASING',
  ended: 'RELEASED',
} as const;

/** `connectivities.connections[].state` (not confirmed on the wire; `NONE` is the docs' placeholder). */
export const V2_CONNECTION_STATES = {
  unregistered: 'NONE',
  registering: 'REGISTERING',
  registered: 'REGISTERED',
  failed: 'FAILED',
  unregistering: 'UNREGISTERING',
} as const satisfies Record<RegistrationSnapshot['state'], string>;

/** `status` (not confirmed on the wire): the softphone can take calls, is linked but cannot, or is not linked. */
export const V2_STATUS = { active: 'ACTIVE', inactive: 'INACTIVE', disconnected: 'DISCONNECTED' } as const;

function callState(call: CallSnapshot): string {
  return call.state === 'active' && call.isHeld ? V2_CALL_STATES.held : V2_CALL_STATES[call.state];
}

export interface SessionInputs {
  snapshot: PhoneSnapshot | null;
  isActive: boolean;
  isLinked: boolean;
  /** The slots WWE asked for, for the connections list before the PWA reports them. */
  wanted: readonly { address: string; user: string }[];
}

export function sessionBody({ snapshot, isActive, isLinked, wanted }: SessionInputs): unknown {
  const { speaker, microphone, headsetUsed } = snapshot?.audio ?? INITIAL_AUDIO_STATE;
  const call = snapshot ? currentCall(snapshot.calls) : undefined;
  const quality = call?.state === 'active' ? call.quality : undefined;
  const connections = snapshot
    ? snapshot.slots.map(({ registration: reg }) => ({
        server: reg.state === 'unregistered' ? '' : reg.server,
        user: reg.state === 'unregistered' ? '' : reg.dn,
        state: V2_CONNECTION_STATES[reg.state],
      }))
    : wanted.map((slot) => ({ server: slot.address, user: slot.user, state: V2_CONNECTION_STATES.unregistered }));
  return {
    devices: { speaker, microphone, headset_used: headsetUsed },
    phone: {
      local_mos: quality?.mos ?? 0,
      local_inter_mos: quality?.mos ?? 0,
      rtt_ms: quality?.rttMs ?? 0,
      vq_alarm_on: quality !== undefined && (quality.vqAlarm ?? quality.mos < MOS_WARNING_THRESHOLD),
      calls: (snapshot?.calls ?? []).map((c) => ({ state: callState(c), uuid: c.genesysCallUuid ?? c.callId })),
    },
    connectivities: { protocol: 'wss', connections },
    status: isActive ? V2_STATUS.active : isLinked ? V2_STATUS.inactive : V2_STATUS.disconnected,
  };
}
