/**
 * The import fences of web/src fire: a file that imports JsSIP outside adapters/, idb outside
 * storage/ or a Node built-in anywhere in web/src fails lint, and the same imports in their home
 * folders pass. Each case writes a real file into the tree, lints it with the repository's config,
 * and removes it.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const repoRoot = join(import.meta.dirname, '..', '..');

async function restrictedImports(folder: string, source: string): Promise<string[]> {
  const file = join(repoRoot, 'web', 'src', folder, `fence-probe-${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const [result] = await new ESLint({ cwd: repoRoot }).lintFiles([file]);
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  } finally {
    rmSync(file, { force: true });
  }
}

const JSSIP = "import { UA } from 'jssip';\nexport const probe = UA;\n";
const IDB = "import { openDB } from 'idb';\nexport const probe = openDB;\n";
const NODE = "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n";

describe('lint fences in web/src', { timeout: 120_000 }, () => {
  it('refuses JsSIP in the phone core', async () => {
    assert.match((await restrictedImports('phone', JSSIP)).join(), /Only web\/src\/adapters imports JsSIP/);
  });
  it('refuses idb in the phone core', async () => {
    assert.match((await restrictedImports('phone', IDB)).join(), /Only web\/src\/storage imports idb/);
  });
  it('refuses Node built-ins in browser code', async () => {
    assert.match((await restrictedImports('app', NODE)).join(), /no Node built-ins/);
  });
  it('refuses idb in adapters and JsSIP in storage', async () => {
    assert.match((await restrictedImports('adapters', IDB)).join(), /Only web\/src\/storage imports idb/);
    assert.match((await restrictedImports('storage', JSSIP)).join(), /Only web\/src\/adapters imports JsSIP/);
  });
  it('lets each library in through its own folder', async () => {
    assert.deepEqual(await restrictedImports('adapters', JSSIP), []);
    assert.deepEqual(await restrictedImports('storage', IDB), []);
  });
});
