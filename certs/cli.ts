/**
 * Command line for the local CA: `tsx certs/cli.ts ensure|nss|nss-remove|show [--dir D]`. The only file in
 * certs/ that reads argv/env or prints. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { X509Certificate } from 'node:crypto';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { certificatePaths, defaultCertsDir, ensureCertificates, spkiSha256Base64 } from './local-ca.ts';
import { readIfExists } from './files.ts';
import { trustCaInNssDb, untrustCaInNssDb } from './nss.ts';

const USAGE = `Usage: tsx certs/cli.ts <command> [options]

Commands:
  ensure                 create or refresh the local CA and the companion/gateway leaves; print paths
  nss <nssDir>           trust the CA in the NSS database <nssDir> (created if missing), e.g. ~/.pki/nssdb
  nss-remove <nssDir>    remove the CA from the NSS database <nssDir>
  show                   print subject, SANs and expiry of the certificates

Options:
  --dir <D>              certificate folder (default: $WGB_CERTS_DIR, else the OS app-data folder)
  --gateway-name <name>  extra DNS name for the gateway leaf and the CA's permitted names (repeatable; with
                         ensure). Must be a name the company owns: public suffixes (com, co.uk) are refused
  --allow-public-suffix  admin override: accept a public suffix as --gateway-name (the CA then vouches for
                         every site below it)
  -h, --help             this text
`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  rest: string[];
  dir: string;
  gatewayNames: string[];
  allowPublicSuffix: boolean;
}

function parse(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        'gateway-name': { type: 'string', multiple: true },
        'allow-public-suffix': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command = '', ...rest] = parsed.positionals;
  if (parsed.values.help) {
    return { command: 'help', rest, dir: '', gatewayNames: [], allowPublicSuffix: false };
  }
  return {
    command,
    rest,
    dir: parsed.values.dir ?? defaultCertsDir(process.env, process.platform, homedir()),
    gatewayNames: parsed.values['gateway-name'] ?? [],
    allowPublicSuffix: parsed.values['allow-public-suffix'] ?? false,
  };
}

async function ensure({ dir, gatewayNames, allowPublicSuffix }: Parsed): Promise<void> {
  const result = await ensureCertificates(dir, { gatewayNames, allowPublicSuffix });
  const { generated, caReason, ...paths } = result;
  for (const [name, file] of Object.entries(paths)) {
    console.log(`${name.padEnd(14)} ${file}`);
  }
  console.log(`${'caSpkiSha256'.padEnd(14)} ${spkiSha256Base64((await readIfExists(result.caCert)) ?? '')}`);
  console.log(generated.length > 0 ? `generated: ${generated.join(', ')}` : 'generated: nothing (all reused)');
  if (generated.includes('ca')) {
    console.log(
      `A new CA was created because ${caReason ?? 'the old one could not be used'}: trust it again ` +
        '(tsx certs/cli.ts nss ~/.pki/nssdb, or see certs/README.md).',
    );
  }
}

async function show(dir: string): Promise<void> {
  const paths = certificatePaths(dir);
  const files = [paths.caCert, paths.companionCert, paths.gatewayCert];
  let found = 0;
  for (const file of files) {
    const pem = await readIfExists(file);
    if (pem === undefined) {
      console.log(`${file}: missing`);
      continue;
    }
    found++;
    const cert = new X509Certificate(pem);
    console.log(file);
    console.log(`  subject  ${cert.subject.replaceAll('\n', ', ')}`);
    console.log(`  issuer   ${cert.issuer.replaceAll('\n', ', ')}`);
    console.log(`  SANs     ${cert.subjectAltName ?? '(none)'}`);
    console.log(`  valid    ${cert.validFrom} .. ${cert.validTo}`);
    console.log(`  spki     sha256/${spkiSha256Base64(pem)}`);
  }
  if (found === 0) {
    throw new Error(`No certificates in ${paths.dir}: run \`tsx certs/cli.ts ensure\` (or npm run setup)`);
  }
}

async function nss(command: string, rest: string[], dir: string): Promise<void> {
  const [nssDir, ...extra] = rest;
  if (!nssDir || extra.length > 0) {
    throw new UsageError(`${command} needs exactly one argument: the NSS database folder (e.g. ~/.pki/nssdb)`);
  }
  if (command === 'nss-remove') {
    await untrustCaInNssDb(nssDir);
    console.log(`Removed the local CA from ${nssDir} (if it was there).`);
    return;
  }
  const { caCert } = certificatePaths(dir);
  if ((await readIfExists(caCert)) === undefined) {
    throw new Error(`${caCert} does not exist: run \`tsx certs/cli.ts ensure\` first`);
  }
  await trustCaInNssDb(nssDir, caCert);
  console.log(`Trusted ${caCert} in sql:${nssDir} (C,,).`);
}

async function main(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  const { command, rest, dir } = parsed;
  switch (command) {
    case 'help':
      console.log(USAGE);
      return 0;
    case 'ensure':
    case 'show':
      if (rest.length > 0) {
        throw new UsageError(`${command} takes no arguments (got ${rest.join(' ')})`);
      }
      await (command === 'ensure' ? ensure(parsed) : show(dir));
      return 0;
    case 'nss':
    case 'nss-remove':
      await nss(command, rest, dir);
      return 0;
    case '':
      throw new UsageError('missing command');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`certs: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(`certs: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
