import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PWA_LOG_TEXT, parseCommandResult, parseToPwa, PROTOCOL_VERSION } from '../src/index.ts';

const line = { id: 7, at: 1_732_467_600_000, level: 'warn', namespace: 'wgb:phone', text: 'register failed' };

describe('getLog pages', () => {
  it('accepts a page of log lines', () => {
    assert.equal(parseCommandResult('getLog', { lines: [line], more: true }).ok, true);
  });

  it('refuses a line of an unknown level or longer than a stored line can be', () => {
    const badLevel = parseCommandResult('getLog', { lines: [{ ...line, level: 'trace' }], more: false });
    assert.equal(badLevel.ok, false);
    const long = parseCommandResult('getLog', {
      lines: [{ ...line, text: 'x'.repeat(MAX_PWA_LOG_TEXT + 1) }],
      more: false,
    });
    assert.match(long.ok ? '' : long.issue, /^lines\.0\.text: /);
  });

  it('refuses a request whose beforeId is not a line id', () => {
    const frame = {
      type: 'request',
      v: PROTOCOL_VERSION,
      id: '1',
      command: { name: 'getLog', params: { beforeId: 0 } },
    };
    assert.equal(parseToPwa(JSON.stringify(frame)).ok, false);
  });
});
