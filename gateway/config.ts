/**
 * Typed options of the local gateway: ports, paths and their defaults (team brief "Local gateway
 * defaults"). Pure: reads no environment; cli.ts maps env/argv onto these options.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** Every port the gateway binds, plus the trusted trunk source port it only recognises. */
export interface GatewayPorts {
  /** nginx HTTPS origin (PWA, /config.json, wss /ws). */
  https: number;
  /** Kamailio UDP and TCP. */
  sip: number;
  /** Kamailio plain ws, reached only through nginx. */
  ws: number;
  /** rtpengine control (ng protocol, UDP). */
  ng: number;
  /** Source port of the trusted "Genesys SIP Server" trunk (sipp in e2e); not bound by the gateway. */
  trunk: number;
  /** rtpengine media port range. */
  rtpMin: number;
  rtpMax: number;
  /** Demo peer 9000 (tone): SIP UDP/TCP and ctrl_tcp. */
  toneSip: number;
  toneCtrl: number;
  /** Demo peer 9001 (echo): SIP UDP/TCP and ctrl_tcp. */
  echoSip: number;
  echoCtrl: number;
  /** First RTP port of the demo peers (tone uses +0..+99, echo +100..+199). */
  peerRtpBase: number;
  /** The two Genesys SIP Server sites of a Business Continuity pair (UDP), behind the gateway. */
  siteA: number;
  siteB: number;
  /** coturn (UDP and TCP) and the relay ports it allocates. */
  turn: number;
  turnRelayMin: number;
  turnRelayMax: number;
}

/** The SIP Server sites of the Business Continuity pair, in WWE's slot order. */
export const SITE_NAMES = ['site-a', 'site-b'] as const;
export type SiteName = (typeof SITE_NAMES)[number];

export function sitePort(ports: GatewayPorts, site: SiteName): number {
  return site === 'site-a' ? ports.siteA : ports.siteB;
}

/** Defaults from the team brief. */
export const DEFAULT_PORTS: GatewayPorts = {
  https: 8443,
  sip: 5060,
  ws: 8080,
  ng: 22222,
  trunk: 5080,
  rtpMin: 30000,
  rtpMax: 30199,
  toneSip: 5070,
  toneCtrl: 4444,
  echoSip: 5072,
  echoCtrl: 4445,
  peerRtpBase: 31000,
  siteA: 5064,
  siteB: 5066,
  turn: 3478,
  turnRelayMin: 30400,
  turnRelayMax: 30599,
};

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the config templates live. */
export const TEMPLATES_DIR = join(REPO_ROOT, 'gateway', 'templates');

/** TLS files nginx presents. */
export interface TlsFiles {
  /** Leaf (then chain) PEM for nginx `ssl_certificate`. */
  certFile: string;
  keyFile: string;
  /** The CA to trust, when the certificate comes from certs/ (undefined for a self-signed one). */
  caFile?: string | undefined;
}

/** Options of startGateway(); everything optional. */
export interface GatewayOptions {
  /** Rendered configs, pids, logs. Default `<repo>/.run/gateway`. */
  runDir?: string;
  ports?: Partial<GatewayPorts>;
  /** Built PWA served by nginx. Default `<repo>/dist/web`. */
  webRoot?: string;
  /** The path the PWA is served under, as it was built (WGB_BASE). Default `/`. */
  basePath?: string;
  /** Explicit certificate + key for nginx; wins over certsDir. */
  tls?: TlsFiles;
  /** Directory for certs/local-ca.ts ensureCertificates(). Without it (and without tls) a throwaway self-signed cert is made in the run dir. */
  certsDir?: string;
  /** "user password" lines. Default templates/users.txt. */
  usersFile?: string;
  /** Start the baresip demo peers 9000 (tone) and 9001 (echo). Default true. */
  peers?: boolean;
  /** Let baresip's sndfile module dump each call's audio into <run>/recordings (grows fast). Default false. */
  recordPeerCalls?: boolean;
  /** Bounded wait per component, ms. Default 15000. */
  startTimeoutMs?: number;
  /** Companion URL written into /config.json. Default https://127.0.0.1:8000. */
  companionUrl?: string;
  /**
   * A node of a cluster: Kamailio replicates its registrations (DMQ) with the node whose Kamailio
   * listens on this SIP port (on 127.0.0.1), and hands calls for that node's agents to it.
   */
  clusterPeerSipPort?: number;
  /** kamailio.cfg's REGISTER_LIMIT (REGISTERs per second the node takes); default the template's. */
  registerLimit?: number;
  /**
   * Serve `GET /sip-credentials?dn=` (short-lived SIP credentials, Kamailio's auth_ephemeral). Default
   * false: whoever reaches it gets credentials for the DN it names, so a site turns it on only behind
   * its own authentication of the agent (docs/admin-guide.md).
   */
  sipCredentials?: boolean;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  runDir: string;
  ports: GatewayPorts;
  webRoot: string;
  basePath: string;
  tls: TlsFiles | undefined;
  certsDir: string | undefined;
  usersFile: string;
  peers: boolean;
  recordPeerCalls: boolean;
  startTimeoutMs: number;
  companionUrl: string;
  clusterPeerSipPort: number | undefined;
  registerLimit: number | undefined;
  sipCredentials: boolean;
}

/**
 * The path the PWA is served under: `/` (a whole hostname) or a sub-path such as `/wwe-webrtc-gateway/`.
 * The PWA build (web/vite.config.ts) and the gateway's nginx read the same WGB_BASE through this.
 */
export function parseBasePath(value: string | undefined): string {
  const trimmed = value?.trim() ?? '';
  const base = trimmed === '' ? '/' : trimmed;
  if (!/^\/([A-Za-z0-9._~-]+\/)*$/.test(base)) {
    throw new Error(
      `WGB_BASE must be a path that starts and ends with "/", such as /wwe-webrtc-gateway/ (got "${base}")`,
    );
  }
  return base;
}

/** Applies defaults and checks the ports are sane. */
export function resolveOptions(options: GatewayOptions = {}): ResolvedOptions {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`gateway: port ${name}=${String(port)} is not a valid port`);
    }
  }
  if (ports.rtpMax <= ports.rtpMin) {
    throw new Error(`gateway: rtpMax ${ports.rtpMax} must be above rtpMin ${ports.rtpMin}`);
  }
  return {
    runDir: resolve(options.runDir ?? join(REPO_ROOT, '.run', 'gateway')),
    ports,
    webRoot: resolve(options.webRoot ?? join(REPO_ROOT, 'dist', 'web')),
    basePath: parseBasePath(options.basePath),
    tls: options.tls,
    certsDir: options.certsDir,
    usersFile: options.usersFile ?? join(TEMPLATES_DIR, 'users.txt'),
    peers: options.peers ?? true,
    recordPeerCalls: options.recordPeerCalls ?? false,
    startTimeoutMs: options.startTimeoutMs ?? 15_000,
    companionUrl: options.companionUrl ?? 'https://127.0.0.1:8000',
    clusterPeerSipPort: options.clusterPeerSipPort,
    registerLimit: options.registerLimit,
    sipCredentials: options.sipCredentials ?? false,
  };
}
