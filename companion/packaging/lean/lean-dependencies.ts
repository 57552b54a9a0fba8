/**
 * An esbuild plugin for the shipped companion bundle: two dependencies of Express whose data the
 * companion never reads are cut to what it does read. Measured on the bundle (bench, `rss-idle`):
 * mime-db's full table holds 5.4 MB of the idle process, iconv-lite's code tables 2.3 MB, and both
 * add to the compile time of every start.
 * - `mime-db` keeps the entries of the media types the companion sends or accepts (the real package's
 *   own entries, filtered here at build time, so charsets and extensions stay the library's).
 * - `iconv-lite` becomes iconv-text-decoder.ts (the runtime's TextDecoder; see there why that is enough).
 * - `qs` (1.1 MB idle) becomes a module whose parse refuses with a clear error: Express and body-parser
 *   load it eagerly, but only the "extended" query parser and urlencoded bodies call it, and the
 *   companion's edge sets the "simple" query parser (node:querystring) and parses JSON bodies only.
 * - `debug` becomes a logger that is always off. Express, its router, body-parser, finalhandler, send and
 *   express-rate-limit call it several times per request; even switched off, the real one copies its
 *   arguments into a fresh array on every call (≈ 4 % of what a request allocates, bench `rss-load`) and
 *   loads tty and colour detection at start. Its output (the DEBUG variable) is a developer's tool:
 *   `npx tsx companion/src/main.ts` still has it; the companion's own log is log.ts.
 * `npx tsx companion/src/main.ts` runs with the full packages; the delivery checks run the bundle.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Every media type the companion looks up through mime-types (res.type, res.json, res.send, req.is);
 * the SSE stream names its charset itself, so mime-types never looks text/event-stream up.
 */
export const COMPANION_MEDIA_TYPES = [
  'application/json',
  'application/octet-stream',
  'text/html',
  'text/plain',
] as const;

const require = createRequire(import.meta.url);

/** debug's API as its callers in the bundle use it: `debug(namespace)(...)`, `.enabled`, `.extend`. */
const DEBUG_OFF = `function createDebug() {
  function debug() {}
  debug.enabled = false;
  debug.extend = createDebug;
  return debug;
}
module.exports = createDebug;
module.exports.default = createDebug;`;

export const QS_LEFT_OUT =
  'qs is not in the companion bundle: its edge parses query strings with node:querystring and bodies as JSON';

/** The real mime-db's entries for `types` (a type mime-db lacks is an error, not a silent gap). */
export function mimeDbSubset(types: readonly string[]): Record<string, unknown> {
  const db = require('mime-db') as Record<string, unknown>;
  return Object.fromEntries(
    types.map((type) => {
      if (!(type in db)) {
        throw new Error(`mime-db has no entry for ${type}`);
      }
      return [type, db[type]];
    }),
  );
}

export function leanDependencies(): Plugin {
  return {
    name: 'lean-dependencies',
    setup(build) {
      build.onResolve({ filter: /^iconv-lite$/ }, () => ({
        path: join(import.meta.dirname, 'iconv-text-decoder.ts'),
      }));
      build.onResolve({ filter: /^(mime-db|qs|debug)$/ }, (args) => ({ path: args.path, namespace: 'lean' }));
      build.onLoad({ filter: /^mime-db$/, namespace: 'lean' }, () => ({
        contents: JSON.stringify(mimeDbSubset(COMPANION_MEDIA_TYPES)),
        loader: 'json',
      }));
      build.onLoad({ filter: /^qs$/, namespace: 'lean' }, () => ({
        contents: `module.exports = { parse() { throw new Error(${JSON.stringify(QS_LEFT_OUT)}); } };`,
        loader: 'js',
      }));
      build.onLoad({ filter: /^debug$/, namespace: 'lean' }, () => ({ contents: DEBUG_OFF, loader: 'js' }));
    },
  };
}
