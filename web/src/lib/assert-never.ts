/** Exhaustiveness guard for `switch` statements over discriminants (house style §6.8). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
