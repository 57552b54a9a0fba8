/**
 * createCompanion builds the whole companion (HTTP edge, relay, WWE session) around an HTTPS server
 * it never listens on: main.ts listens on 127.0.0.1:8000, tests on 127.0.0.1:0. The HTTP edge is an
 * Express app (http/edge.ts); the relay WebSocket takes the server's upgrades.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  endedCall,
  homeRegistration,
  type PhoneSnapshot,
} from '../../protocol/src/index.ts';
import { callAlarmEvents } from './call-alarms.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { pageRoutes } from './dashboard.ts';
import { EventHub } from './events.ts';
import { Journal } from './helpdesk/journal.ts';
import { createEdge } from './http/edge.ts';
import { PortNames } from './http/guards.ts';
import type { Route } from './http/route.ts';
import { connectorV2Routes } from './http/routes-connector-v2.ts';
import { extensionRoutes } from './http/routes-extension.ts';
import { pairingRoutes } from './http/routes-pairing.ts';
import { guessedWweRoutes, wweRoutes } from './http/routes-wwe.ts';
import type { Logger } from './log.ts';
import { createOpener, type Opener } from './opener.ts';
import { PairingRequests } from './pairing-requests.ts';
import { Relay } from './relay/relay.ts';
import { createRelayServer } from './relay/ws-upgrade.ts';
import type { SameUserCheck } from './same-user.ts';
import { DesiredRegistration } from './wwe/desired-registration.ts';
import { WweSession } from './wwe/session.ts';
import type { SettingsStore } from './wwe/settings-file.ts';

export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
  /** Intermediate/CA certificates to send with the leaf, if any. */
  ca?: string | Buffer;
}

export interface CompanionDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  tls: TlsMaterial;
  pairingSecret: string;
  /** Tells whether a loopback caller is a process of the companion's own OS user (same-user.ts). */
  sameUser: SameUserCheck;
  companionVersion?: string;
  opener?: Opener;
  /** Recent log lines (already redacted), for the dashboard's support bundle. */
  recentLog: { readonly lines: readonly string[] };
  /** Where WWE's settings are kept for its session (main.ts: the data folder). */
  settingsStore?: SettingsStore;
}

export interface Companion {
  server: Server;
  relay: Relay;
  session: WweSession;
  desired: DesiredRegistration;
  hub: EventHub;
  /** Closes relay sockets (1001), event streams and the server. */
  close(): Promise<void>;
}

/** How long a shutdown waits for the answers in flight before it cuts the connections. */
const SHUTDOWN_GRACE_MS = 2_000;

export function createCompanion(deps: CompanionDeps): Companion {
  const { config, clock } = deps;
  const log = deps.log;
  log.addSecret(deps.pairingSecret);
  if (config.extensionApi.token) {
    log.addSecret(config.extensionApi.token);
  }

  const server = createServer({
    cert: deps.tls.cert,
    key: deps.tls.key,
    ca: deps.tls.ca,
    minVersion: 'TLSv1.2',
    // A loopback handshake takes milliseconds; a socket that sends half a record and waits is cut (Node: 120 s).
    handshakeTimeout: 5_000,
    // Node's own backstop behind the edge's body deadline (408 JSON): headers within 10 s, the whole
    // request within the body deadline + 5 s, checked every second (Node's default is every 30 s).
    headersTimeout: Math.min(10_000, config.limits.bodyTimeoutMs + 5_000),
    requestTimeout: config.limits.bodyTimeoutMs + 5_000,
    connectionsCheckingInterval: 1_000,
  });
  server.maxConnections = config.limits.connections;
  // The listening port, read once the server listens (server.address() is a system call per use).
  let listeningPort: number | undefined;
  server.on('listening', () => {
    listeningPort = (server.address() as AddressInfo | null)?.port;
  });
  server.on('close', () => {
    listeningPort = undefined;
  });
  const port = (): number => listeningPort ?? (server.address() as AddressInfo | null)?.port ?? config.port;
  const names = new PortNames(port);

  const hub = new EventHub(config.recentEvents);
  const relay = new Relay({ log: log.child('relay'), clock, timeoutsMs: config.relay.commandTimeoutsMs });
  const session = new WweSession({
    clock,
    log: log.child('wwe'),
    defaultPingPeriodMs: config.wwe.defaultPingPeriodMs,
    defaultMaxFailedPing: config.wwe.maxFailedPing,
    ...(deps.settingsStore ? { store: deps.settingsStore } : {}),
  });
  const opener = deps.opener ?? createOpener({ config, log: log.child('opener'), clock });
  const desired = new DesiredRegistration({ relay, log: log.child('wwe'), hub, clock, opener });
  desired.setSettings(session.applied);
  session.on('settings', (applied) => desired.setSettings(applied));
  publishTransitions({ relay, session, hub, clock, desired, config, log });

  const pairing = new PairingRequests(() => clock.now(), deps.pairingSecret);
  const streams = new Set<{ end(): void }>();
  const routes: Route[] = [
    ...wweRoutes({ relay, desired, session }),
    ...guessedWweRoutes({ relay, desired, session }),
    ...connectorV2Routes({ relay, desired, session }),
    ...extensionRoutes({ relay, hub, clock, streams }),
    ...pageRoutes({
      config,
      clock,
      log: log.child('pages'),
      relay,
      desired,
      session,
      journal: new Journal(hub, config.recentEvents),
      secrets: [deps.pairingSecret, config.extensionApi.token ?? ''],
      certificatePem: deps.tls.cert,
      companionVersion: deps.companionVersion ?? '0.0.0',
      recentLog: deps.recentLog,
    }),
    ...pairingRoutes({ log: log.child('pairing'), requests: pairing, sameUser: deps.sameUser }),
  ];
  const edge = createEdge({ config, clock, log: log.child('http'), names, routes });
  server.on('request', edge.app);
  const relayServer = createRelayServer({
    config,
    log: log.child('relay'),
    clock,
    relay,
    pairingSecret: deps.pairingSecret,
    takeOver: { sameUser: deps.sameUser, consumeConfirmation: () => pairing.consumeTakeOver() },
    port,
    companionVersion: deps.companionVersion ?? '0.0.0',
  });
  server.on('upgrade', (req, socket, head) => relayServer.handleUpgrade(req, socket, head));
  server.on('tlsClientError', (err) => log.debug('TLS handshake failed', { err: err.message }));

  return {
    server,
    relay,
    session,
    desired,
    hub,
    close: async () => {
      session.stop();
      // New requests are answered 503; commands in flight fail with PWA_DISCONNECTED (503) and are
      // answered before the connections are cut.
      const drained = edge.drain(SHUTDOWN_GRACE_MS);
      relayServer.closeAll(CLOSE_CODES.GOING_AWAY, 'the companion is shutting down');
      relay.close();
      for (const stream of streams) {
        stream.end();
      }
      const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : null;
      await drained;
      edge.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Turns relay and session transitions into dashboard/SSE events and logs. */
function publishTransitions(deps: {
  relay: Relay;
  session: WweSession;
  hub: EventHub;
  clock: Clock;
  desired: DesiredRegistration;
  config: Config;
  log: Logger;
}): void {
  const { relay, session, hub, clock, desired, config, log } = deps;
  relay.on('connected', (link) => {
    hub.publish({ type: 'pwa-link', at: clock.now(), state: 'connected', appVersion: link.appVersion });
    link.send({ type: 'wwe', v: PROTOCOL_VERSION, session: session.state.state });
  });
  relay.on('unresponsive', () => hub.publish({ type: 'pwa-link', at: clock.now(), state: 'unresponsive' }));
  relay.on('responsive', () => hub.publish({ type: 'pwa-link', at: clock.now(), state: 'responsive' }));
  relay.on('disconnected', (_link, info) =>
    hub.publish({ type: 'pwa-link', at: clock.now(), state: 'disconnected', code: info.code }),
  );
  relay.on('snapshot', (current: PhoneSnapshot | null, previous: PhoneSnapshot | null) => {
    const at = clock.now();
    const reg = homeRegistration(current);
    if (JSON.stringify(reg) !== JSON.stringify(homeRegistration(previous))) {
      log.info('registration changed', { state: reg?.state ?? 'no PWA', dn: reg && 'dn' in reg ? reg.dn : undefined });
      hub.publish({ type: 'registration', at, registration: reg });
    }
    const before = new Map((previous?.calls ?? []).map((call) => [call.callId, call]));
    for (const call of current?.calls ?? []) {
      const was = before.get(call.callId);
      if (JSON.stringify(was) !== JSON.stringify(call)) {
        hub.publish({ type: 'call', at, call });
        callAlarmEvents(was, call, at).forEach((event) => hub.publish(event));
      }
      before.delete(call.callId);
    }
    for (const gone of before.values()) {
      if (gone.state !== 'ended') {
        hub.publish({ type: 'call', at, call: endedCall(gone, at, 'Terminated') });
      }
    }
  });
  session.on('change', (state) => {
    hub.publish({ type: 'wwe-session', at: clock.now(), state: state.state, periodMs: session.pingPeriodMs });
    relay.link?.send({ type: 'wwe', v: PROTOCOL_VERSION, session: state.state });
    if (state.state === 'lost' && config.wwe.onSessionLost === 'unregister' && desired.current) {
      log.warn('WWE session lost: unregistering the DN (wwe.onSessionLost = unregister)');
      desired.unregister().catch((err: unknown) => log.warn('unregister after WWE session loss failed', { err }));
    }
  });
}
