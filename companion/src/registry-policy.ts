/**
 * Machine configuration from the Windows registry, read with `reg query` (no native module):
 *
 *   HKLM\SOFTWARE\WebRTC Gateway Bridge            machine settings (the MSI writes CertsDir and LogFile;
 *                                                  admins may add more). Override the config file;
 *                                                  environment and flags still override them.
 *   HKLM\SOFTWARE\Policies\WebRTC Gateway Bridge   Group Policy (the ADMX template). Override everything.
 *
 * This module parses `reg query` output and turns values into a config layer for `loadConfig`. It never
 * spawns anything itself: main.ts passes a runner, so the parser is unit-tested on Linux with captured
 * output. Value names are matched case-insensitively, as the registry does.
 */
import { win32 } from 'node:path';

export const MACHINE_KEY = 'HKLM\\SOFTWARE\\WebRTC Gateway Bridge';
export const POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\WebRTC Gateway Bridge';

export type RegistryValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; value: string }
  | { type: 'REG_MULTI_SZ'; value: string[] }
  | { type: 'REG_DWORD' | 'REG_QWORD'; value: number }
  | { type: 'other'; regType: string; value: string };

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * Parses the output of `reg query <key>` (one key, no /s): `    Name    REG_TYPE    data` lines. Sub-key
 * lines and the key header are skipped. REG_MULTI_SZ items are separated by a literal `\0` in the output.
 */
export function parseRegQuery(output: string): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (const rawLine of output.split(/\r?\n/)) {
    const match = VALUE_LINE.exec(rawLine.replace(/\r$/, ''));
    if (!match) {
      continue;
    }
    const [, name = '', regType = '', data = ''] = match;
    values.set(name.toLowerCase(), toValue(regType, data));
  }
  return values;
}

function toValue(regType: string, data: string): RegistryValue {
  switch (regType) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type: regType, value: data };
    case 'REG_MULTI_SZ':
      return { type: 'REG_MULTI_SZ', value: data === '' ? [] : data.split('\\0').filter((s) => s !== '') };
    case 'REG_DWORD':
    case 'REG_QWORD':
      return { type: regType, value: Number.parseInt(data, 16) };
    default:
      return { type: 'other', regType, value: data };
  }
}

/** Expands `%NAME%` from `env` (case-insensitive, as Windows does); unknown names stay as written. */
export function expandWindowsEnv(text: string, env: Readonly<Record<string, string | undefined>>): string {
  const lower = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/%([^%]+)%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}

/** What a registry key contributes: a partial config, the auto-start switch, and values it did not use. */
export interface RegistryLayer {
  values: Record<string, unknown>;
  autoStart?: boolean;
  /** `Name: reason` for every value that was present but not applied. */
  ignored: string[];
}

function asText(v: RegistryValue, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (v.type === 'REG_SZ') {
    return v.value.trim();
  }
  if (v.type === 'REG_EXPAND_SZ') {
    return expandWindowsEnv(v.value, env).trim();
  }
  return undefined;
}

function asList(v: RegistryValue): string[] | undefined {
  if (v.type === 'REG_MULTI_SZ') {
    return v.value.map((s) => s.trim()).filter(Boolean);
  }
  if (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') {
    return v.value
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return undefined;
}

function asBool(v: RegistryValue): boolean | undefined {
  if (v.type === 'REG_DWORD' || v.type === 'REG_QWORD') {
    return v.value !== 0;
  }
  if (v.type === 'REG_SZ') {
    const s = v.value.trim().toLowerCase();
    return ['1', 'true', 'yes', 'on'].includes(s) ? true : ['0', 'false', 'no', 'off'].includes(s) ? false : undefined;
  }
  return undefined;
}

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * Maps registry values to config keys. Names (see docs/admin-guide.md):
 *   WweOrigins (MULTI_SZ or comma list) → wweOrigins      PwaOrigins → pwaOrigins
 *   GatewayUrl (the PWA's URL on the gateway) → pwaUrl, and pwaOrigins = its origin unless PwaOrigins is set
 *   LogLevel → log.level     LogFile (EXPAND_SZ ok) → log.file     CertsDir (EXPAND_SZ ok) → certsDir
 *   AutoStart (DWORD) → `autoStart` (used by main.ts for starts from the Run key)
 * Values are validated afterwards by the config schema, which names the bad key.
 */
export function registryToLayer(
  values: ReadonlyMap<string, RegistryValue>,
  env: Readonly<Record<string, string | undefined>>,
): RegistryLayer {
  const layer: RegistryLayer = { values: {}, ignored: [] };
  const log: Record<string, unknown> = {};
  const wrongType = (name: string, want: string): void => {
    layer.ignored.push(`${name}: wrong type (want ${want})`);
  };
  for (const [name, value] of values) {
    switch (name) {
      case 'wweorigins':
      case 'pwaorigins': {
        const list = asList(value);
        if (list === undefined) {
          wrongType(name, 'REG_MULTI_SZ or REG_SZ');
        } else {
          layer.values[name === 'wweorigins' ? 'wweOrigins' : 'pwaOrigins'] = list;
        }
        break;
      }
      case 'gatewayurl':
      case 'loglevel':
      case 'logfile':
      case 'certsdir': {
        const text = asText(value, env);
        if (text === undefined) {
          wrongType(name, 'REG_SZ');
        } else if (text !== '') {
          applyText(layer, log, name, text);
        }
        break;
      }
      case 'autostart': {
        const flag = asBool(value);
        if (flag === undefined) {
          wrongType(name, 'REG_DWORD 0 or 1');
        } else {
          layer.autoStart = flag;
        }
        break;
      }
      case 'installedcathumbprint':
      case 'companionkeyreaders':
        break; // written by the installer's certificate step (machine-certs.ts), not a setting
      case 'startmenushortcut':
        break; // written by the MSI as the Start-menu shortcut's key path, not a setting
      case 'sipserver':
        layer.ignored.push(
          'SipServer: not used by the companion (WWE sends the SIP server in RegisterDn; the gateway serves its WebSocket URL in /config.json)',
        );
        break;
      default:
        layer.ignored.push(`${name}: unknown value`);
    }
  }
  if (Object.keys(log).length > 0) {
    layer.values.log = log;
  }
  const origin = typeof layer.values.pwaUrl === 'string' ? originOf(layer.values.pwaUrl) : undefined;
  if (origin !== undefined && layer.values.pwaOrigins === undefined) {
    layer.values.pwaOrigins = [origin];
  }
  return layer;
}

function applyText(layer: RegistryLayer, log: Record<string, unknown>, name: string, text: string): void {
  if (name === 'gatewayurl') {
    layer.values.pwaUrl = text;
  } else if (name === 'loglevel') {
    log.level = text.toLowerCase();
  } else if (name === 'logfile') {
    log.file = win32.normalize(text);
  } else {
    layer.values.certsDir = win32.normalize(text);
  }
}

/** Runs `file args` and resolves with its exit code and stdout (never rejects for a non-zero exit). */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<{ code: number; stdout: string }>;

/** Reads one key's values with `reg query <key> /reg:64`; a missing key gives an empty map. */
export async function readRegistryKey(run: CommandRunner, key: string): Promise<Map<string, RegistryValue>> {
  const result = await run('reg.exe', ['query', key, '/reg:64']);
  return result.code === 0 ? parseRegQuery(result.stdout) : new Map();
}

/** Both keys as config overlays for `loadConfig`, plus the effective AutoStart (policy wins). */
export async function readRegistryOverlays(
  run: CommandRunner,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ machine: RegistryLayer; policy: RegistryLayer; autoStart: boolean }> {
  const [machineValues, policyValues] = await Promise.all([
    readRegistryKey(run, MACHINE_KEY),
    readRegistryKey(run, POLICY_KEY),
  ]);
  const machine = registryToLayer(machineValues, env);
  const policy = registryToLayer(policyValues, env);
  return { machine, policy, autoStart: policy.autoStart ?? machine.autoStart ?? true };
}
