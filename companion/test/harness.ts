/**
 * Starts a real companion on https://127.0.0.1:0 with throwaway certificates and a captured log,
 * and gives tests an HTTPS client that behaves like a browser page on a chosen origin.
 */
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { request as httpsRequest, Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCompanion, type Companion } from '../src/app.ts';
import { systemClock, type Clock } from '../src/clock.ts';
import { defaultConfig, mergeDeep, parseConfig, type Config } from '../src/config.ts';
import { createLogger, memorySink } from '../src/log.ts';
import type { Opener } from '../src/opener.ts';
import { createPairingSecret } from '../src/pairing.ts';
import { createSameUserCheck, type SameUserCheck } from '../src/same-user.ts';
import { testTls } from './certs.ts';
import { FakePwa, type FakePwaOptions } from './fake-pwa.ts';

export const WWE_ORIGIN = 'http://192.168.210.54:8090';
export const PWA_ORIGIN = 'https://127.0.0.1:8443';
export const EXT_ORIGIN = 'https://crm.example.test';
export const EVIL_ORIGIN = 'https://evil.example';
export const EXT_TOKEN = 'test-token-0123456789abcdef';
/** What WWE's jQuery sends on every request, GETs included (docs/protocol.md, "What WWE sends"). */
export const WWE_CONTENT_TYPE = 'application/json; charset=UTF-8';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface RequestOptions {
  origin?: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string | object;
  contentType?: string;
}

export interface Harness {
  companion: Companion;
  config: Config;
  port: number;
  secret: string;
  logLines: string[];
  opened: string[];
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResult>;
  /** A WWE-style call: preflight first, then the request with WWE's Content-Type, from WWE's origin. */
  wwe(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<HttpResult>;
  /**
   * Links a fake PWA. Windows this harness linked before are closed first (a reload: the old socket
   * closes, then the new one links); `beside: true` keeps them, to test a take-over.
   */
  connectPwa(options?: Partial<FakePwaOptions>, how?: { beside?: boolean }): Promise<FakePwa>;
  close(): Promise<void>;
}

export async function startCompanion(
  overrides: Record<string, unknown> = {},
  options: { clock?: Clock; sameUser?: SameUserCheck } = {},
): Promise<Harness> {
  const tls = testTls();
  const base = defaultConfig('/nonexistent-test-data-dir') as unknown as Record<string, unknown>;
  const config = parseConfig(
    mergeDeep(
      mergeDeep(base, { port: 0, wweOrigins: [WWE_ORIGIN], pwaOrigins: [PWA_ORIGIN], log: { level: 'debug' } }),
      overrides,
    ),
  );
  const sink = memorySink();
  const log = createLogger({ level: config.log.level, sinks: [sink] });
  const secret = createPairingSecret();
  const opened: string[] = [];
  const opener: Opener = { open: (reason) => opened.push(reason) };
  const companion = createCompanion({
    config,
    log,
    clock: options.clock ?? systemClock,
    tls,
    pairingSecret: secret,
    sameUser:
      options.sameUser ??
      createSameUserCheck({ platform: process.platform, ownUid: process.getuid?.(), ownPid: process.pid }),
    companionVersion: '0.1.0-test',
    opener,
    recentLog: sink,
  });
  companion.server.listen(0, '127.0.0.1');
  await once(companion.server, 'listening');
  const port = (companion.server.address() as AddressInfo).port;
  const agent = new Agent({ ca: tls.cert, keepAlive: true });
  const pwas: FakePwa[] = [];

  const request = (method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> =>
    new Promise((resolve, reject) => {
      const body =
        opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      const headers: Record<string, string> = { Host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers };
      if (opts.origin) {
        headers.Origin = opts.origin;
      }
      if (opts.contentType) {
        headers['Content-Type'] = opts.contentType;
      } else if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      if (body !== undefined) {
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      // servername is fixed so a forged Host header still reaches the app-level Host check.
      const req = httpsRequest(
        { host: '127.0.0.1', servername: 'localhost', port, method, path, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const wwe = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<HttpResult> => {
    const preflight = await request('OPTIONS', path, {
      origin: WWE_ORIGIN,
      headers: { 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'content-type' },
    });
    if (preflight.status !== 200 || preflight.headers['access-control-allow-origin'] !== WWE_ORIGIN) {
      throw new Error(`preflight of ${path} failed: ${preflight.status}`);
    }
    return request(method, path, {
      origin: WWE_ORIGIN,
      contentType: WWE_CONTENT_TYPE,
      ...(body === undefined ? {} : { body }),
    });
  };

  const closePwas = async (): Promise<void> => {
    const open = pwas.filter((pwa) => pwa.ws.readyState === pwa.ws.OPEN || pwa.ws.readyState === pwa.ws.CONNECTING);
    const detached = companion.relay.link ? once(companion.relay, 'disconnected') : null;
    for (const pwa of open) {
      pwa.ws.close();
    }
    await Promise.all(open.map((pwa) => pwa.closed));
    if (open.length > 0 && companion.relay.link && detached) {
      // The companion sees the close a moment after the client does (bounded: a link opened outside
      // the harness is not ours to wait for).
      await Promise.race([detached, delay(2_000)]);
    }
  };

  return {
    companion,
    config,
    port,
    secret,
    logLines: sink.lines,
    opened,
    request,
    wwe,
    async connectPwa(pwaOptions = {}, { beside = false } = {}) {
      if (!beside) {
        await closePwas();
      }
      const pwa = await FakePwa.connect({ port, ca: tls.cert, secret, ...pwaOptions });
      pwas.push(pwa);
      return pwa;
    },
    async close() {
      for (const pwa of pwas) {
        pwa.ws.terminate();
      }
      agent.destroy();
      await companion.close();
    },
  };
}

/**
 * The whole pairing as the PWA and the agent do it (start from the PWA origin, type the code on the
 * companion's page, claim with the token): the claim also lets one window take over a live link.
 */
export async function pairAgain(h: Harness): Promise<void> {
  const started = (await h.request('POST', '/pair/requests', { origin: PWA_ORIGIN, body: {} })).json as {
    requestId: string;
    code: string;
    claimToken: string;
  };
  const steps = [
    await h.request('POST', `/pair/requests/${started.requestId}/confirm`, {
      origin: `https://127.0.0.1:${h.port}`,
      body: { code: started.code },
    }),
    await h.request('POST', `/pair/requests/${started.requestId}/claim`, {
      origin: PWA_ORIGIN,
      body: { claimToken: started.claimToken },
    }),
  ];
  if (steps.some((res) => res.status !== 200)) {
    throw new Error(`pairing failed: ${steps.map((res) => `${res.status} ${res.text}`).join('; ')}`);
  }
}

/** Resolves when `predicate` holds for the companion's snapshot (no sleeps: waits on relay events). */
export async function snapshotWhere(
  companion: Companion,
  predicate: (snapshot: NonNullable<Companion['relay']['snapshot']>) => boolean,
): Promise<void> {
  for (;;) {
    const snapshot = companion.relay.snapshot;
    if (snapshot && predicate(snapshot)) {
      return;
    }
    await once(companion.relay, 'snapshot');
  }
}
