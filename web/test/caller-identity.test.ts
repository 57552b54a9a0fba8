import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerDisplayName } from '../src/adapters/caller-identity.ts';

describe('caller display name', () => {
  const table: [string, string[], string | undefined, string | undefined][] = [
    ['P-Asserted-Identity wins over From', ['"Alice Smith" <sip:1001@example.com>'], 'From Name', 'Alice Smith'],
    ['an unquoted name', ['Alice Smith <sip:1001@example.com>'], undefined, 'Alice Smith'],
    ['escapes inside quotes', ['"Bob \\"B\\" Jones" <sip:1002@example.com>'], undefined, 'Bob "B" Jones'],
    [
      'the first identity with a name, in one header or two',
      ['<sip:+15551234@example.com>, "Carol, Sales" <tel:+15551234>'],
      'From Name',
      'Carol, Sales',
    ],
    ['two header values', ['<sip:1003@example.com>', '"Dave" <tel:+15550000>'], undefined, 'Dave'],
    ['an identity without a name keeps From', ['<sip:1004@example.com>'], 'From Name', 'From Name'],
    ['a bare URI keeps From', ['sip:1004@example.com'], 'From Name', 'From Name'],
    ['no identity keeps From', [], 'From Name', 'From Name'],
    ['an empty quoted name keeps From', ['"" <sip:1005@example.com>'], 'From Name', 'From Name'],
    ['nothing at all', [], undefined, undefined],
    ['an empty From', [], '', undefined],
  ];
  for (const [name, identities, from, expected] of table) {
    it(name, () => assert.equal(callerDisplayName(identities, from), expected));
  }
});
