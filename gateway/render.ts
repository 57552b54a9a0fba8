/**
 * Renders the config templates (templates/*) into a run directory. Pure text functions plus one
 * writer; starts nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SITE_NAMES, sitePort, TEMPLATES_DIR, type ResolvedOptions, type SiteName, type TlsFiles } from './config.ts';

/** Values substituted for `@NAME@` placeholders. */
export type TemplateVars = Record<string, string | number>;

/** Replaces every `@NAME@`; throws if a placeholder has no value (a typo would ship silently). */
export function renderTemplate(text: string, vars: TemplateVars, name = 'template'): string {
  return text.replace(/@([A-Z][A-Z0-9_]*)@/g, (_match, key: string) => {
    const value = vars[key];
    if (value === undefined) {
      throw new Error(`gateway: ${name} uses @${key}@ but no value was given`);
    }
    return String(value);
  });
}

/** A demo/agent account from the users file. */
export interface GatewayUser {
  user: string;
  password: string;
}

/** Parses "user password" lines; `#` starts a comment. */
export function parseUsers(text: string): GatewayUser[] {
  const users: GatewayUser[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') {
      continue;
    }
    const [user, password, ...rest] = line.split(/\s+/);
    if (user === undefined || password === undefined || rest.length > 0) {
      throw new Error(`gateway: users file line "${line}" is not "<user> <password>"`);
    }
    if (!/^[A-Za-z0-9._-]+$/.test(user) || !/^[A-Za-z0-9._~!*+-]+$/.test(password)) {
      throw new Error(`gateway: user "${user}" has characters the Kamailio htable line cannot carry`);
    }
    users.push({ user, password });
  }
  return users;
}

/**
 * The `users` htable as a db_text table (Kamailio's htable loads it at start): one row per user, a
 * string value under the user's name. A file, not config statements: every statement costs each
 * Kamailio process private memory while the config is parsed, and ~2,000 users exhausted it.
 */
export function renderUsersTable(users: readonly GatewayUser[]): string {
  const header = 'id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)';
  return [header, ...users.map(({ user, password }, i) => `${i + 1}:${user}:0:0:${password}:0`)].join('\n') + '\n';
}

/** The tone peer's (9000) and the SIP Server scenarios' tone. */
export const TONE_PEER_HZ = 440;

/** Paths of the files the daemons are started with. */
export interface RenderedFiles {
  kamailioCfg: string;
  /** One config per SIP Server site (the Business Continuity pair). */
  siteCfgs: Record<SiteName, string>;
  nginxConf: string;
  turnserverConf: string;
  rtpengineConf: string;
  toneDir: string;
  echoDir: string;
  tonePcmuWav: string;
  users: GatewayUser[];
}

/**
 * nginx's `root` for the PWA: the build itself when it is served at `/`; for a sub-path, a folder in the
 * run dir where `<base>` is a link to the build, so `root` + the request path finds the files.
 */
function appRoot(runDir: string, webRoot: string, basePath: string): string {
  if (basePath === '/') {
    return webRoot;
  }
  const root = join(runDir, 'app-root');
  rmSync(root, { recursive: true, force: true });
  const link = join(root, basePath);
  mkdirSync(dirname(link.replace(/\/$/, '')), { recursive: true });
  symlinkSync(webRoot, link.replace(/\/$/, ''), 'dir');
  return root;
}

function template(name: string): string {
  return readFileSync(join(TEMPLATES_DIR, name), 'utf8');
}

interface RenderInput {
  options: ResolvedOptions;
  tls: TlsFiles;
  kamailioModulesDir: string;
  mimeTypesFile: string;
  njsModule: string;
  isRoot: boolean;
}

/** Writes every config into the run directory and returns their paths. */
export function renderRunDir({
  options,
  tls,
  kamailioModulesDir,
  mimeTypesFile,
  njsModule,
  isRoot,
}: RenderInput): RenderedFiles {
  const { runDir, ports } = options;
  for (const dir of ['log', 'www', 'nginx-tmp', 'baresip-tone', 'baresip-echo', 'recordings']) {
    mkdirSync(join(runDir, dir), { recursive: true });
  }
  const users = parseUsers(readFileSync(options.usersFile, 'utf8'));
  const common = { RUN_DIR: runDir, SIP_PORT: ports.sip, WS_PORT: ports.ws, NG_PORT: ports.ng };
  const files: RenderedFiles = {
    kamailioCfg: join(runDir, 'kamailio.cfg'),
    siteCfgs: { 'site-a': join(runDir, 'site-a.cfg'), 'site-b': join(runDir, 'site-b.cfg') },
    nginxConf: join(runDir, 'nginx.conf'),
    turnserverConf: join(runDir, 'turnserver.conf'),
    rtpengineConf: join(runDir, 'rtpengine.conf'),
    toneDir: join(runDir, 'baresip-tone'),
    echoDir: join(runDir, 'baresip-echo'),
    tonePcmuWav: join(runDir, 'tone-440-pcmu.wav'),
    users,
  };
  const usersDb = join(runDir, 'users-db');
  mkdirSync(usersDb, { recursive: true });
  writeFileSync(join(usersDb, 'users'), renderUsersTable(users), { mode: 0o600 });
  // One secret per start for the ephemeral SIP credentials, shared by Kamailio (auth_ephemeral) and
  // nginx's issuer; like the TURN secret, never written elsewhere.
  const sipCredentialsSecret = randomBytes(24).toString('base64url');
  const kamailioVars = {
    ...common,
    SIP_CREDENTIALS_SECRET: sipCredentialsSecret,
    TRUNK_PORT: ports.trunk,
    SITE_A_PORT: ports.siteA,
    SITE_B_PORT: ports.siteB,
    MODULES_DIR: kamailioModulesDir,
    USERS_DB: usersDb,
  };
  writeFileSync(files.kamailioCfg, renderTemplate(template('kamailio.cfg'), kamailioVars, 'kamailio.cfg'), {
    mode: 0o600,
  });
  for (const site of SITE_NAMES) {
    const siteVars = {
      RUN_DIR: runDir,
      MODULES_DIR: kamailioModulesDir,
      SITE_NAME: site,
      SITE_PORT: sitePort(ports, site),
    };
    writeFileSync(
      files.siteCfgs[site],
      renderTemplate(template('sip-server-site.cfg'), siteVars, 'sip-server-site.cfg'),
    );
  }
  // One TURN secret per start, shared by coturn and nginx's credential issuer; never written elsewhere.
  const turnSecret = randomBytes(24).toString('base64url');
  const turnVars = {
    RUN_DIR: runDir,
    TURN_PORT: ports.turn,
    TURN_RELAY_MIN: ports.turnRelayMin,
    TURN_RELAY_MAX: ports.turnRelayMax,
    TURN_QUOTA: ports.turnRelayMax - ports.turnRelayMin + 1,
    TURN_SECRET: turnSecret,
  };
  writeFileSync(files.turnserverConf, renderTemplate(template('turnserver.conf'), turnVars, 'turnserver.conf'), {
    mode: 0o600,
  });
  writeFileSync(join(runDir, 'turn-credentials.js'), template('turn-credentials.js'));
  const nginxVars = {
    ...common,
    NJS_MODULE: njsModule,
    TURN_PORT: ports.turn,
    TURN_SECRET: turnSecret,
    SIP_CREDENTIALS_SECRET: sipCredentialsSecret,
    SIP_CREDENTIALS_ENABLED: options.sipCredentials ? 'on' : 'off',
    HTTPS_PORT: ports.https,
    TLS_CERT: tls.certFile,
    TLS_KEY: tls.keyFile,
    BASE_PATH: options.basePath,
    APP_ROOT: appRoot(runDir, options.webRoot, options.basePath),
    MIME_TYPES: mimeTypesFile,
    USER_DIRECTIVE: isRoot ? 'user root;  # running as root: keep workers able to read the run dir' : '',
  };
  writeFileSync(files.nginxConf, renderTemplate(template('nginx.conf'), nginxVars, 'nginx.conf'), { mode: 0o600 });
  const configJson = { SIP_DOMAIN: '127.0.0.1', COMPANION_URL: options.companionUrl };
  writeFileSync(join(runDir, 'www', 'config.json'), renderTemplate(template('config.json'), configJson, 'config.json'));
  const rtpVars = { ...common, RTP_PORT_MIN: ports.rtpMin, RTP_PORT_MAX: ports.rtpMax };
  writeFileSync(files.rtpengineConf, renderTemplate(template('rtpengine.conf'), rtpVars, 'rtpengine.conf'));
  writePeer(files.toneDir, options, 'tone', users);
  writePeer(files.echoDir, options, 'echo', users);
  return files;
}

function writePeer(dir: string, options: ResolvedOptions, kind: 'tone' | 'echo', users: readonly GatewayUser[]): void {
  const { ports, runDir } = options;
  const isTone = kind === 'tone';
  const rtpBase = ports.peerRtpBase + (isTone ? 0 : 100);
  const record = options.recordPeerCalls ? `module\t\t\tsndfile.so\nsnd_path\t\t${join(runDir, 'recordings')}` : '';
  const vars = {
    SIP_LISTEN_PORT: isTone ? ports.toneSip : ports.echoSip,
    CTRL_PORT: isTone ? ports.toneCtrl : ports.echoCtrl,
    RTP_PORT_MIN: rtpBase,
    RTP_PORT_MAX: rtpBase + 99,
    MODULES_DIR: '/usr/lib/baresip/modules',
    // The echo module loops each call through aubridge (device name = the call).
    AUDIO_SOURCE: isTone ? `ausine,${TONE_PEER_HZ}` : 'aubridge,echo',
    AUSRC_CHANNELS: isTone ? 2 : 1,
    AUDIO_PLAYER: isTone ? 'aubridge,sink' : 'aubridge,echo',
    EXTRA_MODULES: record,
    EXTRA_APP_MODULES: isTone ? '' : 'module_app\t\techo.so',
  };
  writeFileSync(join(dir, 'config'), renderTemplate(template('baresip.conf'), vars, 'baresip.conf'));
  const user = isTone ? '9000' : '9001';
  const password = users.find((u) => u.user === user)?.password;
  if (password === undefined) {
    throw new Error(`gateway: the users file has no ${user} (demo peer ${kind})`);
  }
  const sip = `127.0.0.1:${ports.sip}`;
  // The echo module answers by itself; auto-answer from menu.so would answer twice.
  // G.711 only, like a customer reached through Genesys SIP Server and a carrier: the browser leg's
  // opus is transcoded by rtpengine.
  const answer = isTone ? 'auto' : 'manual';
  const account =
    `<sip:${user}@127.0.0.1;transport=udp>;auth_pass=${password};answermode=${answer};regint=600;` +
    `audio_codecs=pcmu,pcma;outbound="sip:${sip};transport=udp"\n`;
  writeFileSync(join(dir, 'accounts'), account);
  writeFileSync(join(dir, 'contacts'), '');
}
