/**
 * Command line of the built-in local gateway — the only file here that reads env/argv or handles
 * signals. `tsx gateway/cli.ts up|down|status|run [options]`; `npm start` = `run`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCertsDir } from '../certs/local-ca.ts';
import { REPO_ROOT, resolveOptions, type GatewayOptions, type GatewayPorts } from './config.ts';
import { startGateway, stopGateway, type Gateway } from './gateway.ts';
import { lookupLocation } from './kamailio-ctl.ts';
import { createLogger } from './log.ts';
import { isRecordedAlive, isTcpListening, readPids, startDaemon, stopRecorded } from './processes.ts';

const USAGE = `usage: tsx gateway/cli.ts <up|down|status|run> [options]
  up       start the gateway in the background and exit (stop it with down)
  run      start it, print how to use it, start the companion if present, stop all on Ctrl-C
  down     stop a gateway started by up (exactly the PIDs recorded in the run dir)
  status   show the recorded daemons and the demo peers' registrations
options (env variable in brackets):
  --run-dir D        [WGB_RUN_DIR]  default <repo>/.run/gateway
  --web-root D       [WGB_WEB_ROOT] default <repo>/dist/web
  --base-path P      [WGB_BASE] the path the PWA was built for, default /  (e.g. /wwe-webrtc-gateway/)
  --certs-dir D      [WGB_CERTS_DIR] default ~/.local/share/webrtc-gateway-bridge/certs
  --port-https N     [WGB_GATEWAY_HTTPS_PORT] 8443     --port-sip N  [WGB_SIP_PORT] 5060
  --port-ws N        [WGB_KAMAILIO_WS_PORT] 8080       --port-ng N   [WGB_RTPENGINE_NG_PORT] 22222
  --port-trunk N     trusted SIP Server source port 5080
  --no-peers         do not start the demo peers 9000/9001`;

const log = createLogger('gateway');

function readOptions(argv: string[]): { command: string | undefined; options: GatewayOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'run-dir': { type: 'string' },
      'web-root': { type: 'string' },
      'base-path': { type: 'string' },
      'certs-dir': { type: 'string' },
      'port-https': { type: 'string' },
      'port-sip': { type: 'string' },
      'port-ws': { type: 'string' },
      'port-ng': { type: 'string' },
      'port-trunk': { type: 'string' },
      'no-peers': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    return { command: 'help', options: {} };
  }
  const env = process.env;
  const ports: Partial<GatewayPorts> = {};
  const port = (name: keyof GatewayPorts, arg: string | undefined, envValue: string | undefined): void => {
    const text = arg ?? envValue;
    if (text !== undefined && text !== '') {
      ports[name] = Number(text);
    }
  };
  port('https', values['port-https'], env.WGB_GATEWAY_HTTPS_PORT);
  port('sip', values['port-sip'], env.WGB_SIP_PORT);
  port('ws', values['port-ws'], env.WGB_KAMAILIO_WS_PORT);
  port('ng', values['port-ng'], env.WGB_RTPENGINE_NG_PORT);
  port('trunk', values['port-trunk'], undefined);
  const options: GatewayOptions = {
    ports,
    certsDir: values['certs-dir'] ?? defaultCertsDir(env, process.platform, homedir()),
    peers: values['no-peers'] !== true,
  };
  const runDir = values['run-dir'] ?? env.WGB_RUN_DIR;
  if (runDir) {
    options.runDir = runDir;
  }
  const webRoot = values['web-root'] ?? env.WGB_WEB_ROOT;
  if (webRoot) {
    options.webRoot = webRoot;
  }
  const basePath = values['base-path'] ?? env.WGB_BASE;
  if (basePath) {
    options.basePath = basePath;
  }
  return { command: positionals[0], options };
}

function banner(gateway: Gateway): string {
  const agents = gateway.users.filter((u) => !u.user.startsWith('9')).map((u) => u.user);
  return [
    '',
    `  WebRTC Gateway Bridge — local gateway up in ${gateway.startMs} ms`,
    `  PWA            ${gateway.origin}/`,
    `  SIP WebSocket  ${gateway.sipWebSocketUrl}   domain 127.0.0.1`,
    `  Users          ${agents[0] ?? ''}–${agents.at(-1) ?? ''}, password pw<DN> (e.g. 1001 / pw1001)`,
    '  Extensions     9000 plays a 440 Hz tone, 9001 echoes what you say',
    `  SIP (UDP/TCP)  127.0.0.1:${gateway.ports.sip}; trusted SIP Server trunk from port ${gateway.ports.trunk}`,
    `  BC sites       SIP Server A 127.0.0.1:${gateway.ports.siteA}, B 127.0.0.1:${gateway.ports.siteB} (RegisterDn addresses)`,
    `  TURN           turn:127.0.0.1:${gateway.ports.turn}, credentials from ${gateway.origin}/turn-credentials`,
    `  Run dir        ${gateway.runDir} (logs in log/)`,
    '  Stop           Ctrl-C',
    '',
  ].join('\n');
}

async function startCompanion(gateway: Gateway): Promise<void> {
  const main = join(REPO_ROOT, 'companion', 'src', 'main.ts');
  if (!existsSync(main)) {
    console.log('  (companion/src/main.ts not found: companion not started)');
    return;
  }
  process.env.WGB_PWA_ORIGINS ??= gateway.origin;
  process.env.WGB_PWA_URL ??= `${gateway.origin}/`;
  try {
    const record = await startDaemon(
      gateway.runDir,
      {
        name: 'companion',
        command: join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
        args: [main],
        isReady: () => isTcpListening(8000),
      },
      15_000,
    );
    console.log(`  Companion      https://127.0.0.1:8000 (pid ${record.pid}, log ${gateway.runDir}/log/companion.log)`);
  } catch (error) {
    console.log(`  Companion did not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopRecorded(gateway.runDir, (r) => r.name === 'companion');
  }
}

async function run(options: GatewayOptions): Promise<void> {
  const gateway = await startGateway(options, log);
  console.log(banner(gateway));
  await startCompanion(gateway);
  // When the terminal or npm goes away first, stdout is a broken pipe: writing to it must not
  // crash this process before it has stopped what it started.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  // Signal listeners do not keep Node alive and the daemons are detached: hold the loop open.
  const keepAlive = setInterval(() => undefined, 60_000);
  // Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and impatient users
  // press it again: every signal after the first is acknowledged, never the default exit that would
  // leave the daemons running.
  let stopping = false;
  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      if (stopping) {
        console.log('still stopping the gateway…');
        return;
      }
      stopping = true;
      resolve();
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, onSignal);
    }
  });
  clearInterval(keepAlive);
  console.log('stopping…');
  await gateway.stop();
}

async function status(runDir: string): Promise<void> {
  const records = readPids(runDir);
  if (records.length === 0) {
    console.log(`no gateway recorded in ${runDir}`);
    return;
  }
  for (const r of records) {
    console.log(`${r.name.padEnd(14)} pid ${String(r.pid).padEnd(8)} ${isRecordedAlive(r) ? 'running' : 'DEAD'}`);
  }
  for (const aor of ['9000@127.0.0.1', '9001@127.0.0.1']) {
    const entry = await lookupLocation(runDir, aor).catch(() => undefined);
    console.log(`${aor.padEnd(16)} ${entry ? `registered ${entry.contacts[0]?.address ?? ''}` : 'not registered'}`);
  }
  const envFile = join(runDir, 'env');
  if (existsSync(envFile)) {
    console.log(readFileSync(envFile, 'utf8').trimEnd());
  }
}

async function main(): Promise<number> {
  const { command, options } = readOptions(process.argv.slice(2));
  const runDir = resolveOptions(options).runDir;
  switch (command) {
    case 'up': {
      const gateway = await startGateway(options, log);
      console.log(banner(gateway).replace('Ctrl-C', `npm run gateway -- down --run-dir ${gateway.runDir}`));
      return 0;
    }
    case 'run':
      await run(options);
      return 0;
    case 'down':
      await stopGateway(runDir);
      console.log(`stopped the gateway in ${runDir}`);
      return 0;
    case 'status':
      await status(runDir);
      return 0;
    case undefined:
    default:
      console.log(USAGE);
      return command === 'help' ? 0 : 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
