import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, helpText, loadConfig, type Config } from '../src/config.ts';

function configOf(argv: string[], env: Record<string, string> = {}): Config {
  const dataDir = mkdtempSync(join(tmpdir(), 'wgb-config-'));
  const result = loadConfig(argv, { WGB_DATA_DIR: dataDir, ...env });
  assert.equal(result.kind, 'config');
  return result.kind === 'config' ? result.config : (undefined as never);
}

describe('the companion configuration', () => {
  it('defaults to 127.0.0.1:8000, the local PWA origin, extension API off, opener off', () => {
    const config = configOf([]);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8000);
    assert.deepEqual(config.pwaOrigins, ['https://127.0.0.1:8443']);
    assert.equal(config.extensionApi.enabled, false);
    assert.equal(config.openPwa, false);
    assert.equal(config.wwe.onSessionLost, 'none');
  });

  it('still starts with a config file from an earlier release that sets limits.rateTotal', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wgb-config-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ limits: { rateTotal: 500 } }));
    const result = loadConfig([], { WGB_DATA_DIR: dataDir });
    assert.equal(result.kind, 'config');
  });

  it('layers file < environment < flags', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wgb-config-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ port: 8100, wweOrigins: ['https://wwe.file'] }));
    const result = loadConfig(['--port', '8300'], {
      WGB_DATA_DIR: dataDir,
      WGB_PORT: '8200',
      WGB_WWE_ORIGINS: 'https://wwe.env',
    });
    assert.equal(result.kind, 'config');
    if (result.kind === 'config') {
      assert.equal(result.config.port, 8300);
      assert.deepEqual(result.config.wweOrigins, ['https://wwe.env']);
    }
  });

  it('--help asks for the help text, which lists flags and variables under the program name', () => {
    assert.equal(loadConfig(['--help'], {}).kind, 'help');
    const text = helpText('webrtc-gateway-bridge-companion.exe');
    assert.match(text, /^Usage: webrtc-gateway-bridge-companion\.exe \[options\]$/m);
    assert.match(text, /--extension-api-token.*WGB_EXTENSION_API_TOKEN/);
    assert.match(text, /--supervise +start the companion again/);
  });

  it('names the bad key when a value is wrong', () => {
    assert.throws(() => configOf(['--wwe-origins', 'https://wwe.example/path']), /wweOrigins\.0: must be an origin/);
    assert.throws(() => configOf(['--port', 'eighty']), /--port: must be an integer/);
    assert.throws(() => configOf(['--extension-api-enabled']), /token: is required/);
    assert.throws(
      () => configOf(['--no-such-flag']),
      (err: unknown) => err instanceof ConfigError,
    );
  });

  it('names an unknown key in the config file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wgb-config-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ prot: 1 }));
    assert.throws(() => loadConfig([], { WGB_DATA_DIR: dataDir }), /prot/);
  });

  it('an opener command from the environment turns the opener on', () => {
    const config = configOf([], { WGB_OPEN_PWA_COMMAND: '/usr/bin/chromium' });
    assert.deepEqual(config.openPwa, { command: '/usr/bin/chromium' });
  });
});
