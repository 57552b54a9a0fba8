/**
 * A tiny check runner for the packaging checks: named steps in groups, each timed; after a failed step
 * the rest of its group is reported as failed ("not run"), so a broken install never shows green
 * upgrade checks. Ends with `N passed, N failed`.
 */
import { say } from './log.ts';

export interface Outcome {
  group: string;
  name: string;
  ok: boolean;
  seconds: number;
  detail?: string;
}

export class Checklist {
  readonly outcomes: Outcome[] = [];
  private broken = new Set<string>();

  async step(
    group: string,
    name: string,
    work: () => Promise<string | undefined | void> | string | undefined | void,
  ): Promise<boolean> {
    if (this.broken.has(group)) {
      this.record({ group, name, ok: false, seconds: 0, detail: 'not run: an earlier step of this group failed' });
      return false;
    }
    const started = performance.now();
    try {
      const detail = (await work()) ?? undefined;
      this.record({ group, name, ok: true, seconds: (performance.now() - started) / 1000, detail });
      return true;
    } catch (error) {
      this.broken.add(group);
      const detail = error instanceof Error ? error.message : String(error);
      this.record({ group, name, ok: false, seconds: (performance.now() - started) / 1000, detail });
      return false;
    }
  }

  private record(outcome: Outcome): void {
    this.outcomes.push(outcome);
    const mark = outcome.ok ? 'ok  ' : 'FAIL';
    say(`  ${mark} ${outcome.group}: ${outcome.name} (${outcome.seconds.toFixed(2)} s)`);
    if (outcome.detail) {
      say(`       ${outcome.detail.split('\n').join('\n       ')}`);
    }
  }

  summary(): { passed: number; failed: number } {
    const passed = this.outcomes.filter((o) => o.ok).length;
    return { passed, failed: this.outcomes.length - passed };
  }
}

/** Throws `message` unless `condition` holds. */
export function assertThat(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}
