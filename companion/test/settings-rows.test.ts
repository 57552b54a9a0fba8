/** The dashboard's settings rows: each effective field with its source and when it applies; WWE keys not applied, with why. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otherKeyRows, settingRows } from '../src/helpdesk/settings-rows.ts';
import { effectiveSettings } from '../src/wwe/known-settings.ts';

describe("the dashboard's endpoint settings", () => {
  const effective = effectiveSettings([
    { source: 'machine', tree: { 'policy.session.dtmf_method': 'info' } },
    {
      source: 'wwe',
      tree: {
        'policy.session.auto_answer': '1',
        'policy.session.auto_answer_delay': 'soon',
        'policy.endpoint.rtp_port_min': 8000,
        'policy.device.headset_name': 'Jabra.*',
        'vendor.thing': 'x',
      },
    },
  ]);
  const row = (field: string) => settingRows(effective).find((r) => r.field === field);

  it('shows every effective field with its value, source and when it applies', () => {
    const table = [
      ['session.autoAnswer', 'true', 'wwe', 'now'],
      ['session.autoAnswerDelayMs', '0', 'default', 'now'],
      ['session.dtmfMethod', '"info"', 'machine', 'now'],
      ['session.ringingTimeoutS', '0', 'default', 'now'],
      ['device.headsetName', '"Jabra.*"', 'wwe', 'now'],
      ['codecs', '[]', 'default', 'from the next call'],
    ];
    for (const [field, value, source, applies] of table) {
      assert.deepEqual(row(field!), { field, value, source, applies });
    }
    assert.equal(settingRows(effective).length, Object.keys(effective.sources).length);
  });

  it('lists the keys not applied: refused values, no browser meaning, unknown', () => {
    assert.deepEqual(
      otherKeyRows(effective).map((r) => [r.key, r.note]),
      [
        ['policy.session.auto_answer_delay', 'refused: expected a whole number from 0 to 60000'],
        ['policy.endpoint.rtp_port_min', 'not applicable in a browser endpoint'],
        ['vendor.thing', 'unknown to this endpoint: kept'],
      ],
    );
  });
});
