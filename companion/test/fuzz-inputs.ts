/**
 * Generators of malformed input for the companion (fast-check arbitraries): HTTPS requests with
 * hostile methods, paths, headers and bodies; raw request bytes with broken framing; relay frames.
 * Each aims at a parser or a guard: body-parser, the router, the Host/Origin checks, the schemas,
 * Node's HTTP parser and the relay's frame validation.
 */
import fc from 'fast-check';
import { EVIL_ORIGIN, EXT_ORIGIN, EXT_TOKEN, PWA_ORIGIN, WWE_ORIGIN } from './harness.ts';
import { PROTOCOL_VERSION } from '../../protocol/src/index.ts';

const PATHS = [
  '/',
  '/Ping',
  '/GetDnSIP',
  '/SetOptions',
  '/SetSIPEndpointParameters',
  '/RegisterDn/',
  '/RegisterDn',
  '/UnregisterDn/',
  '/GetIsEndpointActive',
  '/GetSIPEndpointParameters',
  '/SetPingPeriod',
  '/GetMicrophoneState',
  '/MuteMicrophone',
  '/UnmuteSpeaker',
  '/SetSpeakerVolume',
  '/MakeCall',
  '/AnswerCall',
  '/HangUp',
  '/Hold',
  '/Retrieve',
  '/SendDTMF',
  '/GetCallStatus',
  '/GetIncomingCall',
  '/events',
  '/dashboard',
  '/dashboard/status',
  '/dashboard/test',
  '/pair',
  '/relay',
];

/** Characters Node's client accepts in a request target (it refuses the rest before sending). */
const targetChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });

const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PATHS) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...PATHS),
        fc.constantFrom(
          '/',
          '//',
          '?',
          '?a=1&a=2',
          '?origin=%00',
          '%2F',
          '%',
          '%zz',
          '/..',
          '/%2e%2e',
          ';x',
          '?x=%E0%A4%A',
        ),
      )
      .map(([p, tail]) => p + tail),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PATHS).map((p) => p.toLowerCase()) },
  { weight: 1, arbitrary: fc.webPath() },
  { weight: 1, arbitrary: fc.string({ unit: targetChar, maxLength: 200 }).map((s) => `/${s}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 9_000 }).map((n) => `/Ping?${'x'.repeat(n)}`) },
);

const origin = fc.constantFrom(
  undefined,
  WWE_ORIGIN,
  WWE_ORIGIN,
  EXT_ORIGIN,
  EVIL_ORIGIN,
  PWA_ORIGIN,
  'null',
  `${WWE_ORIGIN}/`,
  WWE_ORIGIN.toUpperCase(),
);

const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=UTF-8',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'application/json; charset="utf-8"',
  'application/json;;',
  'application/json; x=',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/*',
  '',
);

const contentEncoding = fc.constantFrom(
  undefined,
  undefined,
  'gzip',
  'deflate',
  'br',
  'identity',
  'compress',
  'gzip, br',
);

const deep = fc
  .tuple(fc.integer({ min: 1, max: 7_000 }), fc.constantFrom('[', '{"a":'))
  .map(([n, open]) => `{"value":{"k":${open.repeat(n)}1${(open === '[' ? ']' : '}').repeat(n)}}}`);

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.json() },
  { weight: 3, arbitrary: fc.jsonValue().map((value) => JSON.stringify({ value })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ addresses: fc.jsonValue(), users: fc.jsonValue(), destination: fc.jsonValue(), digits: fc.jsonValue() })
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.record({ Key: fc.jsonValue(), Value: fc.jsonValue() }), { maxLength: 300 })
      .map((value) => JSON.stringify({ value })),
  },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.integer({ min: 15_000, max: 40_000 }).map((n) => `{"value":{"a":"${'x'.repeat(n)}"}}`) },
);

export interface FuzzRequest {
  /** Which Host header to send (see fuzzHost). */
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

export const httpRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE'),
    path,
    origin,
    contentType,
    contentEncoding,
    token: fc.constantFrom(undefined, EXT_TOKEN, 'x'.repeat(26), ''),
    site: fc.constantFrom(undefined, 'cross-site', 'same-origin', 'none'),
    host: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'localhost', 'evil', 'bare', 'upper'),
    extra: fc.dictionary(fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/), printable, { maxKeys: 3 }),
    body,
  })
  .map((r) => {
    const headers: Record<string, string> = { ...r.extra };
    const set = (name: string, value: string | undefined): void => {
      if (value !== undefined) {
        headers[name] = value;
      }
    };
    set('Origin', r.origin);
    set('Content-Type', r.contentType);
    set('Content-Encoding', r.contentEncoding);
    set('X-WGB-Token', r.token);
    set('Sec-Fetch-Site', r.site);
    return { host: r.host, method: r.method, path: r.path, headers, body: r.body };
  });

/** The Host header a fuzzed request sends for its `host` choice. */
export function fuzzHost(choice: string, port: number): string {
  switch (choice) {
    case 'localhost':
      return `localhost:${port}`;
    case 'evil':
      return `evil.example:${port}`;
    case 'bare':
      return '127.0.0.1';
    case 'upper':
      return `LOCALHOST:${port}`;
    default:
      return `127.0.0.1:${port}`;
  }
}

/** A request as raw bytes (broken framing: request lines, duplicate or conflicting headers, chunking). */
export function rawRequest(port: number): fc.Arbitrary<Buffer> {
  const host = `Host: 127.0.0.1:${port}`;
  const requestLine = fc.oneof(
    fc.constantFrom(
      'GET /Ping HTTP/1.1',
      'POST /RegisterDn/ HTTP/1.1',
      'POST /SetOptions HTTP/1.1',
      'GET /Ping HTTP/1.0',
      'GET /Ping HTTP/2.0',
      'GET /Ping HTTP/1.1 extra',
      'OPTIONS * HTTP/1.1',
      'CONNECT 127.0.0.1:1 HTTP/1.1',
      `GET https://127.0.0.1:${port}/Ping HTTP/1.1`,
      `GET http://evil.example/Ping HTTP/1.1`,
      'GET /Ping',
      '',
      'GET\t/Ping HTTP/1.1',
      'GET /Pi ng HTTP/1.1',
      'GET /\u00ff\u00fe HTTP/1.1',
      'G\u0000ET /Ping HTTP/1.1',
    ),
    fc
      .tuple(
        fc.string({ maxLength: 10 }),
        fc.string({ maxLength: 60 }),
        fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/9'),
      )
      .map((parts) => parts.join(' ')),
  );
  const header = fc.oneof(
    fc.constantFrom(
      host,
      host,
      `Host: evil.example:${port}`,
      'Host:',
      'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip, chunked',
      'Transfer-Encoding: chunked, identity',
      'Content-Length: 1, 2',
      'Content-Length: -1',
      'Content-Length: 0x10',
      `Origin: ${WWE_ORIGIN}`,
      `Origin: ${EVIL_ORIGIN}`,
      'Origin:',
      'Content-Type: application/json',
      'Content-Type: application/json; charset=utf-32',
      'Content-Encoding: gzip',
      ' folded continuation',
      'NoColon',
      'X-Nul: a\u0000b',
      'Expect: 100-continue',
      'Connection: upgrade',
      'Upgrade: websocket',
      `X-Long: ${'a'.repeat(20_000)}`,
    ),
    fc.integer({ min: 0, max: 40_000 }).map((n) => `Content-Length: ${n}`),
    fc.tuple(printable, printable).map(([k, v]) => `${k}: ${v}`),
  );
  const rawBody = fc.oneof(
    fc.constant(''),
    fc.json(),
    fc.constantFrom(
      '5\r\nhello\r\n0\r\n\r\n',
      'zz\r\n{}\r\n0\r\n\r\n',
      '2\r\n{}\r\n',
      '0\r\n\r\nGET /Ping HTTP/1.1\r\n\r\n',
    ),
    fc.string(),
  );
  return fc
    .record({
      line: requestLine,
      headers: fc.array(header, { maxLength: 10 }),
      body: rawBody,
      noise: fc.option(fc.uint8Array({ maxLength: 64 }), { freq: 5 }),
    })
    .map(({ line, headers, body, noise }) =>
      Buffer.concat([
        Buffer.from(`${line}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1'),
        Buffer.from(noise ?? []),
      ]),
    );
}

/** Bytes that are not TLS at all, sent to the TLS port. */
export const plainBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 512 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.from('GET /Ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')),
  fc.constant(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 0x01])),
);

/** What a connection on the relay WebSocket sends: an optional valid hello, then fuzzed frames. */
export interface RelayCase {
  hello: boolean;
  frames: (string | Buffer)[];
}

const relayFrame = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        type: fc.constantFrom('hello', 'pong', 'response', 'event', 'request', 'welcome', 'ping'),
        v: fc.oneof(fc.constant(1), fc.jsonValue()),
        id: fc.jsonValue(),
        ok: fc.boolean(),
        result: fc.jsonValue(),
        error: fc.jsonValue(),
        event: fc.jsonValue(),
        t: fc.jsonValue(),
        protocol: fc.oneof(fc.constant(1), fc.integer()),
      },
      { requiredKeys: ['type'] },
    )
    .map((f) => JSON.stringify(f)),
  fc
    .jsonValue()
    .map((phone) => JSON.stringify({ type: 'event', v: PROTOCOL_VERSION, event: { name: 'snapshot', phone } })),
  fc.string(),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n)),
  fc.constant('x'.repeat(70_000)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

export const relayCase: fc.Arbitrary<RelayCase> = fc.record({
  hello: fc.boolean(),
  frames: fc.array(relayFrame, { minLength: 1, maxLength: 4 }),
});
