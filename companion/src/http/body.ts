/**
 * Reads a JSON request body the way body-parser's `json({ strict: true, type: 'application/json' })` did:
 * no body or another type → undefined; a charset other than UTF-* → 415; gzip/deflate/br bodies are
 * inflated, any other Content-Encoding → 415; more than `limit` bytes (declared or received, after
 * inflation) → 413; a length mismatch or an aborted upload → 400; an empty body → `{}`; anything but an
 * object or array at the top level, or malformed JSON → 400. On an error the rest of the request is read
 * off before the answer, so the keep-alive connection stays usable.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyError } from './errors.ts';
import { hasBody, parseContentType } from './guards.ts';

/** Charsets JSON bodies may use (body-parser accepted `utf-*`; these are the ones Node decodes). */
const DECODERS = new Set(['utf-8', 'utf-16', 'utf-16le', 'utf-16be']);

function inflated(req: IncomingMessage, encoding: string): Readable {
  switch (encoding) {
    case 'identity':
      return req;
    case 'gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      throw new BodyError('encoding.unsupported', `unsupported content encoding "${encoding}"`);
  }
}

/** Reads off what is left of the request, then resolves (the error answer must not cut the upload short). */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) {
      resolve();
      return;
    }
    req.on('end', () => resolve());
    req.on('close', () => resolve());
    req.on('error', () => resolve());
    req.resume();
  });
}

function collect(stream: Readable, req: IncomingMessage, limit: number, length: number | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (err: BodyError | null): void => {
      if (settled) {
        return;
      }
      settled = true;
      stream.removeListener('data', onData);
      if (err) {
        if (stream !== req) {
          req.unpipe();
          stream.destroy();
        }
        reject(err);
        return;
      }
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        finish(new BodyError('entity.too.large', 'request entity too large'));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () =>
      finish(
        length !== undefined && received !== length
          ? new BodyError('request.size.invalid', 'request size did not match content length')
          : null,
      ),
    );
    stream.once('error', () => finish(new BodyError('request.aborted', 'request aborted')));
    req.once('aborted', () => finish(new BodyError('request.aborted', 'request aborted')));
    req.once('close', () => {
      if (!req.complete) {
        finish(new BodyError('request.aborted', 'request aborted'));
      }
    });
  });
}

/** The first character that is not JSON whitespace (space, tab, LF, CR). */
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

/** The parsed JSON body of `req`, or undefined when it has none (or is not application/json). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const contentType = req.headers['content-type'];
  const parsedType = contentType === undefined ? null : parseContentType(contentType);
  if (!hasBody(req) || parsedType?.type !== 'application/json') {
    return undefined;
  }
  let text: string;
  try {
    const charset = (parsedType.params.charset ?? 'utf-8').toLowerCase();
    if (!charset.startsWith('utf-')) {
      throw new BodyError('charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
    }
    if (!DECODERS.has(charset)) {
      throw new BodyError('encoding.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const declared = req.headers['content-length'];
    const length = encoding === 'identity' && declared !== undefined ? Number(declared) : undefined;
    if (length !== undefined && length > limit) {
      throw new BodyError('entity.too.large', 'request entity too large');
    }
    const raw = await collect(inflated(req, encoding), req, limit, length);
    text = charset === 'utf-8' ? raw.toString('utf8') : new TextDecoder(charset).decode(raw);
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
    }
  } catch (err) {
    await drain(req);
    throw err;
  }
  if (text.length === 0) {
    return {};
  }
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[') {
    throw new BodyError('entity.parse.failed', 'body must be a JSON object or array');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('entity.parse.failed', 'malformed JSON');
  }
}
