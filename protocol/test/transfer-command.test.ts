import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMAND_TIMEOUT_MS, PROTOCOL_VERSION, parseToPwa } from '../src/index.ts';

const request = (params: object): string =>
  JSON.stringify({ type: 'request', v: PROTOCOL_VERSION, id: 't', command: { name: 'transfer', params } });

describe('the transfer command', () => {
  it('takes a blind target or an attended withCallId', () => {
    assert.equal(parseToPwa(request({ target: '9001' })).ok, true);
    assert.equal(parseToPwa(request({ callId: 'a', withCallId: 'b' })).ok, true);
  });

  it('refuses both or neither, saying which fields to give', () => {
    for (const params of [{}, { callId: 'a' }, { target: '9001', withCallId: 'b' }]) {
      const parsed = parseToPwa(request(params));
      assert.equal(parsed.ok, false, JSON.stringify(params));
      assert.match(parsed.ok ? '' : parsed.reason, /exactly one of target .* and withCallId/);
    }
  });

  it('refuses a target a SIP user cannot be', () => {
    const parsed = parseToPwa(request({ target: '9001 <x>' }));
    assert.match(parsed.ok ? '' : parsed.reason, /target: must be a number or SIP user/);
  });

  it('waits 10 s for the REFER outcome', () => {
    assert.equal(COMMAND_TIMEOUT_MS.transfer, 10_000);
  });
});
