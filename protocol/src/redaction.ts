/**
 * The one redaction rule of both loggers (the companion's JSON lines and the PWA's console): a field
 * whose name looks like a credential is masked at any depth, and in every string the `pair.<secret>`
 * subprotocol value, SIP digest `response=`/`nonce=` values and every registered secret value are
 * blanked. The loggers apply it to every record; call sites never redact by hand.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /secret|passw|token|authori[sz]ation|cookie|sec-websocket-protocol|credential|api[-_]?key|^ha1$/i;
const MAX_DEPTH = 6;

/** Values the logger was told never to write (the pairing secret, the extension token). */
export type SecretValues = ReadonlySet<string>;
const NO_SECRETS: SecretValues = new Set();

/** Blanks secrets inside free text. */
export function redactText(text: string, secrets: SecretValues = NO_SECRETS): string {
  let out = text
    .replace(/pair\.[^\s,"']+/g, `pair.${REDACTED}`)
    .replace(/(response|nonce)="[^"]*"/gi, `$1="${REDACTED}"`);
  for (const secret of secrets) {
    if (out.includes(secret)) {
      out = out.split(secret).join(REDACTED);
    }
  }
  return out;
}

/**
 * A JSON-safe copy of `value` with credential-named fields masked and secrets blanked in every
 * string. Errors become `{ name, message, code?, stack }`; cycles and depth beyond 6 are cut.
 */
/** `maxDepth`: deeper values become '[truncated]' (log records keep the default; a support bundle is whole). */
export function redact(value: unknown, secrets: SecretValues = NO_SECRETS, maxDepth = MAX_DEPTH): unknown {
  return redactAt(value, secrets, 0, new WeakSet(), maxDepth);
}

function redactAt(
  value: unknown,
  secrets: SecretValues,
  depth: number,
  seen: WeakSet<object>,
  maxDepth: number,
): unknown {
  if (typeof value === 'string') {
    return redactText(value, secrets);
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value !== 'object') {
    return undefined;
  }
  if (depth >= maxDepth) {
    return '[truncated]';
  }
  if (seen.has(value)) {
    return '[cycle]';
  }
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const plain = { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
    return redactAt({ ...plain, stack: value.stack }, secrets, depth + 1, seen, maxDepth);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactAt(item, secrets, depth + 1, seen, maxDepth));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const isSet = item !== undefined && item !== null && item !== '';
    out[key] = SECRET_KEY.test(key) && isSet ? REDACTED : redactAt(item, secrets, depth + 1, seen, maxDepth);
  }
  return out;
}
