/**
 * The import fences of web/src fire: a file that imports JsSIP outside adapters/, idb outside
 * storage/ or a Node built-in anywhere in web/src fails lint, and the same imports in their home
 * folders pass; the phone core imports no adapter and reads no browser global. Each case writes a real file into the tree, lints it with the repository's config,
 * and removes it.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const repoRoot = join(import.meta.dirname, '..', '..');

async function restricted(folder: string, source: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const file = join(repoRoot, 'web', 'src', folder, `fence-probe-${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const [result] = await new ESLint({ cwd: repoRoot }).lintFiles([file]);
    return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
  } finally {
    rmSync(file, { force: true });
  }
}

const JSSIP = "import { UA } from 'jssip';\nexport const probe = UA;\n";
const IDB = "import { openDB } from 'idb';\nexport const probe = openDB;\n";
const ADAPTER =
  "import { createJsSipAdapter } from '../adapters/jssip-adapter.ts';\nexport const probe = createJsSipAdapter;\n";
const GLOBAL = 'export const probe = (): boolean => navigator.onLine;\n';
const NODE = "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n";

describe('lint fences in web/src', { timeout: 120_000 }, () => {
  it('refuses JsSIP in the phone core', async () => {
    assert.match((await restricted('phone', JSSIP)).join(), /Only web\/src\/adapters imports JsSIP/);
  });
  it('refuses idb in the phone core', async () => {
    assert.match((await restricted('phone', IDB)).join(), /Only web\/src\/storage imports idb/);
  });
  it('refuses an adapter import in the phone core', async () => {
    assert.match((await restricted('phone', ADAPTER)).join(), /never imports them/);
  });
  it('refuses a browser global in the phone core, and allows it in the adapters', async () => {
    assert.match((await restricted('phone', GLOBAL, 'no-restricted-globals')).join(), /reads no browser global/);
    assert.deepEqual(await restricted('adapters', GLOBAL, 'no-restricted-globals'), []);
  });
  it('refuses Node built-ins in the phone core and in browser code', async () => {
    assert.match((await restricted('app', NODE)).join(), /no Node built-ins/);
    assert.match((await restricted('phone', NODE)).join(), /no Node built-ins/);
  });
  it('refuses idb in adapters and JsSIP in storage', async () => {
    assert.match((await restricted('adapters', IDB)).join(), /Only web\/src\/storage imports idb/);
    assert.match((await restricted('storage', JSSIP)).join(), /Only web\/src\/adapters imports JsSIP/);
  });
  it('lets each library in through its own folder', async () => {
    assert.deepEqual(await restricted('adapters', JSSIP), []);
    assert.deepEqual(await restricted('storage', IDB), []);
  });
});
