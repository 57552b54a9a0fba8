import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AutoplayPolicy, LoopbackPermission } from '../../../protocol/src/index.ts';
import { browserChecklist } from './browser-checklist.ts';

const lines = (linked: boolean, localNetworkAccess: LoopbackPermission, autoplay: AutoplayPolicy) => {
  const [lna, ring] = browserChecklist({ linked, checks: { localNetworkAccess, autoplay } });
  assert.ok(lna && ring);
  assert.equal(lna.id, 'local-network-access');
  assert.equal(ring.id, 'autoplay');
  return { lna, ring };
};

describe('the browser-policy lines of the connection test', () => {
  it('Local Network Access: ok while the softphone is linked, whatever the permission reads, which it names', () => {
    const table: [LoopbackPermission, RegExp][] = [
      ['granted', /grants the permission/],
      ['prompt', /may ask the agent again.*LocalNetworkAccessAllowedForUrls/],
      ['denied', /reports the permission as denied.*link works regardless/],
      ['unknown', /does not report the permission/],
    ];
    for (const [permission, says] of table) {
      const { lna } = lines(true, permission, 'allowed');
      assert.equal(lna.ok, true, permission);
      assert.equal(lna.value, permission);
      assert.match(lna.detail, /^The softphone's link to 127\.0\.0\.1 is up; /);
      assert.match(lna.detail, says);
    }
  });

  it('Local Network Access: not ok without a linked softphone, and says what to allow', () => {
    const { lna } = lines(false, 'unknown', 'unknown');
    assert.equal(lna.ok, false);
    assert.equal(lna.value, 'unknown');
    assert.match(lna.detail, /allow it; or set LocalNetworkAccessAllowedForUrls/);
  });

  it('autoplay: ok only when the browser lets the ringer play without a click', () => {
    const table: [AutoplayPolicy, boolean, RegExp][] = [
      ['allowed', true, /without a click/],
      ['allowed-muted', false, /ring silently.*AutoplayAllowlist/],
      ['disallowed', false, /ring silently.*AutoplayAllowlist/],
      ['unknown', false, /could not tell/],
    ];
    for (const [policy, ok, says] of table) {
      const { ring } = lines(true, 'granted', policy);
      assert.equal(ring.ok, ok, policy);
      assert.equal(ring.value, policy);
      assert.match(ring.detail, says);
    }
    assert.match(lines(false, 'unknown', 'unknown').ring.detail, /No softphone is linked/);
  });
});
