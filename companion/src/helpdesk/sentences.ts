/**
 * Journal entries as plain sentences for a helpdesk, each with a category the dashboard filters on.
 */
import type { CallSnapshot, MediaAlarm, RegistrationSnapshot } from '../../../protocol/src/index.ts';
import { callFlags, CLOSE_CODES } from '../../../protocol/src/index.ts';
import type { CompanionEvent } from '../events.ts';
import type { JournalEntry, QualitySummary } from './journal.ts';
import { formatWhen, type WhenOptions } from './when.ts';

export const CATEGORIES = ['calls', 'registration', 'softphone', 'wwe'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Sentence {
  at: number;
  /** `at` for people ("14:03:12", "yesterday 09:12"). */
  when: string;
  category: Category;
  text: string;
}

const mos = (n: number): string => n.toFixed(1);

const CLOSE_MEANINGS: Record<number, string> = {
  1000: 'closed normally',
  1001: 'the page was closed or reloaded',
  1006: 'the connection dropped',
  [CLOSE_CODES.REPLACED]: 'another softphone window took over',
};

function linkSentence(event: Extract<CompanionEvent, { type: 'pwa-link' }>): string {
  if (event.state === 'connected') {
    return `The softphone connected${event.appVersion ? ` (version ${event.appVersion})` : ''}.`;
  }
  const meaning = event.code === undefined ? undefined : (CLOSE_MEANINGS[event.code] ?? `code ${event.code}`);
  return `The softphone disconnected${meaning ? ` (${meaning})` : ''}.`;
}

export function registrationSentence(reg: RegistrationSnapshot | null): string {
  if (reg === null) {
    return 'No softphone is connected, so the registration is unknown.';
  }
  switch (reg.state) {
    case 'unregistered':
      return 'No DN is registered.';
    case 'registering':
      return `Registering DN ${reg.dn} at ${reg.server}…`;
    case 'registered':
      return `DN ${reg.dn} is registered at ${reg.server}.`;
    case 'failed':
      return `Registration of DN ${reg.dn} failed: ${reg.cause}.`;
    case 'unregistering':
      return `Unregistering DN ${reg.dn}…`;
  }
}

const CALL_STATES: Record<CallSnapshot['state'], string> = {
  incoming: 'is ringing here',
  dialing: 'is being dialled',
  ringing: 'is ringing at the other end',
  answering: 'is being answered',
  active: 'is connected',
  ending: 'is hanging up',
  ended: 'ended',
};

export function callSentence(call: CallSnapshot): string {
  const who = call.displayName ? `${call.displayName} (${call.remote})` : call.remote;
  const what = call.direction === 'inbound' ? `Incoming call from ${who}` : `Outgoing call to ${who}`;
  const { isHeld, isMuted } = callFlags(call);
  const flags = [isHeld ? 'on hold' : '', isMuted ? 'muted' : ''].filter(Boolean);
  const ended = call.state === 'ended' && call.endCause ? ` (${call.endCause})` : '';
  return `${what} ${CALL_STATES[call.state]}${ended}${flags.length ? `, ${flags.join(' and ')}` : ''}.`;
}

export function qualitySentence(q: QualitySummary): string {
  const [low, high] = [mos(q.minMos), mos(q.maxMos)];
  const range = low === high ? `MOS ${low}` : `MOS ${low}–${high}`;
  const samples = q.samples === 1 ? '1 sample' : `${q.samples} samples`;
  return `Call quality with ${q.remote}: ${range} over ${samples}; worst packet loss ${q.worstLossPercent.toFixed(1)} %, worst jitter ${Math.round(q.worstJitterMs)} ms.`;
}

const ALARMS: Record<MediaAlarm, [raised: string, cleared: string]> = {
  'rtp-inactivity': ['hears nothing: no audio has arrived from the other side', 'hears the other side again'],
  'voice-quality': ['raised a voice-quality alarm', 'is back above the voice-quality threshold'],
};

export function alarmSentence(event: Extract<CompanionEvent, { type: 'call-alarm' }>): string {
  const [raised, cleared] = ALARMS[event.alarm];
  const since =
    event.isRaised && event.silentSince !== undefined
      ? ` for ${Math.round((event.at - event.silentSince) / 1000)} s`
      : '';
  const score = event.alarm === 'voice-quality' && event.mos !== undefined ? ` (MOS ${mos(event.mos)})` : '';
  return `The call with ${event.remote} ${event.isRaised ? raised : cleared}${since}${score}.`;
}

function eventSentence(event: CompanionEvent): { category: Category; text: string } {
  switch (event.type) {
    case 'pwa-link':
      return { category: 'softphone', text: linkSentence(event) };
    case 'registration':
      return { category: 'registration', text: registrationSentence(event.registration) };
    case 'call':
      return { category: 'calls', text: callSentence(event.call) };
    case 'call-alarm':
      return { category: 'calls', text: alarmSentence(event) };
    case 'wwe-session':
      return {
        category: 'wwe',
        text:
          event.state === 'active'
            ? `WWE signed in and pings the companion${event.periodMs ? ` every ${Math.round(event.periodMs / 1000)} s` : ''}.`
            : event.state === 'lost'
              ? 'WWE stopped pinging the companion (WWE was closed or lost its connection).'
              : 'WWE is not signed in.',
      };
    case 'wwe-register':
      return { category: 'wwe', text: `WWE asked for DN ${event.dn} at ${event.server}.` };
    case 'wwe-unregister':
      return { category: 'wwe', text: 'WWE asked to unregister the DN.' };
  }
}

/** One sentence per entry, newest first. */
export function describeJournal(entries: readonly JournalEntry[], now: number, zone: WhenOptions = {}): Sentence[] {
  return entries
    .map((entry) => {
      const { category, text } =
        entry.kind === 'quality'
          ? { category: 'calls' as const, text: qualitySentence(entry) }
          : eventSentence(entry.event);
      return { at: entry.at, when: formatWhen(entry.at, now, zone), category, text };
    })
    .reverse();
}
