import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVIL_ORIGIN, snapshotWhere, startCompanion, type Harness } from './harness.ts';
import { homeRegistration } from '../../protocol/src/index.ts';

describe('the agent opens the companion in the browser', () => {
  let h: Harness;
  before(async () => {
    h = await startCompanion();
  });
  after(() => h.close());

  it('GET /dashboard is an HTML page that cannot be framed', async () => {
    const res = await h.request('GET', '/dashboard');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.text, /Test connection/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  it('GET /dashboard/status reports the PWA link, registration and WWE session', async () => {
    const pwa = await h.connectPwa();
    const status = (await h.request('GET', '/dashboard/status')).json as {
      pwa: { linked: boolean };
      wweSession: { state: string };
    };
    assert.equal(status.pwa.linked, true);
    assert.equal(status.wweSession.state, 'idle');
    await pwa.close();
  });

  it('GET /dashboard/status shows each effective setting with where it came from and when it applies', async () => {
    await h.wwe('POST', '/SetOptions', { value: { 'policy.session.reject_session_when_busy': '1' } });
    const { endpointSettings } = (await h.request('GET', '/dashboard/status')).json as {
      endpointSettings: { field: string; value: string; source: string; applies: string }[];
    };
    assert.deepEqual(
      endpointSettings.find((r) => r.field === 'session.rejectWhenBusy'),
      { field: 'session.rejectWhenBusy', value: 'true', source: 'wwe', applies: 'now' },
    );
    assert.equal(endpointSettings.find((r) => r.field === 'session.busyCode')?.source, 'default');
  });

  it('the Test connection button does a getStatus round trip to the PWA, then asks for its browser checks', async () => {
    const pwa = await h.connectPwa();
    pwa.browserChecks = { localNetworkAccess: 'granted', autoplay: 'disallowed' };
    const self = `https://127.0.0.1:${h.port}`;
    const res = await h.request('POST', '/dashboard/test', { origin: self, body: {} });
    assert.equal(res.status, 200);
    const report = res.json as {
      pwa: { ok: boolean };
      gateway: { ok: boolean };
      certificate: { ok: boolean };
      checks: { id: string; ok: boolean; label: string; value?: string }[];
    };
    assert.equal(report.pwa.ok, true);
    assert.deepEqual(
      report.checks.map((c) => [c.id, c.ok, c.value]),
      [
        ['softphone', true, undefined],
        ['gateway', true, undefined],
        ['registration', false, undefined],
        ['certificate', true, undefined],
        ['local-network-access', true, 'granted'],
        ['autoplay', false, 'disallowed'],
      ],
    );
    assert.equal(report.gateway.ok, true);
    assert.equal(report.certificate.ok, true);
    assert.match(report.checks[2]?.label ?? '', /registered/); // the fake PWA registered nothing
    assert.equal((await pwa.nextRequest('getStatus')).command.name, 'getStatus');
    assert.equal((await pwa.nextRequest('getBrowserChecks')).command.name, 'getBrowserChecks');
    await pwa.close();
  });

  it('says "WWE asked for DN" only after WWE sent RegisterDn, not for a DN adopted from the softphone', async () => {
    const pwa = await h.connectPwa();
    pwa.setRegistration({ state: 'registered', dn: '1001', server: '127.0.0.1:5060', since: 1 });
    await snapshotWhere(h.companion, (s) => homeRegistration(s).state === 'registered');
    const summary = async (): Promise<{ wwe: string; registration: string }> =>
      ((await h.request('GET', '/dashboard/status')).json as { summary: { wwe: string; registration: string } })
        .summary;
    const before = await summary();
    assert.doesNotMatch(before.wwe, /WWE asked/);
    assert.match(before.wwe, /WWE has not asked for a DN yet, so the companion keeps DN 1001/);
    assert.equal(before.registration, 'DN 1001 is registered at 127.0.0.1:5060.');
    await h.wwe('POST', '/RegisterDn/', { addresses: ['127.0.0.1:5060'], users: ['1002'] });
    assert.match((await summary()).wwe, /WWE asked for DN 1002\./);
    await pwa.close();
  });

  it('the support bundle downloads as an attachment with events in sentences and no secret', async () => {
    const pwa = await h.connectPwa();
    pwa.logLines = [1, 2, 3, 4, 5].map((id) => ({
      id,
      at: Date.UTC(2026, 11, 2, 17, 0, id),
      level: 'info' as const,
      namespace: 'wgb:relay',
      text: id === 3 ? `connecting with pair.x and ${h.secret}` : `line ${id}`,
    }));
    const self = `https://127.0.0.1:${h.port}`;
    const res = await h.request('POST', '/dashboard/support-bundle', { origin: self, body: {} });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="wgb-support-bundle-.*\.json"$/);
    const bundle = res.json as {
      format: string;
      events: { text: string }[];
      companionLog: string[];
      softphoneLog: string[];
      selfChecks: { id: string }[];
    };
    assert.equal(bundle.format, 'wgb-support-bundle/1');
    assert.ok(bundle.events.some((e) => e.text.startsWith('The softphone connected')));
    assert.ok(bundle.companionLog.length > 0);
    assert.deepEqual(
      bundle.softphoneLog.map((line) => line.replace(/ connecting.*/, '')),
      [1, 2, 3, 4, 5].map((n) => `2026-12-02T17:00:0${n}.000Z info [wgb:relay]${n === 3 ? '' : ` line ${n}`}`),
    );
    assert.deepEqual(
      bundle.selfChecks.map((c) => c.id),
      ['softphone', 'gateway', 'registration', 'certificate', 'local-network-access', 'autoplay'],
    );
    assert.ok(!res.text.includes(h.secret), 'the pairing secret is in the bundle');
    await pwa.close();
  });

  it('the support bundle is refused to other origins and to requests without Origin', async () => {
    assert.equal((await h.request('POST', '/dashboard/support-bundle', { origin: EVIL_ORIGIN, body: {} })).status, 403);
    assert.equal((await h.request('POST', '/dashboard/support-bundle', { body: {} })).status, 403);
  });

  it('the Test connection button is refused to other origins and to requests without Origin', async () => {
    assert.equal((await h.request('POST', '/dashboard/test', { origin: EVIL_ORIGIN, body: {} })).status, 403);
    assert.equal((await h.request('POST', '/dashboard/test', { body: {} })).status, 403);
  });
});
