/**
 * Raw bytes over TLS to the companion, for requests a well-behaved HTTP client cannot send (two Host
 * headers, no Content-Length, a body that never ends, broken framing). Resolves with whatever the
 * companion wrote before it closed the connection or `timeoutMs` passed.
 */
import { connect } from 'node:tls';
import { testTls } from './certs.ts';

export interface RawReply {
  /** Status of the first response, or 0 when none arrived. */
  status: number;
  text: string;
  /** The first response's body, parsed as JSON when it is JSON. */
  json: unknown;
  /** The companion neither answered nor closed within the time given. */
  timedOut: boolean;
}

/** `halfClose`: end the client's side after the request (the companion answers, then closes). */
export function rawExchange(
  port: number,
  request: string | Buffer,
  timeoutMs = 5_000,
  halfClose = false,
): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: testTls().cert });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      let json: unknown;
      try {
        json = JSON.parse(body.slice(0, body.lastIndexOf('}') + 1));
      } catch {
        json = undefined;
      }
      resolve({ status, text, json, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      finish();
    }, timeoutMs);
    socket.on('secureConnect', () => {
      if (halfClose) {
        socket.end(request);
      } else {
        socket.write(request);
      }
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', finish);
    socket.on('close', finish);
  });
}
