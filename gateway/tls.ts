/**
 * The certificate nginx presents: explicit files, else certs/local-ca.ts ensureCertificates(dir)
 * (gateway-chain.pem + gateway.key, signed by the per-machine CA), else a throwaway self-signed
 * loopback certificate in the run directory (a browser would need it pinned by SPKI).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCertificates } from '../certs/local-ca.ts';
import type { TlsFiles } from './config.ts';
import type { Logger } from './log.ts';

async function fromLocalCa(certsDir: string): Promise<TlsFiles> {
  const certs = await ensureCertificates(certsDir);
  return { certFile: certs.gatewayChain, keyFile: certs.gatewayKey, caFile: certs.caCert };
}

function throwaway(runDir: string): TlsFiles {
  const dir = join(runDir, 'tls');
  mkdirSync(dir, { recursive: true });
  const files = { certFile: join(dir, 'gateway-chain.pem'), keyFile: join(dir, 'gateway.key'), caFile: undefined };
  if (!existsSync(files.certFile) || !existsSync(files.keyFile)) {
    // prettier-ignore
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', files.keyFile, '-out', files.certFile,
    ], { stdio: 'ignore' });
  }
  return files;
}

/** Resolves the TLS files for nginx (see the module comment for the order). */
export async function resolveTls(
  explicit: TlsFiles | undefined,
  certsDir: string | undefined,
  runDir: string,
  log: Logger,
): Promise<TlsFiles> {
  if (explicit) {
    for (const file of [explicit.certFile, explicit.keyFile]) {
      if (!existsSync(file)) {
        throw new Error(`gateway: TLS file ${file} does not exist (run \`npm run setup\` to make certificates)`);
      }
    }
    return explicit;
  }
  if (certsDir !== undefined) {
    return fromLocalCa(certsDir);
  }
  log.info(`no certificates directory given: using a throwaway self-signed certificate in ${runDir}/tls`);
  return throwaway(runDir);
}

/** Base64 SHA-256 of the leaf certificate's SPKI (Chromium --ignore-certificate-errors-spki-list). */
export function spkiHash(certFile: string): string {
  const cert = new X509Certificate(readFileSync(certFile));
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
