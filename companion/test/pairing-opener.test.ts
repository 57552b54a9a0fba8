import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { systemClock } from '../src/clock.ts';
import { defaultConfig, parseConfig } from '../src/config.ts';
import { createLogger, memorySink } from '../src/log.ts';
import { createOpener } from '../src/opener.ts';
import { loadOrCreatePairingSecret, safeEqual } from '../src/pairing.ts';

describe('the pairing secret on first and later runs', () => {
  it('is created once as 32 random bytes in base64url, owner-only, and reused afterwards', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wgb-pair-')), 'app');
    const first = loadOrCreatePairingSecret(dir);
    assert.equal(first.created, true);
    assert.match(first.secret, /^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') {
      assert.equal(statSync(first.path).mode & 0o777, 0o600);
    }
    const second = loadOrCreatePairingSecret(dir);
    assert.equal(second.created, false);
    assert.equal(second.secret, first.secret);
  });

  it('compares secrets of any length without throwing', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abcd'), false);
    assert.equal(safeEqual('', 'abc'), false);
  });
});

describe('WWE registers while the PWA is closed and the opener is configured', () => {
  it('runs the configured executable directly with the PWA URL, at most once per interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wgb-open-'));
    const marker = join(dir, 'opened.txt');
    const config = parseConfig({
      ...defaultConfig(dir),
      openPwa: {
        command: process.execPath,
        args: ['-e', `require('fs').appendFileSync(${JSON.stringify(marker)}, process.argv[1] + '\\n')`],
        url: 'https://127.0.0.1:8443/?from=companion;$(touch /tmp/never)',
      },
    });
    const opener = createOpener({ config, log: createLogger({ sinks: [memorySink()] }), clock: systemClock });
    opener.open('test');
    opener.open('test again');
    for (let i = 0; i < 100 && !existsSync(marker); i++) {
      await sleep(50);
    }
    assert.equal(readFileSync(marker, 'utf8'), 'https://127.0.0.1:8443/?from=companion;$(touch /tmp/never)\n');
  });
});
