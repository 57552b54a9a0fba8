/**
 * Is a DNS name a public suffix (`com`, `co.uk`, `github.io`, a bare TLD)? A gateway name becomes a
 * permitted subtree of the local CA's name constraints, so a public suffix there would let the CA vouch
 * for every site registered under it. Names a company can own internally are below a public suffix.
 *
 * The rules are the Public Suffix List (https://publicsuffix.org/list/), read from the copy the operating
 * system keeps (Debian/Ubuntu package `publicsuffix`); the list is not bundled, so it is as current as the
 * system's. Without the list, only names under the special-use and private-use domains below can be
 * checked; any other name is refused with an error that says how to proceed. Pure except `loadPublicSuffixList`.
 */
import { readFileSync } from 'node:fs';

/** Where Linux distributions install the list (Debian/Ubuntu `publicsuffix`, Fedora `publicsuffix-list`). */
export const PUBLIC_SUFFIX_LIST_PATHS: readonly string[] = [
  '/usr/share/publicsuffix/public_suffix_list.dat',
  '/usr/share/publicsuffix/effective_tld_names.dat',
];

/**
 * Special-use and private-use domains that no registry delegates (RFC 6761 `test`, `example`, `invalid`,
 * `localhost`; RFC 8375 `home.arpa`; ICANN's 2024 reservation of `internal`): a name below one of them can
 * only be the company's own, whatever the list says.
 */
export const PRIVATE_USE_DOMAINS: readonly string[] = [
  'test',
  'example',
  'invalid',
  'localhost',
  'internal',
  'home.arpa',
];

export interface PublicSuffixRules {
  exact: ReadonlySet<string>;
  /** `*.ck` is stored as `ck`. */
  wildcard: ReadonlySet<string>;
  /** `!www.ck` is stored as `www.ck`. */
  exception: ReadonlySet<string>;
}

/** Parses the list's text format: one rule per line, `//` comments, `*.` wildcards and `!` exceptions. */
export function parsePublicSuffixList(text: string): PublicSuffixRules {
  const exact = new Set<string>();
  const wildcard = new Set<string>();
  const exception = new Set<string>();
  for (const raw of text.split('\n')) {
    const rule = raw.trim().split(/\s/)[0]?.toLowerCase() ?? '';
    if (rule === '' || rule.startsWith('//')) {
      continue;
    }
    if (rule.startsWith('!')) {
      exception.add(rule.slice(1));
    } else if (rule.startsWith('*.')) {
      wildcard.add(rule.slice(2));
    } else {
      exact.add(rule);
    }
  }
  return { exact, wildcard, exception };
}

/**
 * True when `name` (lower case, no trailing dot, ASCII/punycode) is itself a public suffix under `rules`,
 * following the list's algorithm: exceptions win, then exact and wildcard rules, and the implicit rule `*`
 * makes every single-label name (a TLD) a public suffix.
 */
export function isPublicSuffix(name: string, rules: PublicSuffixRules): boolean {
  if (rules.exception.has(name)) {
    return false;
  }
  const dot = name.indexOf('.');
  return dot < 0 || rules.exact.has(name) || rules.wildcard.has(name.slice(dot + 1));
}

/** True when `name` lies strictly below one of {@link PRIVATE_USE_DOMAINS}. */
export function isBelowPrivateUseDomain(name: string): boolean {
  return PRIVATE_USE_DOMAINS.some((domain) => name.endsWith(`.${domain}`));
}

/** Reads and parses the first list found at `paths`; `undefined` when none is readable. */
export function loadPublicSuffixList(
  paths: readonly string[] = PUBLIC_SUFFIX_LIST_PATHS,
): PublicSuffixRules | undefined {
  for (const file of paths) {
    try {
      return parsePublicSuffixList(readFileSync(file, 'utf8'));
    } catch {
      // try the next location
    }
  }
  return undefined;
}

/**
 * Why `name` may not be a gateway name, or `undefined` when it may. `rules` undefined means the list is not
 * available: then only names below a private-use domain pass.
 */
export function publicSuffixProblem(name: string, rules: PublicSuffixRules | undefined): string | undefined {
  const hint = 'pass --allow-public-suffix only if the CA must really vouch for every site under it';
  if (rules === undefined) {
    return isBelowPrivateUseDomain(name)
      ? undefined
      : `cannot check that gateway name "${name}" is not a public suffix: no Public Suffix List at ` +
          `${PUBLIC_SUFFIX_LIST_PATHS.join(' or ')} (Debian/Ubuntu: apt-get install publicsuffix); ` +
          `names below .${PRIVATE_USE_DOMAINS.join(', .')} need no list; ${hint}`;
  }
  return isPublicSuffix(name, rules)
    ? `gateway name "${name}" is a public suffix (anyone can register names under it), so the local CA would ` +
        `vouch for sites the company does not own; use a name the company owns, e.g. gateway.example.internal; ${hint}`
    : undefined;
}
