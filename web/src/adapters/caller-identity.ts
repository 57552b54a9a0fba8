/**
 * The caller's display name on an incoming INVITE: P-Asserted-Identity's (RFC 3325, the identity the
 * network vouches for, which Genesys SIP Server and carriers set) when present, else From's. Pure.
 */

/** The display name of one name-addr (`"Alice Smith" <sip:…>`, `Alice <sip:…>`), or undefined. */
function displayNameOf(nameAddr: string): string | undefined {
  const quoted = /^\s*"((?:[^"\\]|\\.)*)"\s*</.exec(nameAddr);
  if (quoted) {
    return (quoted[1] ?? '').replace(/\\(.)/g, '$1').trim() || undefined;
  }
  const token = /^\s*([^<"]*?)\s*</.exec(nameAddr);
  const name = token?.[1];
  return name === '' ? undefined : name;
}

/** Splits a header value on the commas between name-addrs, not those inside quotes or angle brackets. */
function nameAddrs(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  let inBrackets = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuotes && c === '\\') {
      current += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"' && !inBrackets) {
      inQuotes = !inQuotes;
    } else if (!inQuotes && (c === '<' || c === '>')) {
      inBrackets = c === '<';
    } else if (c === ',' && !inQuotes && !inBrackets) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  return [...parts, current];
}

/**
 * `assertedIdentities`: the P-Asserted-Identity header values (JsSIP's getHeaders); `fromDisplayName`:
 * From's display name. The first asserted identity with a display name wins.
 */
export function callerDisplayName(
  assertedIdentities: readonly string[],
  fromDisplayName: string | undefined,
): string | undefined {
  for (const value of assertedIdentities) {
    for (const nameAddr of nameAddrs(value)) {
      const name = displayNameOf(nameAddr);
      if (name) {
        return name;
      }
    }
  }
  return fromDisplayName === '' ? undefined : fromDisplayName;
}
