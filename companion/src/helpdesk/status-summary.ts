/**
 * The dashboard's status table in sentences: one line per row, keyed by the row's element id.
 */
import { answeredAtOf, homeRegistration, type CallSnapshot, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import type { WweSessionName as WweSessionStateName } from '../../../protocol/src/index.ts';
import type { PwaLink } from '../relay/relay.ts';
import { callSentence, registrationSentence } from './sentences.ts';

/** One sentence per registration slot; with two, each says which site it is (Business Continuity). */
function slotsSentence(snapshot: PhoneSnapshot | null): string {
  if (!snapshot || snapshot.slots.length < 2) {
    return registrationSentence(homeRegistration(snapshot));
  }
  return snapshot.slots
    .map(({ registration }, i) => `${i === 0 ? 'Home site' : 'Peer site'}: ${registrationSentence(registration)}`)
    .join(' ');
}
import { formatDuration, formatWhen } from './when.ts';

export interface SummaryInput {
  link: PwaLink | null;
  snapshot: PhoneSnapshot | null;
  /** The DN WWE asked for with RegisterDn in this companion's lifetime, if any. */
  wweAskedForDn: string | null;
  /** The DN the companion keeps from the softphone's own report (no RegisterDn since it started). */
  adoptedDn: string | null;
  wweSession: WweSessionStateName;
  pingPeriodMs: number;
  certificate: { daysLeft: number };
  validToForPeople: string;
  now: number;
}

export type StatusSummary = Record<'softphone' | 'registration' | 'wwe' | 'gateway' | 'call' | 'certificate', string>;

const GATEWAY: Record<PhoneSnapshot['transport'], string> = {
  connected: 'The softphone is connected to the WebRTC gateway.',
  connecting: 'The softphone is connecting to the WebRTC gateway…',
  disconnected: 'The softphone cannot reach the WebRTC gateway.',
};

const HEADSET_MISSING =
  ' It refuses calls and WWE hears it is not active: no headset matching the contact center’s headset rule is connected.';

function wweSentence(input: SummaryInput): string {
  const session =
    input.wweSession === 'active'
      ? `WWE is signed in (pings every ${Math.round(input.pingPeriodMs / 1000)} s)`
      : input.wweSession === 'lost'
        ? 'WWE stopped pinging (closed, or lost its connection)'
        : 'WWE has not called the companion since it started';
  if (input.wweAskedForDn !== null) {
    return `${session}; WWE asked for DN ${input.wweAskedForDn}.`;
  }
  if (input.adoptedDn !== null) {
    return `${session}; WWE has not asked for a DN yet, so the companion keeps DN ${input.adoptedDn} that the softphone had registered.`;
  }
  return `${session}; WWE has not asked for a DN yet.`;
}

export function statusSummary(input: SummaryInput): StatusSummary {
  const { link, snapshot, now } = input;
  const call = snapshot?.calls[0];
  return {
    softphone: link
      ? `Connected since ${formatWhen(link.connectedAt, now)} (softphone version ${link.appVersion}).${snapshot?.headsetMissing ? HEADSET_MISSING : ''}`
      : 'No softphone is connected. Open the softphone in the browser and pair it in its Settings.',
    registration: slotsSentence(snapshot),
    wwe: wweSentence(input),
    gateway: snapshot ? GATEWAY[snapshot.transport] : 'Unknown: no softphone is connected.',
    call: call ? `${callSentence(call)}${talkingSince(call, now) ?? ''}` : 'No call.',
    certificate:
      input.certificate.daysLeft >= 0
        ? `Valid until ${input.validToForPeople} (${input.certificate.daysLeft} days left).`
        : 'Expired or unreadable: repair the installation (msiexec /fa) to renew it.',
  };
}

function talkingSince(call: CallSnapshot, now: number): string | undefined {
  const answeredAt = answeredAtOf(call);
  return answeredAt === undefined ? undefined : ` Talking for ${formatDuration(now - answeredAt)}.`;
}
