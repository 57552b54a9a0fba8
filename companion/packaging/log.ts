/**
 * Console output of the packaging scripts (the only file here allowed to print): plain lines and timed
 * steps, so `npm run package` and `npm run test:package` report where the time goes.
 */

export function say(line: string): void {
  console.log(line);
}

export function warn(line: string): void {
  console.warn(`warning: ${line}`);
}

/** Runs `work`, printing `name … 1.23 s`; returns its result and the elapsed seconds. */
export async function timed<T>(name: string, work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${name.padEnd(44)} ${seconds.toFixed(2)} s`);
  return { value, seconds };
}
