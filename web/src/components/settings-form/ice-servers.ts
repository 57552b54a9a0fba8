/**
 * The STUN/TURN editor's text form: one URL per line, with one TURN user name and password applied to
 * every turn:/turns: line. Pure, unit-tested.
 */
import { iceServerUrls, isTurnUrl } from '../../settings/ice-server-urls.ts';
import type { Settings } from '../../settings/settings.ts';

type IceServer = Settings['iceServers'][number];

/** The text's STUN/TURN URLs; anything else is ignored. */
function iceUrls(text: string): string[] {
  return text
    .split(/\s+/)
    .map((line) => line.trim())
    .filter((line) => /^(stun|stuns|turn|turns):/i.test(line));
}

export function iceServersToText(servers: readonly IceServer[]): { urls: string; username: string } {
  return {
    urls: iceServerUrls(servers).join('\n'),
    username: servers.find((server) => server.username)?.username ?? '',
  };
}

/** `credential` empty keeps the previously stored TURN password. */
export function iceServersFromText(
  text: string,
  username: string,
  credential: string,
  previous: readonly IceServer[],
): IceServer[] {
  const keptCredential = credential || previous.find((server) => server.credential)?.credential;
  return iceUrls(text).map((url) =>
    isTurnUrl(url) && username
      ? { urls: url, username, ...(keptCredential ? { credential: keptCredential } : {}) }
      : { urls: url },
  );
}

/** The TURN URLs that would be saved without a user name (the browser refuses a TURN server without one). */
export function turnUrlsWithoutUser(text: string, username: string): string[] {
  return username.trim() ? [] : iceUrls(text).filter(isTurnUrl);
}
