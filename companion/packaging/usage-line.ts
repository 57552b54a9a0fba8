/**
 * A packaged executable's `--help` must say how to start it: its first `Usage:` line names the
 * executable itself, never the source entry point a developer runs with tsx.
 */
import { assertThat } from './checklist.ts';

/** Asserts the first `Usage:` line of `help` names `exeName`; returns that line for the checklist. */
export function assertUsageNamesExe(help: string, exeName: string): string {
  // trimEnd: a Windows program may end its lines with \r\n.
  const usage = /^Usage: .*$/m.exec(help)?.[0].trimEnd();
  assertThat(usage === `Usage: ${exeName} [options]`, `help says "${usage}"`);
  return usage;
}
