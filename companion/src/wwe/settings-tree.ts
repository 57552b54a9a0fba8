/**
 * The endpoint's settings tree, as Genesys Softphone keeps it: SetOptions merges keys into it
 * (`domain.section[.subsection].setting`; dots and colons are the same separator; case kept as sent),
 * WWE's flat legacy keys land at their place, unknown keys are stored and never refused. Values stay
 * as sent (string, number or boolean); nested objects are flattened into dotted keys, within bounds,
 * so nothing WWE sends can grow the tree without limit.
 */

export type SettingValue = string | number | boolean;
export type SettingsTree = Readonly<Record<string, SettingValue>>;

/** Bounds on what one settings tree may hold. */
export const TREE_LIMITS = { maxDepth: 4, maxKeys: 512, maxKeyLength: 200, maxValueLength: 2048 } as const;

/**
 * WWE's flat keys (as its SetOptions sends them: test/fixtures/wwe-set-options.ts) and where they
 * live in the tree. The `sipendpoint` domain holds
 * WWE's own options; a bare policy name is the Softphone's `policy.session` setting.
 */
const LEGACY_KEYS: Readonly<Record<string, string>> = {
  uri: 'sipendpoint.uri',
  'sip-server-address': 'sipendpoint.sip-server-address',
  'register-interval': 'sipendpoint.register-interval',
  'register-max-attempts': 'sipendpoint.register-max-attempts',
  'wait-user-max-attempts': 'sipendpoint.wait-user-max-attempts',
  'ping-interval': 'sipendpoint.ping-interval',
  'max-failed-ping': 'sipendpoint.max-failed-ping',
  'transport-protocol': 'sipendpoint.transport-protocol',
  'headset-unplugged-set-not-ready': 'sipendpoint.headset-unplugged-set-not-ready',
  'sbc-register-address': 'sipendpoint.sbc-register-address',
  'sbc-register-address.peer': 'sipendpoint.sbc-register-address.peer',
  'sbc-register-port': 'sipendpoint.sbc-register-port',
  'sbc-register-port.peer': 'sipendpoint.sbc-register-port.peer',
  noise_suppression: 'policy.session.noise_suppression',
  auto_answer: 'policy.session.auto_answer',
  agc_mode: 'policy.session.agc_mode',
  echo_control: 'policy.session.echo_control',
  dtmf_method: 'policy.session.dtmf_method',
};

/** A key WWE sent, at its place in the tree: separators unified, legacy names mapped, case kept. */
export function treeKey(raw: string): string {
  const key = raw
    .trim()
    .replace(/:/g, '.')
    .replace(/^sipendpoint\.policy\./i, 'policy.');
  return LEGACY_KEYS[key.toLowerCase()] ?? key;
}

/** Why a key WWE sent was not stored. */
export interface SkippedKey {
  key: string;
  reason: string;
}

export interface MergeResult {
  tree: SettingsTree;
  changed: string[];
  skipped: SkippedKey[];
}

/** Merges SetOptions' `value` into `tree`: a new tree, the keys whose value changed, and what was skipped. */
export function mergeIntoTree(tree: SettingsTree, value: Readonly<Record<string, unknown>>): MergeResult {
  const next: Record<string, SettingValue> = { ...tree };
  const changed: string[] = [];
  const skipped: SkippedKey[] = [];
  const visit = (prefix: string, node: unknown, depth: number): void => {
    if (isPlainObject(node)) {
      if (depth >= TREE_LIMITS.maxDepth) {
        skipped.push({ key: prefix, reason: `nested deeper than ${TREE_LIMITS.maxDepth} levels` });
        return;
      }
      for (const [name, child] of Object.entries(node)) {
        visit(prefix === '' ? name : `${prefix}.${name}`, child, depth + 1);
      }
      return;
    }
    const key = treeKey(prefix);
    const problem = storeProblem(key, node, next);
    if (problem) {
      skipped.push({ key: prefix, reason: problem });
      return;
    }
    const scalar = node as SettingValue;
    if (next[key] !== scalar) {
      next[key] = scalar;
      changed.push(key);
    }
  };
  visit('', value, 0);
  return { tree: next, changed, skipped };
}

function storeProblem(key: string, value: unknown, tree: Record<string, SettingValue>): string | undefined {
  if (key === '' || key.length > TREE_LIMITS.maxKeyLength) {
    return `a key must have 1 to ${TREE_LIMITS.maxKeyLength} characters`;
  }
  if (typeof value === 'string') {
    if (value.length > TREE_LIMITS.maxValueLength) {
      return `a value may have at most ${TREE_LIMITS.maxValueLength} characters`;
    }
  } else if (typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
    return 'a value must be a string, a finite number or a boolean';
  }
  if (!(key in tree) && Object.keys(tree).length >= TREE_LIMITS.maxKeys) {
    return `the settings tree holds at most ${TREE_LIMITS.maxKeys} keys`;
  }
  return undefined;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
