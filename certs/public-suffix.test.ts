import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicSuffix, loadPublicSuffixList, parsePublicSuffixList, publicSuffixProblem } from './public-suffix.ts';

describe('isPublicSuffix', () => {
  const rules = parsePublicSuffixList('// comment\ncom\nco.uk\n*.ck\n!www.ck\n\n');
  it('follows exact, wildcard and exception rules, and treats every single label as a TLD', () => {
    const verdicts = ['com', 'co.uk', 'a.ck', 'www.ck', 'example.com', 'example.co.uk', 'uk', 'test', 'a.b.ck'].map(
      (name) => [name, isPublicSuffix(name, rules)],
    );
    assert.deepEqual(Object.fromEntries(verdicts), {
      com: true,
      'co.uk': true,
      'a.ck': true,
      'www.ck': false,
      'example.com': false,
      'example.co.uk': false,
      uk: true,
      test: true,
      'a.b.ck': false,
    });
  });
});

const system = loadPublicSuffixList();

// `npm run setup` installs Debian's publicsuffix package (gateway/install-packages.sh).
describe('with the system’s Public Suffix List', () => {
  it('is installed', () => {
    assert.ok(system, 'no Public Suffix List: run npm run setup (Debian package publicsuffix)');
  });

  it('refuses com, co.uk and github.io and accepts names below them', () => {
    const problem = (name: string): string | undefined => publicSuffixProblem(name, system);
    assert.ok(['com', 'co.uk', 'github.io'].every((name) => problem(name)?.includes('is a public suffix')));
    assert.deepEqual(['gateway.example.com', 'gw.example.co.uk', 'team.github.io', 'gateway.wgb.test'].map(problem), [
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
