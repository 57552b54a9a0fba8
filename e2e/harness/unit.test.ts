import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findTestFiles } from './unit.ts';

describe('findTestFiles', () => {
  const files = findTestFiles(join(import.meta.dirname, '..', '..'));

  it('finds the test files of every folder, the repository root included', () => {
    for (const file of [
      'docs-self-contained.test.ts',
      'gateway/gateway.test.ts',
      'bench/lib/report.test.ts',
      'soak/plan.test.ts',
      'e2e/harness/unit.test.ts',
      'companion/test/relay.test.ts',
      'web/test/phone-service.test.ts',
    ]) {
      assert.ok(files.includes(file), `${file} is not run by npm test`);
    }
  });

  it('leaves out installed packages and build output', () => {
    assert.deepEqual(
      files.filter((file) => /(^|\/)(node_modules|dist|\.run)\//.test(file)),
      [],
    );
  });
});
