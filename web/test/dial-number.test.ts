import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanDialInput, isDialable, isDialKey, isDtmfKey } from '../src/components/dial-pad/dial-number.ts';

describe('pasting a number into the dial pad', () => {
  const cases: [string, string][] = [
    ['+1 (555) 010-2030', '+15550102030'],
    ['  0044 20 7946 0018 ', '00442079460018'],
    ['tel:+49-30-1234567', '+49301234567'],
    ['555.010.2030', '5550102030'],
    ['1001', '1001'],
    ['*72#', '*72#'],
    ['sip:agent_7@gateway.example.com', 'agent_7'],
    ['agent 7', 'agent7'],
    ['+', '+'],
    ['', ''],
  ];
  for (const [raw, cleaned] of cases) {
    it(`"${raw}" dials "${cleaned}"`, () => {
      assert.equal(cleanDialInput(raw), cleaned);
    });
  }

  it('accepts numbers and SIP users but not empty or stray text', () => {
    assert.equal(isDialable('+15550102030'), true);
    assert.equal(isDialable('agent_7'), true);
    assert.equal(isDialable(''), false);
    assert.equal(isDialable('a b'), false);
  });

  it('knows dial keys and DTMF keys', () => {
    assert.equal(isDialKey('5'), true);
    assert.equal(isDialKey('#'), true);
    assert.equal(isDialKey('a'), false);
    assert.equal(isDtmfKey('D'), true);
    assert.equal(isDtmfKey('+'), false);
  });
});
