/**
 * The certificate issuer (certs/issue.ts: selfsigned with @peculiar/x509, pkijs, asn1js, tsyringe — about
 * 440 kB of an 800 kB bundle) ships beside the companion's bundle instead of inside it, and is loaded only
 * when a certificate must be made: the first start, a renewal, the MSI's `--install-certs`. V8 compiles
 * functions lazily but parses the whole script at start, and that parse's memory stays with the process:
 * the idle companion (no PWA linked, three runs each) holds 58.2 MB RSS with the issuer inside the bundle
 * and 52.6 MB with it apart.
 * - In the packaged executables the issuer is a SEA asset (`node:sea` getAsset), compiled with node:vm.
 * - Run as `node companion.cjs` (the bench), it is the file next to the bundle.
 * `npx tsx companion/src/main.ts` imports certs/issue.ts as it is.
 */
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** The issuer's file name beside the bundle, and its SEA asset key. */
export const ISSUER_FILE = 'companion-issuer.cjs';

/** Stands in for certs/issue.ts in the bundle: loads the issuer from the SEA asset or the file beside it. */
const ISSUER_LOADER = `const { join } = require('node:path');
const sea = require('node:sea');
if (sea.isSea()) {
  const issuer = { exports: {} };
  const code = sea.getAsset(${JSON.stringify(ISSUER_FILE)}, 'utf8');
  const run = require('node:vm').compileFunction(code, ['exports', 'require', 'module'], { filename: ${JSON.stringify(ISSUER_FILE)} });
  run(issuer.exports, require('node:module').createRequire(process.execPath), issuer);
  module.exports = issuer.exports;
} else {
  module.exports = require(join(__dirname, ${JSON.stringify(ISSUER_FILE)}));
}`;

/** The esbuild plugin that swaps certs/local-ca.ts's `import('./issue.ts')` for ISSUER_LOADER. */
export function issuerApart(): Plugin {
  return {
    name: 'issuer-apart',
    setup(b) {
      b.onResolve({ filter: /^\.\/issue\.ts$/ }, (args) =>
        args.importer.endsWith(join('certs', 'local-ca.ts'))
          ? { path: 'issuer', namespace: 'issuer-apart' }
          : undefined,
      );
      b.onLoad({ filter: /^issuer$/, namespace: 'issuer-apart' }, () => ({ contents: ISSUER_LOADER, loader: 'js' }));
    },
  };
}

/** Bundles certs/issue.ts to ISSUER_FILE beside `bundle` (CJS, minified, for `target`). */
export async function bundleIssuer(repoRoot: string, bundle: string, target: string): Promise<string> {
  const outfile = join(dirname(bundle), ISSUER_FILE);
  await build({
    entryPoints: [join(repoRoot, 'certs', 'issue.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  return outfile;
}
