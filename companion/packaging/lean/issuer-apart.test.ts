import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../../../e2e/fixtures/paths.ts';
import { bundleCompanion } from '../sea.ts';
import { ISSUER_FILE } from './issuer-apart.ts';

/** The RSA encryption OID: in every certificate library's tables, in no other part of the companion. */
const ISSUER_MARK = '1.2.840.113549';

/** The packaged executables load the issuer from their SEA asset: the delivery checks (check-linux.ts) prove that. */
describe('the certificate issuer ships beside the companion bundle', () => {
  let dir: string;
  let bundle: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wgb-issuer-'));
    bundle = join(dir, 'companion.cjs');
    assert.deepEqual(await bundleCompanion(REPO_ROOT, bundle, 'test'), []);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is not inside the bundle, but in the file beside it', () => {
    assert.equal(readFileSync(bundle, 'utf8').includes(ISSUER_MARK), false);
    assert.equal(readFileSync(join(dir, ISSUER_FILE), 'utf8').includes(ISSUER_MARK), true);
  });

  it('makes the local CA and the loopback certificate when the bundle starts with none', async () => {
    const certs = join(dir, 'certs');
    const child = spawn(
      process.execPath,
      [
        bundle,
        '--port=0',
        `--data-dir=${dir}`,
        `--certs-dir=${certs}`,
        '--pwa-origins=https://pwa.example.test',
        '--wwe-origins=https://wwe.example.test',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      for await (const line of lines) {
        if (line.includes('"companion listening"')) {
          break;
        }
      }
    } finally {
      child.kill('SIGTERM');
    }
    const ca = new X509Certificate(readFileSync(join(certs, 'ca.pem')));
    const leaf = new X509Certificate(readFileSync(join(certs, 'companion.pem')));
    assert.equal(leaf.checkIssued(ca), true);
    assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
  });
});
