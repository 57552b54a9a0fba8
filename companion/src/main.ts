/**
 * The companion's entry point: the only file that reads argv, env and files, and the only one that
 * listens. Usage: `tsx companion/src/main.ts --help`.
 */
import { readFileSync } from 'node:fs';
import { ensureCertificates } from '../../certs/local-ca.ts';
import { createCompanion } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { consoleSink, createLogger, fileSink, type LogSink } from './log.ts';
import { loadOrCreatePairingSecret } from './pairing.ts';
import { CLOSE_CODES } from '../../protocol/src/index.ts';

function readPackageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(
      `Cannot read the ${what} at ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}). ` +
        'Create the certificates with `npx tsx certs/cli.ts ensure`, or point --certs-dir at them.',
    );
  }
}

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`companion: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  if (loaded.kind === 'help') {
    console.log(loaded.text);
    return;
  }
  const config = loaded.config;
  const sinks: LogSink[] = config.log.file
    ? [fileSink(config.log.file, config.log.maxBytes, config.log.maxFiles)]
    : [consoleSink()];
  const log = createLogger({ level: config.log.level, sinks });

  const pairing = loadOrCreatePairingSecret(config.dataDir);
  log.addSecret(pairing.secret);
  log.info(pairing.created ? 'created a new pairing secret' : 'loaded the pairing secret', { file: pairing.path });

  const certs = await ensureCertificates(config.certsDir);
  const tls = {
    cert: readPem(certs.companionCert, 'companion certificate'),
    key: readPem(certs.companionKey, 'companion private key'),
  };

  if (config.wweOrigins.length === 0) {
    log.warn('no WWE origin configured (wweOrigins): WWE cannot call the companion until one is set');
  }
  const companion = createCompanion({
    config,
    log,
    clock: systemClock,
    tls,
    pairingSecret: pairing.secret,
    companionVersion: readPackageVersion(),
  });

  companion.server.on('error', (err: NodeJS.ErrnoException) => {
    log.error(
      err.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use on ${config.host}: another companion or Genesys Softphone is running`
        : 'server error',
      { err },
    );
    process.exit(1);
  });
  companion.server.listen(config.port, config.host, () => {
    log.info('companion listening', {
      url: `https://${config.host === '::1' ? '[::1]' : config.host}:${config.port}`,
      sources: loaded.sources,
      wweOrigins: config.wweOrigins,
      pwaOrigins: config.pwaOrigins,
      extensionApi: config.extensionApi.enabled,
    });
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info('shutting down', { signal, closeCode: CLOSE_CODES.GOING_AWAY });
    companion.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`companion: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
