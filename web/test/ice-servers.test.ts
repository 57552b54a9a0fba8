import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  iceServersFromText,
  iceServersToText,
  turnUrlsWithoutUser,
} from '../src/components/settings-form/ice-servers.ts';

describe('STUN/TURN text editor', () => {
  it('applies the TURN user and password to turn: lines only', () => {
    assert.deepEqual(
      iceServersFromText('stun:s.example:3478\nturn:t.example:3478?transport=udp\nnonsense', 'agent', 'pw', []),
      [
        { urls: 'stun:s.example:3478' },
        { urls: 'turn:t.example:3478?transport=udp', username: 'agent', credential: 'pw' },
      ],
    );
  });
  it('keeps the stored TURN password when the field is left empty', () => {
    const previous = [{ urls: 'turn:t.example', username: 'agent', credential: 'secret' }];
    assert.deepEqual(iceServersFromText('turn:t.example', 'agent', '', previous), previous);
  });
  it('shows URLs one per line and the user name, never the password', () => {
    const text = iceServersToText([{ urls: ['stun:a', 'stun:b'] }, { urls: 'turn:c', username: 'u', credential: 'x' }]);
    assert.deepEqual(text, { urls: 'stun:a\nstun:b\nturn:c', username: 'u' });
  });
  it('names the TURN URLs that have no user name, and none once a user name is given', () => {
    const text = 'stun:s.example\nturn:t.example:3478\nturns:t.example:5349';
    assert.deepEqual(turnUrlsWithoutUser(text, ''), ['turn:t.example:3478', 'turns:t.example:5349']);
    assert.deepEqual(turnUrlsWithoutUser(text, '  '), ['turn:t.example:3478', 'turns:t.example:5349']);
    assert.deepEqual(turnUrlsWithoutUser(text, 'agent'), []);
    assert.deepEqual(turnUrlsWithoutUser('stun:s.example', ''), []);
  });
});
