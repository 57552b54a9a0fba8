/**
 * The companion's entry point: the only file that reads argv, env and files, and the only one that
 * listens. Usage: `npx tsx companion/src/main.ts --help` (packaged: `webrtc-gateway-bridge-companion.exe --help`).
 */
// First: V8 heap sizing must be set before the companion allocates (see heap-sizing.ts).
import './heap-sizing.ts';
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { certificatePaths, ensureCertificates } from '../../certs/local-ca.ts';
import { createCompanion } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, helpText, loadConfig, type ConfigOverlays } from './config.ts';
import { consoleSink, createLogger, fileSink, memorySink, type LogSink } from './log.ts';
import { loadOrCreatePairingSecret } from './pairing.ts';
import { createSameUserCheck } from './same-user.ts';
import { CLOSE_CODES } from '../../protocol/src/index.ts';
import {
  installMachineCertificates,
  isManagedCertsDir,
  machineDataDir,
  uninstallMachineCertificates,
} from './machine-certs.ts';
import { MACHINE_KEY, POLICY_KEY, readRegistryOverlays, type CommandRunner } from './registry-policy.ts';
import { fileSettingsStore } from './wwe/settings-file.ts';
import { EXIT_CODES, RESTART_REASON_ENV, companionCommand, supervise } from './supervisor.ts';

/** Set by the packaging bundle (esbuild `define`): a bundled exe has no package.json next to it. */
declare const __WGB_VERSION__: string | undefined;

function readPackageVersion(): string {
  if (typeof __WGB_VERSION__ === 'string') {
    return __WGB_VERSION__;
  }
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Log lines kept in memory for the dashboard's support bundle. */
const RECENT_LOG_LINES = 1000;

/** How to start this program, for `--help`: the executable's own name once packaged. */
function programName(): string {
  return typeof __WGB_VERSION__ === 'string' ? basename(process.execPath) : 'npx tsx companion/src/main.ts';
}

function readPem(path: string, what: string, managed: boolean): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(
      `Cannot read the ${what} at ${path} (${code}). ` +
        (managed
          ? 'The installer made it readable only by SYSTEM, Administrators and the users it named: ask the ' +
            'administrator to repair the MSI with KEYREADERS naming this user or their group (docs/admin-guide.md).'
          : 'Create the certificates with `npx tsx certs/cli.ts ensure`, or point --certs-dir at them.'),
    );
  }
}

/** Runs a program without a shell or window; resolves with its exit code and stdout. */
const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, timeout: 60_000 }, (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });

/**
 * `--install-certs` / `--uninstall-certs`: the MSI's elevated step (see machine-certs.ts). Writes no
 * console output (a GUI exe started by msiexec may have no usable stdout); the install appends to
 * `%ProgramData%\WebRTC Gateway Bridge\install-certs.log`. Exit code 0 on success.
 */
async function runMachineCerts(mode: '--install-certs' | '--uninstall-certs', args: string[]): Promise<number> {
  if (process.platform !== 'win32') {
    console.error(`companion: ${mode} is for the Windows installer; elsewhere use \`tsx certs/cli.ts ensure\``);
    return 2;
  }
  const dataDir = machineDataDir(process.env);
  const logFile = join(dataDir, 'install-certs.log');
  const say = (line: string): void => {
    if (mode === '--install-certs') {
      mkdirSync(dataDir, { recursive: true });
      appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
    }
  };
  const deps = { run: runCommand, env: process.env, say };
  try {
    if (mode === '--install-certs') {
      const { values } = parseArgs({
        args,
        options: { 'installing-user': { type: 'string' }, 'key-readers': { type: 'string' } },
      });
      await installMachineCertificates(deps, join(dataDir, 'certs'), {
        installingUser: values['installing-user'] ?? '',
        keyReaders: values['key-readers'] ?? '',
      });
    } else {
      await uninstallMachineCertificates(deps, dataDir);
    }
    return 0;
  } catch (err) {
    say(`${mode} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--install-certs' || argv[0] === '--uninstall-certs') {
    process.exitCode = await runMachineCerts(argv[0], argv.slice(1));
    return;
  }
  if (argv.includes('--supervise')) {
    process.exitCode = await supervise({ command: companionCommand(argv.filter((arg) => arg !== '--supervise')) });
    return;
  }
  // The Run key starts `companion.exe --autostart --supervise`; the AutoStart policy (0) makes such a start a no-op.
  const isAutostart = argv.includes('--autostart');
  let overlays: ConfigOverlays = {};
  let registryIgnored: string[] = [];
  if (process.platform === 'win32') {
    const registry = await readRegistryOverlays(runCommand, process.env);
    if (isAutostart && !registry.autoStart) {
      return;
    }
    overlays = {
      machine: { source: MACHINE_KEY, values: registry.machine.values },
      policy: { source: POLICY_KEY, values: registry.policy.values },
    };
    registryIgnored = [...registry.machine.ignored, ...registry.policy.ignored];
  }
  let loaded;
  try {
    loaded = loadConfig(
      argv.filter((arg) => arg !== '--autostart'),
      process.env,
      overlays,
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`companion: ${err.message}`);
      process.exit(EXIT_CODES.BAD_CONFIGURATION);
    }
    throw err;
  }
  if (loaded.kind === 'help') {
    console.log(helpText(programName()));
    return;
  }
  const config = loaded.config;
  const recentLog = memorySink(RECENT_LOG_LINES);
  const sinks: LogSink[] = [
    config.log.file ? fileSink(config.log.file, config.log.maxBytes, config.log.maxFiles) : consoleSink(),
    recentLog,
  ];
  const log = createLogger({ level: config.log.level, sinks });
  const restartReason = process.env[RESTART_REASON_ENV];
  if (restartReason) {
    log.warn('restarted by the supervisor', { after: restartReason });
  }
  for (const ignored of registryIgnored) {
    log.warn('registry value not applied', { value: ignored });
  }

  const pairing = loadOrCreatePairingSecret(config.dataDir);
  log.addSecret(pairing.secret);
  log.info(pairing.created ? 'created a new pairing secret' : 'loaded the pairing secret', { file: pairing.path });

  // An installer-managed folder (MSI, %ProgramData%) is read-only for the user: read it, never regenerate.
  const managed = isManagedCertsDir(config.certsDir);
  const certs = managed ? certificatePaths(config.certsDir) : await ensureCertificates(config.certsDir);
  if ('caReason' in certs) {
    log.warn('created a new local CA: trust it again (certs/README.md)', {
      reason: certs.caReason,
      file: certs.caCert,
    });
  }
  const tls = {
    cert: readPem(certs.companionCert, 'companion certificate', managed),
    key: readPem(certs.companionKey, 'companion private key', managed),
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
    sameUser: createSameUserCheck({ platform: process.platform, ownUid: process.getuid?.(), ownPid: process.pid }),
    companionVersion: readPackageVersion(),
    recentLog,
    settingsStore: fileSettingsStore(config.dataDir, log.child('wwe')),
  });

  companion.server.on('error', (err: NodeJS.ErrnoException) => {
    log.error(
      err.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use on ${config.host}: another companion or Genesys Softphone is running`
        : 'server error',
      { err },
    );
    process.exit(err.code === 'EADDRINUSE' ? EXIT_CODES.PORT_IN_USE : EXIT_CODES.FAILED);
  });
  companion.server.listen(config.port, config.host, () => {
    log.info('companion listening', {
      url: `https://${config.host === '::1' ? '[::1]' : config.host}:${config.port}`,
      sources: loaded.sources,
      wweOrigins: config.wweOrigins,
      pwaOrigins: config.pwaOrigins,
      extensionApi: config.extensionApi.enabled,
      pid: process.pid,
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
