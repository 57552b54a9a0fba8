/**
 * The softphone's browser-policy self-checks, answered to the companion's connection test and so
 * carried by the support bundle (docs/browser-behaviour.md): the loopback permission as the link
 * policy reads it, and whether the ringer may play without a click.
 */
import { UNKNOWN_BROWSER_CHECKS, type AutoplayPolicy, type BrowserChecks } from '../../../protocol/src/index.ts';
import { loopbackPermission } from './link-policy.ts';
import { toneWav } from './ringtone-wav.ts';

/** What the browser said: its own answer, or how a silent play() ended. */
export type AutoplayAnswer = { policy: string } | { played: true } | { refused: string };

/** A play() still pending after this long (a background tab holds it until shown) tells nothing. */
const PROBE_TIMEOUT_MS = 1_000;

/** The check's value for an answer. Only a refusal by the autoplay policy means `disallowed`. */
export function autoplayFrom(answer: AutoplayAnswer): AutoplayPolicy {
  if ('policy' in answer) {
    return answer.policy === 'allowed' || answer.policy === 'allowed-muted' || answer.policy === 'disallowed'
      ? answer.policy
      : 'unknown';
  }
  if ('played' in answer) {
    return 'allowed';
  }
  return answer.refused === 'NotAllowedError' ? 'disallowed' : 'unknown';
}

/**
 * Plays 50 ms of tone at volume 0 through an unmuted element: the autoplay policy looks at `muted`,
 * not the volume, so this is refused exactly when the ringer would be, and nobody hears it.
 */
async function silentPlay(): Promise<AutoplayAnswer> {
  const url = URL.createObjectURL(new Blob([toneWav(440, 0.05)], { type: 'audio/wav' }));
  const audio = new Audio(url);
  audio.volume = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<AutoplayAnswer>((resolve) => {
    timer = setTimeout(() => resolve({ refused: 'timeout' }), PROBE_TIMEOUT_MS);
  });
  const played = audio.play().then(
    (): AutoplayAnswer => ({ played: true }),
    (error: unknown): AutoplayAnswer => ({ refused: error instanceof DOMException ? error.name : 'error' }),
  );
  try {
    return await Promise.race([played, timeout]);
  } finally {
    clearTimeout(timer);
    audio.pause();
    URL.revokeObjectURL(url);
  }
}

type AutoplayReader = { getAutoplayPolicy?: (type: 'mediaelement') => string };

/** The browser's own answer where it has `navigator.getAutoplayPolicy` (not Chromium), else a silent play(). */
export async function autoplayPolicy(
  nav: AutoplayReader = navigator as AutoplayReader,
  probe: () => Promise<AutoplayAnswer> = silentPlay,
): Promise<AutoplayPolicy> {
  try {
    return autoplayFrom(
      typeof nav.getAutoplayPolicy === 'function' ? { policy: nav.getAutoplayPolicy('mediaelement') } : await probe(),
    );
  } catch {
    return UNKNOWN_BROWSER_CHECKS.autoplay;
  }
}

export async function readBrowserChecks(): Promise<BrowserChecks> {
  const [localNetworkAccess, autoplay] = await Promise.all([loopbackPermission(), autoplayPolicy()]);
  return { localNetworkAccess, autoplay };
}
