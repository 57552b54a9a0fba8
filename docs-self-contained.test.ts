/**
 * Every document a site reads stands alone: the Markdown docs and the templates a site deploys name no
 * notes kept outside this repository, and every relative link in a Markdown file points at a file that
 * exists in it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = import.meta.dirname;
const SKIP = new Set(['node_modules', '.git', '.run', 'dist', 'test-results', 'playwright-report']);
/** Names of notes that exist only outside the repository. */
const OUTSIDE = /shared\/docs|platform-notes|lab-notes|wwe-protocol|packaging[ -]notes|house-style/i;
const SITE_TEMPLATES = ['gateway/templates', 'companion/packaging/templates', 'companion/packaging/policy'];

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return SKIP.has(entry.name) ? [] : files(path, keep);
    }
    return keep(entry.name) ? [path] : [];
  });
}

const markdown = files(ROOT, (name) => name.endsWith('.md'));
const templates = SITE_TEMPLATES.flatMap((dir) => files(join(ROOT, dir), () => true));

describe('the documentation stands alone', () => {
  it('finds the documents', () => {
    assert.ok(markdown.some((f) => f.endsWith(join('docs', 'admin-guide.md'))));
    assert.ok(templates.some((f) => f.endsWith('nginx.conf')));
  });

  it('no Markdown document or site template cites notes kept outside the repository', () => {
    const cited = [...markdown, ...templates].flatMap((file) =>
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
