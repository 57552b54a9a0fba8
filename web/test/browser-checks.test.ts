import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoplayFrom, autoplayPolicy, type AutoplayAnswer } from '../src/app/browser-checks.ts';

describe('the autoplay self-check', () => {
  it('maps what the browser said to the check’s value', () => {
    const table: [AutoplayAnswer, string][] = [
      [{ policy: 'allowed' }, 'allowed'],
      [{ policy: 'allowed-muted' }, 'allowed-muted'],
      [{ policy: 'disallowed' }, 'disallowed'],
      [{ policy: 'something-new' }, 'unknown'],
      [{ played: true }, 'allowed'],
      [{ refused: 'NotAllowedError' }, 'disallowed'],
      // Not the autoplay policy: the clip could not be decoded, or play() never settled.
      [{ refused: 'NotSupportedError' }, 'unknown'],
      [{ refused: 'timeout' }, 'unknown'],
    ];
    for (const [answer, value] of table) {
      assert.equal(autoplayFrom(answer), value, JSON.stringify(answer));
    }
  });

  it('asks navigator.getAutoplayPolicy for media elements where the browser has it, without playing', async () => {
    const asked: string[] = [];
    const nav = {
      getAutoplayPolicy: (type: 'mediaelement') => {
        asked.push(type);
        return 'allowed-muted';
      },
    };
    const probe = (): Promise<AutoplayAnswer> => assert.fail('played a clip although the browser answers');
    assert.equal(await autoplayPolicy(nav, probe), 'allowed-muted');
    assert.deepEqual(asked, ['mediaelement']);
  });

  it('plays the silent clip where the browser has no getAutoplayPolicy (Chromium)', async () => {
    assert.equal(await autoplayPolicy({}, () => Promise.resolve({ refused: 'NotAllowedError' })), 'disallowed');
    assert.equal(await autoplayPolicy({}, () => Promise.resolve({ played: true })), 'allowed');
  });

  it('is unknown when asking throws', async () => {
    const nav = {
      getAutoplayPolicy: (): string => {
        throw new TypeError('Illegal invocation');
      },
    };
    assert.equal(await autoplayPolicy(nav), 'unknown');
    assert.equal(await autoplayPolicy({}, () => Promise.reject(new Error('no Audio here'))), 'unknown');
  });
});
