/** WWE's codec order → the PWA's audio codec list: Softphone names mapped, unusable ones left out, Settings when WWE decided nothing usable. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_APPLIED_SETTINGS, DEFAULT_ENDPOINT_SETTINGS, type AppliedSettings } from '../../protocol/src/index.ts';
import { browserCodecs, withCodecOrder } from '../src/phone/codec-policy.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';

const wweCodecs = (codecs: string[]): AppliedSettings => ({
  settings: { ...DEFAULT_ENDPOINT_SETTINGS, codecs },
  sources: { codecs: 'wwe' },
});

describe('codec order from WWE', () => {
  it('maps the Softphone names, in order, without repeats or codecs the browser leg cannot use', () => {
    const table: [string[], string[]][] = [
      [
        ['pcmu', 'pcma', 'g722', 'ilbc', 'isac', 'g729', 'opus'],
        ['PCMU', 'PCMA', 'G722', 'opus'],
      ],
      [
        ['opus', 'pcmu'],
        ['opus', 'PCMU'],
      ],
      [
        ['G722', 'PCMA'],
        ['G722', 'PCMA'],
      ],
      [['iSAC/16000', 'isac/32000', 'opus/48000/2'], ['opus']],
      [['pcma', 'PCMA'], ['PCMA']],
      [['ilbc', 'g729'], []],
      [[], []],
    ];
    for (const [names, expected] of table) {
      assert.deepEqual(browserCodecs(names), expected, names.join(','));
    }
  });

  it('replaces the agent’s list only where WWE decided a usable order', () => {
    const agent = { ...DEFAULT_SETTINGS, audioCodecs: ['opus', 'PCMU', 'PCMA'] as const };
    const table: [string, AppliedSettings, readonly string[]][] = [
      ['nothing decided', DEFAULT_APPLIED_SETTINGS, ['opus', 'PCMU', 'PCMA']],
      ['WWE order', wweCodecs(['pcma', 'pcmu']), ['PCMA', 'PCMU']],
      ['no usable codec', wweCodecs(['g729']), ['opus', 'PCMU', 'PCMA']],
      ['listed but not decided', { settings: wweCodecs(['pcma']).settings, sources: {} }, ['opus', 'PCMU', 'PCMA']],
    ];
    for (const [name, applied, expected] of table) {
      assert.deepEqual(
        withCodecOrder({ ...agent, audioCodecs: [...agent.audioCodecs] }, applied).audioCodecs,
        expected,
        name,
      );
    }
  });
});
