/**
 * The PWA's side of pairing against a scripted companion: it shows the code, opens the companion's
 * confirmation page, claims until the user confirmed, and turns each refusal into an outcome.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { companionOrigin, pairWithCompanion, refusalFrom } from '../src/app/pairing.ts';

const COMPANION = 'https://127.0.0.1:8000';
const SECRET = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const STARTED = {
  requestId: 'r'.repeat(22),
  code: '042917',
  claimToken: 't'.repeat(43),
  expiresInSec: 180,
  confirmPath: `/pair?request=${'r'.repeat(22)}`,
};
const PENDING = { status: 200, body: { confirmed: false } };
const CONFIRMED = { status: 200, body: { confirmed: true } };
const STATUS_URL = `${COMPANION}/pair/requests/${STARTED.requestId}/status`;
const CLAIM_URL = `${COMPANION}/pair/requests/${STARTED.requestId}/claim`;
const notConfirmed = (times: number): { status: number; body: unknown }[] =>
  Array.from({ length: times }, () => PENDING);

/** A pop-up and a companion that answer in order; records what the PWA did. */
function scene(answers: { status: number; body: unknown }[], popupClosesAfter = Infinity) {
  const calls: { url: string; body: unknown }[] = [];
  const popup = { location: { href: 'about:blank' }, closed: false, close: () => (popup.closed = true) };
  const win = { open: () => popup } as unknown as Window;
  const fetchImpl = ((url: string, init: { body: string }) => {
    calls.push({ url, body: JSON.parse(init.body) as unknown });
    if (calls.length > popupClosesAfter) {
      popup.closed = true;
    }
    const next = answers.shift() ?? { status: 599, body: null };
    return Promise.resolve({ status: next.status, json: () => Promise.resolve(next.body) });
  }) as unknown as typeof fetch;
  const codes: string[] = [];
  return { calls, popup, codes, deps: { win, fetch: fetchImpl, pollMs: 1, onCode: (c: string) => codes.push(c) } };
}

describe('pairing with the companion', () => {
  it('shows the code, opens the confirmation page, asks until confirmed, claims and returns the secret', async () => {
    const s = scene([{ status: 200, body: STARTED }, PENDING, CONFIRMED, { status: 200, body: { secret: SECRET } }]);
    assert.deepEqual(await pairWithCompanion(`${COMPANION}/`, s.deps), { state: 'paired', secret: SECRET });
    assert.deepEqual(s.codes, ['042917']);
    assert.equal(s.popup.location.href, `${COMPANION}${STARTED.confirmPath}`);
    assert.deepEqual(
      s.calls.map((c) => c.url),
      [`${COMPANION}/pair/requests`, STATUS_URL, STATUS_URL, CLAIM_URL],
    );
    assert.deepEqual(s.calls[1]?.body, { claimToken: STARTED.claimToken });
    assert.equal(s.popup.closed, true);
  });

  it('a refusal of the start or of the claim is an outcome naming the companion’s code', async () => {
    const other = { error: { code: 'OTHER_OS_USER', message: 'another user' } };
    assert.deepEqual(await pairWithCompanion(COMPANION, scene([{ status: 403, body: other }]).deps), {
      state: 'refused',
      code: 'OTHER_OS_USER',
      message: 'another user',
    });
    const expired = { error: { code: 'PAIRING_EXPIRED', message: 'expired' } };
    const s = scene([
      { status: 200, body: STARTED },
      { status: 410, body: expired },
    ]);
    assert.equal(((await pairWithCompanion(COMPANION, s.deps)) as { code?: string }).code, 'PAIRING_EXPIRED');
  });

  it('a pop-up closed before confirming cancels; a blocked pop-up or a bad URL is blocked', async () => {
    const s = scene([{ status: 200, body: STARTED }, ...notConfirmed(3)], 1);
    assert.deepEqual(await pairWithCompanion(COMPANION, s.deps), { state: 'cancelled' });
    const blocked = { ...scene([]).deps, win: { open: () => null } as unknown as Window };
    assert.deepEqual(await pairWithCompanion(COMPANION, blocked), { state: 'blocked' });
    assert.deepEqual(await pairWithCompanion('not a url', scene([]).deps), { state: 'blocked' });
  });

  it('a companion that does not answer is unreachable; an unknown answer is a refusal naming the status', async () => {
    const down = scene([]);
    down.deps.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    assert.deepEqual(await pairWithCompanion(COMPANION, down.deps), { state: 'unreachable' });
    assert.deepEqual(refusalFrom(502, 'gateway'), {
      state: 'refused',
      code: 'HTTP_502',
      message: 'The companion answered 502.',
    });
    assert.equal(companionOrigin('https://127.0.0.1:8000/x'), 'https://127.0.0.1:8000');
  });
});
