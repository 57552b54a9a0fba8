import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { supportBundle, type BundleInput } from './support-bundle.ts';

const PAIRING_SECRET = 'p4ir1ng-s3cret-value-0123456789abcdef';
const TOKEN = 'extension-token-abcdefghijklmnop';

const input = (over: Partial<BundleInput> = {}): BundleInput => ({
  generatedAt: '2026-12-02T14:03:12.000Z',
  companion: { version: '0.1.0', platform: 'win32 x64', node: 'v22.23.3' },
  settings: {
    port: 8000,
    extensionApi: { enabled: true, token: TOKEN, origins: [] },
    wweOrigins: ['https://wwe.example.com'],
  },
  status: { pwa: { linked: true } },
  events: [],
  quality: [],
  selfChecks: [],
  companionLog: [`{"msg":"pairing page served","note":"secret ${PAIRING_SECRET} leaked by mistake"}`],
  softphone: { status: { registration: { state: 'registered' } }, sipPassword: 'hunter2' },
  softphoneLog: [`2026-12-02T14:03:11.000Z info [wgb:relay] opening with ${PAIRING_SECRET}`],
  secrets: [PAIRING_SECRET, TOKEN],
  ...over,
});

describe('the support bundle', () => {
  it('contains no secret: not the token setting, not a secret value inside a log line, not a password field', () => {
    const text = JSON.stringify(supportBundle(input()));
    for (const secret of [PAIRING_SECRET, TOKEN, 'hunter2']) {
      assert.ok(!text.includes(secret), `${secret} is in the bundle`);
    }
    assert.ok(!text.includes('"secrets"'), 'the list of secrets itself is in the bundle');
  });

  it('keeps everything else, however deep', () => {
    const bundle = supportBundle(input({ status: { a: { b: { c: { d: { e: { f: { g: 'deep' } } } } } } } }));
    assert.equal(bundle.format, 'wgb-support-bundle/1');
    assert.deepEqual((bundle.settings as { wweOrigins: string[] }).wweOrigins, ['https://wwe.example.com']);
    assert.equal((bundle.settings as { extensionApi: { token: string } }).extensionApi.token, '[redacted]');
    assert.match(JSON.stringify(bundle.status), /"g":"deep"/);
    assert.match(bundle.companionLog[0] ?? '', /pairing page served.*\[redacted\] leaked/);
    assert.deepEqual(bundle.softphoneLog, ['2026-12-02T14:03:11.000Z info [wgb:relay] opening with [redacted]']);
  });
});
