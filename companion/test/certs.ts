/** Throwaway TLS material for tests: a self-signed P-256 leaf for 127.0.0.1/localhost, made once per process. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTls {
  cert: string;
  key: string;
}

let cached: TestTls | undefined;

export function testTls(): TestTls {
  if (!cached) {
    const dir = mkdtempSync(join(tmpdir(), 'wgb-companion-test-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    cached = { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  }
  return cached;
}
