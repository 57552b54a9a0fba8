/**
 * Every document a site reads stands alone, and so does every source comment: no file in the repository
 * (Markdown, TypeScript, configs, templates, scripts, sipp scenarios) names notes kept outside it, and
 * every relative link in a Markdown file points at a file that exists in it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = import.meta.dirname;
const SKIP = new Set(['node_modules', '.git', '.run', 'dist', 'test-results', 'playwright-report']);
/** Names of notes that exist only outside the repository. */
const OUTSIDE = /shared\/docs|platform-notes|lab-notes|wwe-protocol|softphone-settings|packaging[ -]notes|house-style/i;
/** Files that are not text: nothing to cite in them. */
const BINARY = /\.(png|jpe?g|gif|ico|webp|wav|woff2?|exe|msi|zip|gz)$/i;

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (SKIP.has(entry.name)) {
      return [];
    }
    if (entry.isDirectory()) {
      return files(path, keep);
    }
    return entry.isFile() && keep(entry.name) ? [path] : [];
  });
}

const markdown = files(ROOT, (name) => name.endsWith('.md'));
/** Every text file but this one, which has to name the notes it looks for. */
const texts = files(ROOT, (name) => !BINARY.test(name)).filter((file) => file !== import.meta.filename);

describe('the documentation stands alone', () => {
  it('finds the documents and the sources', () => {
    assert.ok(markdown.some((f) => f.endsWith(join('docs', 'admin-guide.md'))));
    for (const file of ['nginx.conf', join('web', 'src', 'main.ts'), 'offerless-invite.xml', 'install-packages.sh']) {
      assert.ok(
        texts.some((f) => f.endsWith(file)),
        `${file} is not scanned`,
      );
    }
  });

  it('no document, source file, config or template cites notes kept outside the repository', () => {
    const cited = texts.flatMap((file) =>
      readFileSync(file, 'latin1')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(cited, []);
  });

  it('every relative Markdown link points at a file in the repository', () => {
    const broken = markdown.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1] ?? '')
        .filter((target) => !/^[a-z]+:/i.test(target))
        .filter((target) => {
          const path = resolve(dirname(file), target);
          return !path.startsWith(ROOT) || !existsSync(path);
        })
        .map((target) => `${relative(ROOT, file)} → ${target}`),
    );
    assert.deepEqual(broken, []);
  });
});
