import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../protocol/src/index.ts';
import { effectiveSettings, KNOWN_SETTINGS } from '../src/wwe/known-settings.ts';
import { WWE_SET_OPTIONS } from './fixtures/wwe-set-options.ts';
import { mergeIntoTree, treeKey, TREE_LIMITS, type SettingsTree } from '../src/wwe/settings-tree.ts';

const WWE_LOGIN_OPTIONS = WWE_SET_OPTIONS.value;

describe('the settings tree', () => {
  const keys: [sent: string, stored: string][] = [
    ['policy.session.auto_answer', 'policy.session.auto_answer'],
    ['policy:session:auto_answer', 'policy.session.auto_answer'],
    ['Policy.Session.Auto_Answer', 'Policy.Session.Auto_Answer'],
    ['sipendpoint.policy.device.headset_name', 'policy.device.headset_name'],
    ['ping-interval', 'sipendpoint.ping-interval'],
    ['noise_suppression', 'policy.session.noise_suppression'],
    ['uri', 'sipendpoint.uri'],
    ['proxies.proxy0.user:0', 'proxies.proxy0.user.0'],
    ['some.unknown.key', 'some.unknown.key'],
  ];
  for (const [sent, stored] of keys) {
    it(`stores ${sent} at ${stored}`, () => {
      assert.equal(treeKey(sent), stored);
    });
  }

  it('merges WWE login options: legacy keys at their place, values as sent, changes listed', () => {
    const { tree, changed, skipped } = mergeIntoTree({}, WWE_LOGIN_OPTIONS);
    assert.deepEqual(skipped, []);
    assert.equal(tree['sipendpoint.ping-interval'], 2000);
    assert.equal(tree['policy.session.noise_suppression'], '1');
    assert.equal(tree['sipendpoint.headset-unplugged-set-not-ready'], true);
    assert.equal(changed.length, Object.keys(tree).length);
    const again = mergeIntoTree(tree, { 'policy.session.auto_answer': '1', 'x.y': 'z' });
    assert.deepEqual(again.changed, ['policy.session.auto_answer', 'x.y']);
    assert.equal(again.tree['sipendpoint.uri'], 'https://127.0.0.1:8000', 'a merge keeps earlier keys');
    assert.equal(tree['policy.session.auto_answer'], '0', 'the earlier tree is not changed');
  });

  it('flattens nested objects and skips what it cannot hold, saying why', () => {
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    const { tree, skipped } = mergeIntoTree(
      {},
      {
        policy: { session: { auto_answer: 1 } },
        list: [1, 2],
        nothing: null,
        infinite: Number.POSITIVE_INFINITY,
        long: 'x'.repeat(TREE_LIMITS.maxValueLength + 1),
        ...deep,
      },
    );
    assert.deepEqual(tree, { 'policy.session.auto_answer': 1 });
    assert.deepEqual(
      skipped.map((s) => s.key),
      ['list', 'nothing', 'infinite', 'long', 'a.b.c.d'],
    );
    assert.match(skipped[4]?.reason ?? '', /nested deeper/);
  });

  it('holds a bounded number of keys', () => {
    const many = Object.fromEntries(Array.from({ length: TREE_LIMITS.maxKeys + 5 }, (_, i) => [`k.${i}`, i]));
    const { tree, skipped } = mergeIntoTree({}, many);
    assert.equal(Object.keys(tree).length, TREE_LIMITS.maxKeys);
    assert.equal(skipped.length, 5);
  });
});

describe('the effective settings', () => {
  const wwe = (tree: SettingsTree) => effectiveSettings([{ source: 'wwe', tree }]);

  it('are the defaults, each from "default", with no layer', () => {
    const { settings, sources, reports } = effectiveSettings([]);
    assert.deepEqual(settings, DEFAULT_ENDPOINT_SETTINGS);
    assert.equal(sources['session.autoAnswer'], 'default');
    assert.equal(sources.codecs, 'default');
    assert.deepEqual(reports, []);
  });

  it('read "1", 1 and true alike as on', () => {
    for (const on of ['1', 1, true, 'true', 'ON']) {
      assert.equal(wwe({ 'policy.session.auto_answer': on }).settings.session.autoAnswer, true, String(on));
    }
    for (const off of ['0', 0, false, 'false']) {
      assert.equal(wwe({ 'policy.session.agc_mode': off }).settings.session.autoGainControl, false, String(off));
    }
  });

  it('map the Softphone policies onto their fields', () => {
    const { settings } = wwe({
      'policy.session.auto_answer_delay': '1500',
      'policy.session.dtmf_method': 'info',
      'policy.session.reject_session_when_busy': '1',
      'policy.session.number_sessions_for_busy': 2,
      'policy.session.sip_code_when_busy': '603',
      'policy.device.headset_name': 'Jabra.*',
      'policy.endpoint.vq_alarm_threshold': '3.5',
      'policy.endpoint.rtp_inactivity_timeout': 10,
      'parameters.preferred_language': 'pt_BR',
      'Policy.Session.Ringing_Enabled': '0',
    });
    assert.equal(settings.session.autoAnswerDelayMs, 1500);
    assert.equal(settings.session.dtmfMethod, 'info');
    assert.equal(settings.session.rejectWhenBusy, true);
    assert.equal(settings.session.busyCallCount, 2);
    assert.equal(settings.session.busyCode, 603);
    assert.equal(settings.device.headsetName, 'Jabra.*');
    assert.equal(settings.endpoint.vqAlarmThreshold, 3.5);
    assert.equal(settings.endpoint.rtpInactivityTimeoutS, 10);
    assert.equal(settings.preferredLanguage, 'pt-BR');
    assert.equal(settings.session.ringingEnabled, false, 'case of a key does not matter for its meaning');
  });

  it('keep a value of the wrong kind out, report it, and keep the default', () => {
    const { settings, reports, sources } = wwe({
      'policy.session.auto_answer_delay': 'soon',
      'policy.session.sip_code_when_busy': 200,
      'policy.device.audio_in_device': '([',
      'policy.session.dtmf_method': 'smoke signals',
    });
    assert.deepEqual(settings, DEFAULT_ENDPOINT_SETTINGS);
    assert.equal(sources['session.autoAnswerDelayMs'], 'default');
    assert.deepEqual(
      reports.map((r) => [r.key, r.refused]),
      [
        ['policy.session.auto_answer_delay', 'expected a whole number from 0 to 60000'],
        ['policy.session.sip_code_when_busy', 'expected a whole number from 400 to 699'],
        ['policy.device.audio_in_device', 'not a valid regular expression'],
        ['policy.session.dtmf_method', 'expected rfc2833 or info'],
      ],
    );
  });

  it('let WWE win over the machine policy, and say which value was overridden', () => {
    const { settings, sources, reports } = effectiveSettings([
      { source: 'machine', tree: { 'policy.session.auto_answer': '1', 'policy.session.dtmf_method': 'info' } },
      { source: 'wwe', tree: { 'policy.session.auto_answer': '0' } },
    ]);
    assert.equal(settings.session.autoAnswer, false);
    assert.equal(sources['session.autoAnswer'], 'wwe');
    assert.equal(settings.session.dtmfMethod, 'info');
    assert.equal(sources['session.dtmfMethod'], 'machine');
    assert.equal(reports[0]?.overridden, true);
    assert.equal(reports[2]?.overridden, undefined);
  });

  it('order codecs by priority, dropping priority 0', () => {
    const { settings, sources } = wwe({
      'codecs.pcmu/8000.priority': 2,
      'codecs.opus/48000/2.priority': '5',
      'codecs.G722/16000.priority': 0,
      'codecs.pcma/8000.priority': 1,
    });
    assert.deepEqual(settings.codecs, ['opus', 'pcmu', 'pcma']);
    assert.equal(sources.codecs, 'wwe');
  });

  it('tell what each key does: honoured, stored, not applicable or unknown', () => {
    const { reports } = wwe({
      'policy.session.auto_answer': '1',
      'policy.session.ringback_enabled': '1',
      'policy.endpoint.rtp_port_min': 8000,
      'sipendpoint.ping-interval': 2000,
      'vendor.thing': 'x',
    });
    assert.deepEqual(
      reports.map((r) => r.effect),
      ['live', 'stored', 'not-applicable', 'companion', 'unknown'],
    );
  });

  it('list every key of the Softphone settings reference once', () => {
    const keys = KNOWN_SETTINGS.map((k) => k.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(keys.every((k) => k === k.toLowerCase()));
  });
});
