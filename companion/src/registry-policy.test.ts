import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';
import {
  MACHINE_KEY,
  POLICY_KEY,
  expandWindowsEnv,
  parseRegQuery,
  readRegistryOverlays,
  registryToLayer,
  type CommandRunner,
  type RegistryValue,
} from './registry-policy.ts';

// Captured from `reg query "HKLM\SOFTWARE\Policies\WebRTC Gateway Bridge" /reg:64` (CRLF, as reg.exe prints).
const POLICY_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WebRTC Gateway Bridge',
  '    AutoStart    REG_DWORD    0x0',
  '    Empty One    REG_SZ    ',
  '    LogFile    REG_EXPAND_SZ    %LOCALAPPDATA%\\WebRTC Gateway Bridge\\companion.log',
  '    WweOrigins    REG_MULTI_SZ    https://wwe.example.com\\0https://wwe2.example.com:8443',
  '    LogLevel    REG_SZ    Debug',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WebRTC Gateway Bridge\\SubKey',
  '',
].join('\r\n');

const MACHINE_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\WebRTC Gateway Bridge',
  '    CertsDir    REG_SZ    C:\\ProgramData\\WebRTC Gateway Bridge\\certs',
  '    InstalledCaThumbprint    REG_SZ    9E6A77D173D2845CA71E0F33B10B86FF57F3C0D4',
  '    GatewayUrl    REG_SZ    https://webrtc.example.com/app/',
  '    SipServer    REG_SZ    sip.example.com:5060',
  '',
].join('\r\n');

const ENV = { LOCALAPPDATA: 'C:\\Users\\agent\\AppData\\Local' };

describe('parseRegQuery', () => {
  it('reads every value type reg.exe prints, by lower-cased name', () => {
    const values = parseRegQuery(POLICY_OUTPUT);
    assert.deepEqual(values.get('autostart'), { type: 'REG_DWORD', value: 0 });
    assert.deepEqual(values.get('empty one'), { type: 'REG_SZ', value: '' });
    assert.deepEqual(values.get('wweorigins'), {
      type: 'REG_MULTI_SZ',
      value: ['https://wwe.example.com', 'https://wwe2.example.com:8443'],
    });
    assert.equal(values.get('logfile')?.type, 'REG_EXPAND_SZ');
    assert.equal(values.size, 5, 'the key header and sub-key lines are not values');
  });

  it('keeps binary values as hex text', () => {
    const values = parseRegQuery('    Blob    REG_BINARY    2000000001000000\r\n');
    assert.deepEqual(values.get('blob'), { type: 'other', regType: 'REG_BINARY', value: '2000000001000000' });
  });
});

describe('expandWindowsEnv', () => {
  it('expands known names case-insensitively and leaves unknown ones', () => {
    assert.equal(expandWindowsEnv('%localappdata%\\x;%NOPE%', ENV), 'C:\\Users\\agent\\AppData\\Local\\x;%NOPE%');
  });
});

describe('registryToLayer', () => {
  it('maps policy values to config keys and AutoStart', () => {
    const layer = registryToLayer(parseRegQuery(POLICY_OUTPUT), ENV);
    assert.deepEqual(layer.values, {
      wweOrigins: ['https://wwe.example.com', 'https://wwe2.example.com:8443'],
      log: { level: 'debug', file: 'C:\\Users\\agent\\AppData\\Local\\WebRTC Gateway Bridge\\companion.log' },
    });
    assert.equal(layer.autoStart, false);
    assert.deepEqual(layer.ignored, ['empty one: unknown value']);
  });

  it('derives the PWA origin from GatewayUrl, ignores SipServer with a reason and the installer thumbprint silently', () => {
    const layer = registryToLayer(parseRegQuery(MACHINE_OUTPUT), ENV);
    assert.deepEqual(layer.values, {
      certsDir: 'C:\\ProgramData\\WebRTC Gateway Bridge\\certs',
      pwaUrl: 'https://webrtc.example.com/app/',
      pwaOrigins: ['https://webrtc.example.com'],
    });
    assert.equal(layer.ignored.length, 1);
    assert.match(layer.ignored[0] ?? '', /^SipServer: not used by the companion/);
  });

  it('an explicit PwaOrigins wins over the one derived from GatewayUrl', () => {
    const values = parseRegQuery(
      '    PwaOrigins    REG_SZ    https://a.example, https://b.example\r\n    GatewayUrl    REG_SZ    https://c.example/\r\n',
    );
    assert.deepEqual(registryToLayer(values, ENV).values.pwaOrigins, ['https://a.example', 'https://b.example']);
  });

  it('reports a value of the wrong type instead of guessing', () => {
    const layer = registryToLayer(parseRegQuery('    LogLevel    REG_DWORD    0x1\r\n'), ENV);
    assert.deepEqual(layer.values, {});
    assert.deepEqual(layer.ignored, ['loglevel: wrong type (want REG_SZ)']);
  });
});

describe('readRegistryOverlays + loadConfig', () => {
  const fakeReg: CommandRunner = (file, args) => {
    assert.equal(file, 'reg.exe');
    const key = args[1];
    if (key === POLICY_KEY) {
      return Promise.resolve({ code: 0, stdout: POLICY_OUTPUT });
    }
    if (key === MACHINE_KEY) {
      return Promise.resolve({ code: 0, stdout: MACHINE_OUTPUT });
    }
    return Promise.resolve({ code: 1, stdout: '' });
  };

  it('machine values override the config file, env and flags override them, policy overrides everything', async () => {
    const registry = await readRegistryOverlays(fakeReg, ENV);
    assert.equal(registry.autoStart, false, 'policy AutoStart=0');
    const loaded = loadConfig(
      ['--data-dir', '/tmp/wgb-none', '--wwe-origins', 'https://flag.example', '--pwa-url', 'https://flag.example/'],
      {},
      {
        machine: { source: MACHINE_KEY, values: registry.machine.values },
        policy: { source: POLICY_KEY, values: registry.policy.values },
      },
    );
    assert.equal(loaded.kind, 'config');
    if (loaded.kind !== 'config') {
      return;
    }
    assert.deepEqual(loaded.config.wweOrigins, ['https://wwe.example.com', 'https://wwe2.example.com:8443']);
    assert.equal(loaded.config.pwaUrl, 'https://flag.example/', 'a flag beats a machine value');
    assert.deepEqual(loaded.config.pwaOrigins, ['https://webrtc.example.com'], 'machine beats the default');
    assert.equal(loaded.config.certsDir, 'C:\\ProgramData\\WebRTC Gateway Bridge\\certs');
    assert.equal(loaded.config.log.level, 'debug');
    assert.deepEqual(loaded.sources, ['defaults', MACHINE_KEY, 'flags', POLICY_KEY]);
  });

  it('missing keys give no layer and AutoStart defaults to on', async () => {
    const registry = await readRegistryOverlays(() => Promise.resolve({ code: 1, stdout: '' }), ENV);
    assert.deepEqual(registry.machine.values, {});
    assert.deepEqual(registry.policy.values, {});
    assert.equal(registry.autoStart, true);
  });
});

describe('the example policy file an admin edits', () => {
  const example = readFileSync(
    join(import.meta.dirname, '..', 'packaging', 'policy', 'companion-policy-example.reg'),
    'latin1',
  );

  it('is plain text: no UTF-16, no hex-encoded values', () => {
    assert.ok(example.startsWith('Windows Registry Editor Version 5.00\r\n'), 'header');
    const unprintable = [...example].filter((c) => !'\t\r\n'.includes(c) && (c < ' ' || c > '~'));
    assert.deepEqual(unprintable, [], 'only printable ASCII');
    assert.ok(!example.includes('=hex'), 'a hex value');
  });

  it('gives the companion every value it sets, with several WWE origins in one string', () => {
    // What `reg import` stores: "Name"="text" as REG_SZ, "Name"=dword:… as REG_DWORD.
    const values = new Map<string, RegistryValue>();
    for (const [, name = '', text, dword] of example.matchAll(/^"([^"]+)"=(?:"([^"]*)"|dword:([0-9a-f]{8}))\r$/gm)) {
      values.set(
        name.toLowerCase(),
        text === undefined
          ? { type: 'REG_DWORD', value: Number.parseInt(dword ?? '', 16) }
          : { type: 'REG_SZ', value: text },
      );
    }
    const layer = registryToLayer(values, {});
    assert.deepEqual(layer, {
      values: {
        wweOrigins: ['https://wwe.example.com', 'https://wwe-standby.example.com'],
        pwaUrl: 'https://webrtc.example.com/',
        pwaOrigins: ['https://webrtc.example.com'],
        log: { level: 'info' },
      },
      autoStart: true,
      ignored: [],
    });
  });
});
