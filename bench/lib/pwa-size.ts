/**
 * PWA initial JS: the module scripts index.html loads (plus modulepreload links) and, transitively,
 * their static imports — not dynamic `import()` chunks and not the service worker. Each file is
 * gzipped on its own (level 9, as a server would serve it precompressed) and the sizes are summed.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialJs {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/** Static import specifiers of a (minified) ES module: `import x from"./a.js"`, `export*from"./b.js"`, `import"./c.js"`. */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) {
    found.add(match[1] ?? '');
  }
  found.delete('');
  return [...found];
}

export function initialJs(webRoot: string): InitialJs {
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  const seen = new Set<string>();
  const queue = entries.filter((e) => e.startsWith('/'));
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) {
      continue;
    }
    seen.add(path);
    const code = readFileSync(join(webRoot, path), 'utf8');
    for (const spec of staticImports(code)) {
      queue.push(spec.startsWith('/') ? spec : posix.join(posix.dirname(path), spec));
    }
  }
  const files = [...seen].map((path) => {
    const bytes = readFileSync(join(webRoot, path));
    return { path, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}
