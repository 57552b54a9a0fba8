/**
 * Bounds for JSON values the companion stores and shows again (SetOptions, SetSIPEndpointParameters):
 * a value nested too deeply would overflow the stack when a page serializes it.
 */
import * as v from 'valibot';

export const MAX_JSON_DEPTH = 8;
export const MAX_JSON_VALUES = 1_000;

/** True when `value` nests at most `maxDepth` levels and holds at most `maxValues` values (walked without recursion). */
export function withinBounds(value: unknown, maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  let seen = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    seen++;
    if (seen > maxValues || depth > maxDepth) {
      return false;
    }
    if (typeof item === 'object' && item !== null) {
      for (const child of Object.values(item)) {
        pending.push([child, depth + 1]);
      }
    }
  }
  return true;
}

/** A valibot check that a value (of any schema) stays within the bounds above. */
export function boundedJson<T>(): v.CheckAction<T, string> {
  return v.check<T, string>(
    (value) => withinBounds(value),
    `must nest at most ${MAX_JSON_DEPTH} levels and hold at most ${MAX_JSON_VALUES} values`,
  );
}
