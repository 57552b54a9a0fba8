/**
 * The companion's configuration: one schema, one defaults object, and three sources layered on top
 * (file `config.json` in the app-data folder, `WGB_*` environment variables, CLI flags — later wins).
 * Only main.ts calls `loadConfig`; everything else receives a validated `Config`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { COMMAND_NAMES, describeIssues, type CommandName } from '../../protocol/src/index.ts';
import { LOG_LEVELS } from './log.ts';

const OriginSchema = v.pipe(
  v.string(),
  v.check((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === s;
    } catch {
      return false;
    }
  }, 'must be an origin like https://host[:port] (scheme, host, optional port; no path or trailing slash)'),
);
const PortSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));
const PositiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));

const TimeoutsSchema = v.strictObject(
  Object.fromEntries(COMMAND_NAMES.map((name) => [name, v.optional(PositiveInt)])) as Record<
    CommandName,
    v.OptionalSchema<typeof PositiveInt, undefined>
  >,
);

export const ConfigSchema = v.strictObject({
  /** Loopback only (companion/README.md, "Security rules"). */
  host: v.picklist(['127.0.0.1', '::1']),
  port: PortSchema,
  /** Origins allowed to call the WWE legacy API (the WWE page). Empty = WWE cannot call. */
  wweOrigins: v.array(OriginSchema),
  /** Origins of the PWA: the only origins allowed on the relay WebSocket and /pair. */
  pwaOrigins: v.pipe(v.array(OriginSchema), v.minLength(1, 'must list at least one PWA origin')),
  /** URL of the PWA (dashboard link, opener). */
  pwaUrl: v.pipe(v.string(), v.url()),
  /** Open the PWA when RegisterDn arrives and no PWA is connected. Never run through a shell. */
  openPwa: v.union([
    v.literal(false),
    v.strictObject({
      command: v.optional(v.pipe(v.string(), v.minLength(1))),
      args: v.optional(v.array(v.string())),
      url: v.optional(v.pipe(v.string(), v.url())),
    }),
  ]),
  extensionApi: v.pipe(
    v.strictObject({
      enabled: v.boolean(),
      origins: v.array(OriginSchema),
      token: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
    }),
    v.check((e) => !e.enabled || e.token !== undefined, 'token: is required when extensionApi.enabled is true'),
  ),
  relay: v.strictObject({
    /**
     * Companion → PWA app-level ping period. The PWA answers from its JavaScript event loop, so a
     * frozen page (alive, event loop stuck) stops answering although its socket stays open.
     */
    pingIntervalMs: PositiveInt,
    /** No pong for this long → the PWA is unresponsive: WWE hears "not active" until the next pong. */
    unresponsiveAfterMs: PositiveInt,
    /** The link is closed (4004) after this many unanswered pings in a row. */
    maxMissedPongs: PositiveInt,
    /** How long a new connection may take to send `hello`. */
    helloTimeoutMs: PositiveInt,
    /** Per-command overrides of COMMAND_TIMEOUT_MS. */
    commandTimeoutsMs: TimeoutsSchema,
  }),
  wwe: v.strictObject({
    /** Ping period assumed until WWE sends SetPingPeriod or SetOptions ping-interval. */
    defaultPingPeriodMs: PositiveInt,
    /** Periods without Ping/GetSIPEndpointParameters before the WWE session is lost (SetOptions overrides). */
    maxFailedPing: PositiveInt,
    onSessionLost: v.picklist(['none', 'unregister']),
  }),
  limits: v.strictObject({
    bodyBytes: PositiveInt,
    /** A request body must arrive within this time (else 408). */
    bodyTimeoutMs: PositiveInt,
    rateWindowMs: PositiveInt,
    /** Requests per window for each admitted Origin, and for all requests without Origin together. */
    ratePerOrigin: PositiveInt,
    /** Requests refused by the Host/Origin checks per window before they are answered 429. */
    rateRefused: PositiveInt,
    /** Open connections (TLS sockets) at once; more are closed on accept. */
    connections: PositiveInt,
    /** Replaced by rateRefused (a shared limit let hostile pages starve WWE); still accepted, not used,
     * so a config file written for an earlier release keeps starting. */
    rateTotal: v.optional(PositiveInt),
  }),
  log: v.strictObject({
    level: v.picklist(LOG_LEVELS),
    file: v.optional(v.pipe(v.string(), v.minLength(1))),
    maxBytes: PositiveInt,
    maxFiles: PositiveInt,
  }),
  /** App-data folder: pairing secret, default config file. */
  dataDir: v.pipe(v.string(), v.minLength(1)),
  /** Certificates folder passed to ensureCertificates. */
  certsDir: v.pipe(v.string(), v.minLength(1)),
  /** Size of the recent-events ring buffer shown on the dashboard. */
  recentEvents: PositiveInt,
});

export type Config = v.InferOutput<typeof ConfigSchema>;

/** The OS app-data folder (team brief): %LOCALAPPDATA%, $XDG_DATA_HOME or ~/.local/share. */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'WebRTC Gateway Bridge');
  }
  if (platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'WebRTC Gateway Bridge');
  }
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'webrtc-gateway-bridge');
}

export function defaultConfig(dataDir: string): Config {
  return {
    host: '127.0.0.1',
    port: 8000,
    wweOrigins: [],
    pwaOrigins: ['https://127.0.0.1:8443'],
    pwaUrl: 'https://127.0.0.1:8443/',
    openPwa: false,
    extensionApi: { enabled: false, origins: [] },
    relay: {
      pingIntervalMs: 1_000,
      unresponsiveAfterMs: 2_000,
      maxMissedPongs: 30,
      helloTimeoutMs: 5_000,
      commandTimeoutsMs: {},
    },
    wwe: { defaultPingPeriodMs: 2_000, maxFailedPing: 10, onSessionLost: 'none' },
    limits: {
      bodyBytes: 16 * 1024,
      bodyTimeoutMs: 10_000,
      rateWindowMs: 10_000,
      ratePerOrigin: 300,
      rateRefused: 1_000,
      connections: 128,
    },
    log: { level: 'info', maxBytes: 5 * 1024 * 1024, maxFiles: 3 },
    dataDir,
    certsDir: join(dataDir, 'certs'),
    recentEvents: 100,
  };
}

type Kind = 'string' | 'int' | 'bool' | 'list';

/** Settings reachable from env and CLI: dotted config key, kind, help. Env is WGB_<KEY>, flag --<key>. */
export const SETTINGS: readonly { key: string; kind: Kind; help: string }[] = [
  { key: 'port', kind: 'int', help: 'HTTPS port on 127.0.0.1 (default 8000)' },
  { key: 'wweOrigins', kind: 'list', help: 'comma-separated origins of the WWE page allowed to call the WWE API' },
  { key: 'pwaOrigins', kind: 'list', help: 'comma-separated PWA origins (relay WebSocket, pairing)' },
  { key: 'pwaUrl', kind: 'string', help: 'URL of the PWA (dashboard link, opener)' },
  { key: 'openPwa.command', kind: 'string', help: 'browser executable used to open the PWA (enables the opener)' },
  { key: 'openPwa.url', kind: 'string', help: 'URL the opener opens (default pwaUrl; enables the opener)' },
  { key: 'extensionApi.enabled', kind: 'bool', help: 'enable the extension API (MakeCall, …, /events)' },
  { key: 'extensionApi.origins', kind: 'list', help: 'origins allowed to call the extension API' },
  { key: 'extensionApi.token', kind: 'string', help: 'token required in X-WGB-Token (at least 16 characters)' },
  { key: 'wwe.maxFailedPing', kind: 'int', help: 'missed WWE ping periods before the WWE session is lost' },
  { key: 'wwe.onSessionLost', kind: 'string', help: 'none | unregister' },
  { key: 'log.level', kind: 'string', help: 'debug | info | warn | error' },
  { key: 'log.file', kind: 'string', help: 'log file (rotated by size); default: stdout' },
  { key: 'dataDir', kind: 'string', help: 'app-data folder (pairing secret, config.json)' },
  { key: 'certsDir', kind: 'string', help: 'certificates folder' },
];

const toEnv = (key: string): string =>
  `WGB_${key
    .replace(/\./g, '_')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase()}`;
const toFlag = (key: string): string =>
  `--${key
    .replace(/\./g, '-')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()}`;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function coerce(kind: Kind, raw: string, where: string): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'int': {
      const n = Number(raw);
      if (!Number.isInteger(n)) {
        throw new ConfigError(`${where}: must be an integer, got "${raw}"`);
      }
      return n;
    }
    case 'bool':
      if (['1', 'true', 'yes', 'on', ''].includes(raw.toLowerCase())) {
        return true;
      }
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) {
        return false;
      }
      throw new ConfigError(`${where}: must be true or false, got "${raw}"`);
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      node[part] = {};
    }
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? key] = value;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep merge of plain objects; arrays and scalars replace. `openPwa: false` replaces an object. */
export function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeDeep(prev, value) : value;
  }
  return out;
}

/** The help text; `program` is how this process was started (the exe's file name when packaged). */
export function helpText(program: string): string {
  const rows = SETTINGS.map(
    (s) => `  ${`${toFlag(s.key)} <${s.kind}>`.padEnd(34)} ${toEnv(s.key).padEnd(28)} ${s.help}`,
  );
  return [
    'WebRTC Gateway Bridge companion: serves the WWE endpoint API on https://127.0.0.1:<port>',
    'and relays it to the PWA over wss://127.0.0.1:<port>/relay.',
    '',
    `Usage: ${program} [options]`,
    '',
    'Sources, later wins: defaults < config file < environment < flags.',
    '  --config <file>                    WGB_CONFIG                   config file (default <dataDir>/config.json)',
    '  --help                                                          this text',
    '  --supervise                                                     start the companion again whenever it stops unexpectedly',
    '                                                                  (1 s, doubling to 60 s; not after exit code 0, 2 or 3)',
    '  --autostart                                                     a start at logon: does nothing when the AutoStart policy is 0',
    '',
    'Exit codes: 0 stopped, 1 failed, 2 bad configuration, 3 the port is in use (another companion).',
    '',
    'Settings (flag, environment variable, meaning):',
    ...rows,
    '',
    'Every key of the config file (see companion/README.md) can be set in config.json.',
  ].join('\n');
}

/** Extra layers (Windows registry, read by main.ts): `machine` sits above the file, `policy` above everything. */
export interface ConfigOverlays {
  machine?: { source: string; values: Record<string, unknown> };
  policy?: { source: string; values: Record<string, unknown> };
}

export type LoadResult = { kind: 'help' } | { kind: 'config'; config: Config; sources: string[] };

/**
 * Builds the configuration from argv, env and the config file. Throws ConfigError with a message
 * naming the bad key and the source it came from.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv, overlays: ConfigOverlays = {}): LoadResult {
  const flags: Record<string, unknown> = {};
  let configFile = env.WGB_CONFIG;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      return { kind: 'help' };
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (name === '--config') {
      configFile = inline ?? argv[++i];
      if (!configFile) {
        throw new ConfigError('--config: needs a file path');
      }
      continue;
    }
    const setting = SETTINGS.find((s) => toFlag(s.key) === name);
    if (!setting) {
      throw new ConfigError(`${arg}: unknown option (see --help)`);
    }
    let raw = inline;
    if (raw === undefined) {
      const next = argv[i + 1];
      if (setting.kind === 'bool' && (next === undefined || next.startsWith('--'))) {
        raw = 'true';
      } else if (next === undefined) {
        throw new ConfigError(`${name}: needs a value`);
      } else {
        raw = next;
        i++;
      }
    }
    setPath(flags, setting.key, coerce(setting.kind, raw, name));
  }

  const fromEnv: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const raw = env[toEnv(setting.key)];
    if (raw !== undefined) {
      setPath(fromEnv, setting.key, coerce(setting.kind, raw, toEnv(setting.key)));
    }
  }

  const dataDir =
    (flags.dataDir as string | undefined) ?? (fromEnv.dataDir as string | undefined) ?? defaultDataDir(env);
  const defaults = defaultConfig(dataDir) as unknown as Record<string, unknown>;
  const sources = ['defaults'];
  const file = configFile ?? join(dataDir, 'config.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`${file}: is not valid JSON (${(err as Error).message})`);
    }
    if (!isPlainObject(parsed)) {
      throw new ConfigError(`${file}: must contain a JSON object`);
    }
    fromFile = parsed;
    sources.push(file);
  } else if (configFile) {
    throw new ConfigError(`${configFile}: config file not found`);
  }
  const machine = overlays.machine?.values ?? {};
  const policy = overlays.policy?.values ?? {};
  if (overlays.machine && Object.keys(machine).length > 0) {
    sources.push(overlays.machine.source);
  }
  if (Object.keys(fromEnv).length > 0) {
    sources.push('environment');
  }
  if (Object.keys(flags).length > 0) {
    sources.push('flags');
  }
  if (overlays.policy && Object.keys(policy).length > 0) {
    sources.push(overlays.policy.source);
  }
  let merged = mergeDeep(defaults, fromFile);
  for (const layer of [machine, fromEnv, flags, policy]) {
    // An opener URL or command given through env/flags enables the opener.
    if (isPlainObject(layer.openPwa) && merged.openPwa === false) {
      merged.openPwa = {};
    }
    merged = mergeDeep(merged, layer);
  }
  return { kind: 'config', config: parseConfig(merged), sources };
}

/** Validates a whole config object; the error names the first bad key. */
export function parseConfig(input: unknown): Config {
  const parsed = v.safeParse(ConfigSchema, input);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration: ${describeIssues(parsed.issues)}`);
  }
  return parsed.output;
}
