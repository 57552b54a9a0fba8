/**
 * The built-in local gateway: nginx (TLS origin, PWA, wss /ws) → Kamailio (registrar + proxy) →
 * rtpengine (WebRTC ⇄ RTP), plus baresip demo peers 9000 (440 Hz tone) and 9001 (echo).
 * startGateway() renders the templates into a run directory, starts each daemon as a detached
 * foreground child with its log in `<run>/log/`, records `name pid program` in `<run>/pids`, and
 * waits for each with a bounded wait. It never reads env/argv (cli.ts does) and never kills by name.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { getuid } from 'node:process';
import { join } from 'node:path';
import {
  resolveOptions,
  SITE_NAMES,
  sitePort,
  type GatewayOptions,
  type GatewayPorts,
  type ResolvedOptions,
  type TlsFiles,
} from './config.ts';
import { lookupLocation, pingSip } from './kamailio-ctl.ts';
import { silentLogger, type Logger } from './log.ts';
import {
  assertPortsFree,
  findBinary,
  isRecordedAlive,
  isTcpListening,
  journal,
  readPids,
  startDaemon,
  stopDaemon,
  stopRecorded,
  udpRequest,
  writePids,
  freePorts,
  type DaemonSpec,
  type PortUse,
} from './processes.ts';
import { renderRunDir, TONE_PEER_HZ, type GatewayUser, type RenderedFiles } from './render.ts';
import { resolveTls, spkiHash } from './tls.ts';
import { writeToneFile } from './tone-file.ts';

/** A running gateway. */
export interface Gateway {
  runDir: string;
  ports: GatewayPorts;
  /** `https://127.0.0.1:<https>` — the PWA origin. */
  origin: string;
  /** `wss://127.0.0.1:<https>/ws`. */
  sipWebSocketUrl: string;
  tls: TlsFiles;
  users: GatewayUser[];
  /** Variables for e2e (also written to `<run>/env`), e.g. WGB_SIP_WS_URL, WGB_TLS_SPKI, WGB_TONE_CTRL. */
  env: Record<string, string>;
  /** Wall time of startGateway(), ms. */
  startMs: number;
  /** Stops exactly the recorded daemons, in reverse order. */
  stop(): Promise<void>;
  /** Restarts Kamailio only (registrations are lost: it keeps them in memory); peers re-register. */
  restartKamailio(): Promise<void>;
}

const REQUIRED: readonly { bin: string; pkg: string }[] = [
  { bin: 'kamailio', pkg: 'kamailio' },
  { bin: 'kamcmd', pkg: 'kamailio' },
  { bin: 'rtpengine', pkg: 'rtpengine-daemon' },
  { bin: 'nginx', pkg: 'nginx' },
  { bin: 'turnserver', pkg: 'coturn' },
  { bin: 'sox', pkg: 'sox' },
  { bin: 'openssl', pkg: 'openssl' },
];

function missingPackage(what: string, pkg: string): Error {
  return new Error(
    `gateway: ${what} is missing: install the Debian package \`${pkg}\` ` +
      '(`npm run setup` installs everything: gateway/install-packages.sh)',
  );
}

function requireBinary(bin: string, pkg: string): string {
  const path = findBinary(bin);
  if (path === undefined) {
    throw missingPackage(`the program ${bin}`, pkg);
  }
  return path;
}

/** nginx's JavaScript module (Debian's libnginx-mod-http-js), which issues the TURN credentials. */
const NJS_MODULE = '/usr/lib/nginx/modules/ngx_http_js_module.so';

/** `/usr/lib/<triplet>/kamailio/modules` holding the websocket module. */
function kamailioModulesDir(): string {
  const triplets = existsSync('/usr/lib') ? readdirSync('/usr/lib') : [];
  const dirs = [...triplets.map((t) => join('/usr/lib', t, 'kamailio', 'modules')), '/usr/lib/kamailio/modules'];
  const dir = dirs.find((d) => existsSync(join(d, 'tm.so')));
  if (dir === undefined) {
    throw missingPackage('Kamailio (modules directory)', 'kamailio');
  }
  if (!existsSync(join(dir, 'websocket.so'))) {
    throw missingPackage(`${dir}/websocket.so`, 'kamailio-websocket-modules');
  }
  return `${dir}/`;
}

function portUses({ ports, peers }: ResolvedOptions): PortUse[] {
  const uses: PortUse[] = [
    { port: ports.https, protocol: 'tcp', what: 'nginx https' },
    { port: ports.sip, protocol: 'udp', what: 'Kamailio SIP' },
    { port: ports.sip, protocol: 'tcp', what: 'Kamailio SIP' },
    { port: ports.ws, protocol: 'tcp', what: 'Kamailio ws' },
    { port: ports.siteA, protocol: 'udp', what: 'SIP Server site A' },
    { port: ports.siteB, protocol: 'udp', what: 'SIP Server site B' },
    { port: ports.turn, protocol: 'udp', what: 'coturn' },
    { port: ports.turn, protocol: 'tcp', what: 'coturn' },
    { port: ports.ng, protocol: 'udp', what: 'rtpengine ng' },
  ];
  if (peers) {
    uses.push(
      { port: ports.toneSip, protocol: 'udp', what: 'baresip 9000 SIP' },
      { port: ports.toneCtrl, protocol: 'tcp', what: 'baresip 9000 ctrl_tcp' },
      { port: ports.echoSip, protocol: 'udp', what: 'baresip 9001 SIP' },
      { port: ports.echoCtrl, protocol: 'tcp', what: 'baresip 9001 ctrl_tcp' },
    );
  }
  return uses;
}

/** sipp's tone (8 kHz µ-law); the tone peer makes its own (ausine). */
function makeTones(files: RenderedFiles): void {
  if (!existsSync(files.tonePcmuWav)) {
    writeToneFile(files.tonePcmuWav, { hz: TONE_PEER_HZ, seconds: 30, format: 'ulaw8k' });
  }
}

function specs(o: ResolvedOptions, files: RenderedFiles, bins: Record<string, string>): DaemonSpec[] {
  const { ports, runDir } = o;
  const kamailio = kamailioSpec(o, files, bins);
  const list: DaemonSpec[] = [
    {
      name: 'rtpengine',
      command: bins.rtpengine ?? 'rtpengine',
      args: [`--config-file=${files.rtpengineConf}`, '--config-section=rtpengine'],
      isReady: async () => (await udpRequest(ports.ng, 'wgb1 d7:command4:pinge', 300))?.includes('pong') ?? false,
    },
    ...SITE_NAMES.map((site): DaemonSpec => ({
      name: site,
      command: bins.kamailio ?? 'kamailio',
      args: ['-DD', '-E', '-m', '32', '-M', '4', '-f', files.siteCfgs[site], '-Y', runDir, '-w', runDir],
      isReady: () => pingSip(sitePort(ports, site)),
    })),
    kamailio,
    {
      name: 'turnserver',
      command: bins.turnserver ?? 'turnserver',
      args: ['-c', files.turnserverConf],
      isReady: () => isTcpListening(ports.turn),
    },
    {
      name: 'nginx',
      command: bins.nginx ?? 'nginx',
      args: ['-p', runDir, '-e', join(runDir, 'log', 'nginx-error.log'), '-c', files.nginxConf],
      isReady: () => isTcpListening(ports.https),
    },
  ];
  if (o.peers) {
    for (const [name, dir, ctrl, aor] of [
      ['baresip-9000', files.toneDir, ports.toneCtrl, '9000@127.0.0.1'],
      ['baresip-9001', files.echoDir, ports.echoCtrl, '9001@127.0.0.1'],
    ] as const) {
      list.push({
        name,
        command: bins.baresip ?? 'baresip',
        args: ['-f', dir],
        isReady: async () => (await isTcpListening(ctrl)) && (await lookupLocation(runDir, aor)) !== undefined,
      });
    }
  }
  return list;
}

function kamailioSpec(o: ResolvedOptions, files: RenderedFiles, bins: Record<string, string>): DaemonSpec {
  const { ports, runDir } = o;
  return {
    name: 'kamailio',
    command: bins.kamailio ?? 'kamailio',
    // -DD -E: foreground, log to stderr, so the spawned PID is the main process. -m: shared memory (MB),
    // ~90 KB per connected agent (kamailio.cfg, tcp_max_connections): 1024 holds ~10,000 agents. Pages
    // are only used as agents connect.
    args: [
      ...['-DD', '-E', '-m', '1024', '-M', '8', '-f', files.kamailioCfg, '-Y', runDir, '-w', runDir],
      ...clusterDefines(ports.sip, o.clusterPeerSipPort),
      ...(o.registerLimit === undefined ? [] : ['-A', `REGISTER_LIMIT=${o.registerLimit}`]),
    ],
    isReady: async () => (await isTcpListening(ports.ws)) && (await pingSip(ports.sip)),
  };
}

/** kamailio.cfg's cluster defines (WITH_DMQ): this node and its peer, both on 127.0.0.1. */
function clusterDefines(sipPort: number, peerSipPort: number | undefined): string[] {
  if (peerSipPort === undefined) {
    return [];
  }
  return [
    ...['-A', 'WITH_DMQ', '-A', `DMQ_SERVER="sip:127.0.0.1:${sipPort}"`],
    ...['-A', `DMQ_PEER="sip:127.0.0.1:${peerSipPort}"`, '-A', `DMQ_PEER_PORT=${peerSipPort}`],
  ];
}

function gatewayEnv(o: ResolvedOptions, tls: TlsFiles, files: RenderedFiles): Record<string, string> {
  const { ports } = o;
  return {
    WGB_RUN_DIR: o.runDir,
    WGB_GATEWAY_URL: `https://127.0.0.1:${ports.https}`,
    WGB_SIP_WS_URL: `wss://127.0.0.1:${ports.https}/ws`,
    WGB_GATEWAY_HTTPS_PORT: String(ports.https),
    WGB_SIP_PORT: String(ports.sip),
    WGB_KAMAILIO_WS_PORT: String(ports.ws),
    WGB_RTPENGINE_NG_PORT: String(ports.ng),
    WGB_TRUNK_PORT: String(ports.trunk),
    WGB_SITE_A: `127.0.0.1:${ports.siteA}`,
    WGB_SITE_B: `127.0.0.1:${ports.siteB}`,
    WGB_TURN_URL: `turn:127.0.0.1:${ports.turn}`,
    WGB_TONE_CTRL: `127.0.0.1:${ports.toneCtrl}`,
    WGB_ECHO_CTRL: `127.0.0.1:${ports.echoCtrl}`,
    WGB_TONE_PCMU_WAV: files.tonePcmuWav,
    WGB_WEB_ROOT: o.webRoot,
    WGB_TLS_CERT: tls.certFile,
    WGB_TLS_SPKI: spkiHash(tls.certFile),
    ...(tls.caFile === undefined ? {} : { WGB_CA_CERT: tls.caFile }),
  };
}

/**
 * Starts the gateway (see the module comment). Refuses when a daemon recorded in the run dir is
 * alive or a port is busy; on any failure stops what it started and rethrows.
 */
export async function startGateway(options: GatewayOptions = {}, log: Logger = silentLogger): Promise<Gateway> {
  const startedAt = performance.now();
  const o = resolveOptions(options);
  const bins: Record<string, string> = {};
  for (const { bin, pkg } of REQUIRED) {
    bins[bin] = requireBinary(bin, pkg);
  }
  if (o.peers) {
    bins.baresip = requireBinary('baresip', 'baresip-core');
  }
  const modulesDir = kamailioModulesDir();
  const mimeTypes = '/etc/nginx/mime.types';
  if (!existsSync(mimeTypes)) {
    throw missingPackage(mimeTypes, 'nginx-common');
  }
  if (!existsSync(NJS_MODULE)) {
    throw missingPackage(NJS_MODULE, 'libnginx-mod-http-js');
  }
  mkdirSync(join(o.runDir, 'log'), { recursive: true });
  const alive = readPids(o.runDir).filter(isRecordedAlive);
  if (alive.length > 0) {
    const list = alive.map((r) => `${r.name} (pid ${r.pid})`).join(', ');
    throw new Error(
      `gateway: already running in ${o.runDir}: ${list}. Stop it first: npm run gateway -- down --run-dir ${o.runDir}`,
    );
  }
  writePids(o.runDir, []);
  await assertPortsFree(portUses(o));
  if (!existsSync(join(o.webRoot, 'index.html'))) {
    log.warn(`${o.webRoot}/index.html not found: run \`npm run build\` for the PWA (config.json and /ws still work)`);
  }
  const tls = await resolveTls(o.tls, o.certsDir, o.runDir, log);
  const isRoot = getuid?.() === 0;
  const files = renderRunDir({
    options: o,
    tls,
    kamailioModulesDir: modulesDir,
    mimeTypesFile: mimeTypes,
    njsModule: NJS_MODULE,
    isRoot,
  });
  makeTones(files);
  journal(o.runDir, `start ${JSON.stringify(o.ports)}`);
  try {
    for (const spec of specs(o, files, bins)) {
      const t0 = performance.now();
      const record = await startDaemon(o.runDir, spec, o.startTimeoutMs);
      log.info(`${spec.name} ready (pid ${record.pid}, ${Math.round(performance.now() - t0)} ms)`);
      journal(o.runDir, `${spec.name} ready pid ${record.pid}`);
    }
  } catch (error) {
    journal(o.runDir, `start failed: ${String(error)}`);
    await stopRecorded(o.runDir);
    throw error;
  }
  const env = gatewayEnv(o, tls, files);
  writeFileSync(
    join(o.runDir, 'env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  return {
    runDir: o.runDir,
    ports: o.ports,
    origin: env.WGB_GATEWAY_URL ?? '',
    sipWebSocketUrl: env.WGB_SIP_WS_URL ?? '',
    tls,
    users: files.users,
    env,
    startMs: Math.round(performance.now() - startedAt),
    stop: () => stopGateway(o.runDir),
    restartKamailio: () => restartKamailio(o, files, bins),
  };
}

/** Stops the gateway recorded in `runDir` (also one started by another process, e.g. `cli up`). */
export async function stopGateway(runDir: string): Promise<void> {
  journal(runDir, 'stop');
  await stopRecorded(runDir);
}

async function restartKamailio(o: ResolvedOptions, files: RenderedFiles, bins: Record<string, string>): Promise<void> {
  const records = readPids(o.runDir);
  const index = records.findIndex((r) => r.name === 'kamailio');
  const old = records[index];
  if (old === undefined) {
    throw new Error(`gateway: no kamailio recorded in ${o.runDir}`);
  }
  await stopDaemon(old);
  writePids(
    o.runDir,
    records.filter((r) => r !== old),
  );
  const fresh = await startDaemon(o.runDir, kamailioSpec(o, files, bins), o.startTimeoutMs);
  // Keep the start order in the pids file, so stop() still ends Kamailio after the peers.
  records[index] = fresh;
  writePids(o.runDir, records);
  journal(o.runDir, `kamailio restarted pid ${fresh.pid}`);
}

/**
 * Free, non-default ports for a second gateway next to one on the defaults (tests, parallel e2e).
 * The trunk port is only reserved, not bound; RTP ranges are picked below the ephemeral range.
 */
export async function freeGatewayPorts(): Promise<GatewayPorts> {
  const tcp = ['https', 'ws', 'toneCtrl', 'echoCtrl'] as const;
  const udp = ['sip', 'ng', 'trunk', 'toneSip', 'echoSip', 'siteA', 'siteB', 'turn'] as const;
  const found = await freePorts([...tcp, ...udp], udp);
  const block = 20_000 + Math.floor(Math.random() * 20) * 600;
  return {
    ...found,
    rtpMin: block,
    rtpMax: block + 199,
    peerRtpBase: block + 200,
    turnRelayMin: block + 400,
    turnRelayMax: block + 599,
  };
}

/** Two sets of free ports that share no port and no media range: two nodes of a cluster on one host. */
export async function twoPortSets(): Promise<[GatewayPorts, GatewayPorts]> {
  const first = await freeGatewayPorts();
  for (;;) {
    const second = await freeGatewayPorts();
    const taken = new Set(Object.values(first));
    const clash = Object.values(second).some((port) => taken.has(port)) || second.rtpMin === first.rtpMin;
    if (!clash) {
      return [first, second];
    }
  }
}
