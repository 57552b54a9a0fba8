/**
 * The status bar's registration line: "not registered" says "gateway unreachable" only when the
 * gateway really did not answer (an offline start), not before anything was tried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegistrationSnapshot, TransportState } from '../../protocol/src/index.ts';
import { registrationText } from '../src/components/status-bar/registration-text.ts';

const unregistered: RegistrationSnapshot = { state: 'unregistered', since: 0 };

describe('registrationText (the status bar’s SIP line)', () => {
  const rows: [TransportState, boolean, string][] = [
    ['disconnected', true, 'not registered'],
    ['disconnected', false, 'gateway unreachable'],
    ['connecting', true, 'connecting to gateway…'],
    ['connecting', false, 'connecting to gateway…'],
    ['connected', true, 'not registered'],
  ];
  for (const [transport, isGatewayReachable, text] of rows) {
    it(`unregistered, transport ${transport}, gateway ${isGatewayReachable ? 'answered' : 'silent'} → "${text}"`, () => {
      assert.equal(registrationText(unregistered, transport, 0, isGatewayReachable), text);
    });
  }

  it('a registered DN says so whatever the transport', () => {
    const registered: RegistrationSnapshot = { state: 'registered', since: 1, dn: '1001' } as RegistrationSnapshot;
    assert.equal(registrationText(registered, 'disconnected', 0, false), 'registered as DN 1001');
  });
});
