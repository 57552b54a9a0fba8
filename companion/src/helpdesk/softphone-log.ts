/**
 * The softphone's recent log lines for the support bundle: fetched page by page over the relay
 * (`getLog`, protocol/src/pwa-log.ts) from the newest back, and written as one line of text each,
 * oldest first. The bundle's redaction blanks every secret the companion knows in them too.
 */
import type { CommandParams, CommandResult, PwaLogLine } from '../../../protocol/src/index.ts';

/** Enough pages for the PWA's whole bounded log (2,000 lines of at most 1,000 characters). */
const MAX_PAGES = 60;

export type LogPageRequest = (params: CommandParams<'getLog'>) => Promise<CommandResult<'getLog'>>;

export const softphoneLogLine = (line: PwaLogLine): string =>
  `${new Date(line.at).toISOString()} ${line.level} [${line.namespace}] ${line.text}`;

/** The lines, oldest first, or why they could not be fetched. */
export async function fetchSoftphoneLog(request: LogPageRequest): Promise<string[] | { unavailable: string }> {
  const pages: PwaLogLine[][] = [];
  let beforeId: number | undefined;
  try {
    for (let n = 0; n < MAX_PAGES; n++) {
      const page = await request(beforeId === undefined ? {} : { beforeId });
      pages.unshift(page.lines);
      const oldest = page.lines[0];
      if (!page.more || !oldest) {
        break;
      }
      beforeId = oldest.id;
    }
  } catch (err) {
    return { unavailable: err instanceof Error ? err.message : String(err) };
  }
  return pages.flat().map(softphoneLogLine);
}
