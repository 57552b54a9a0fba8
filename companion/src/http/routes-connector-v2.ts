/**
 * Genesys Softphone Connector v2 (docs/protocol.md, section 1a) on the same port as the WWE calls, behind the same
 * Host, Origin and rate rules (access `wwe`): `GET`/`DELETE /session`, `POST`/`DELETE /register`,
 * `POST /audio`, `DELETE /calls`. The `POST /register` body is not documented, so it is graded GUESS
 * (every hit is logged whole at warn, as evidence); what it accepts is in docs/protocol.md.
 */
import * as v from 'valibot';
import { AudioChangeSchema, DnSchema, RelayError, SipServerSchema } from '../../../protocol/src/index.ts';
import { sessionBody } from '../connector/session-shape.ts';
import type { Relay } from '../relay/relay.ts';
import { desiredSlots, slotsOf, type RegistrationSlots } from '../wwe/desired-machine.ts';
import type { DesiredRegistration } from '../wwe/desired-registration.ts';
import type { WweSession } from '../wwe/session.ts';
import { parseBody } from './errors.ts';
import type { Route } from './route.ts';
import { RegisterDnBody } from './routes-wwe.ts';

export interface ConnectorV2Deps {
  relay: Relay;
  desired: DesiredRegistration;
  session: WweSession;
}

/** A WebRTC-mode registration: Genesys Softphone's own WebRTC client with an OAuth token. */
const OAUTH_FIELDS = ['token', 'access_token', 'accessToken', 'oauth_token', 'authorization'] as const;

/** The v2 form: the connections as `GET /session` lists them. */
const ConnectionsBody = v.object({
  connections: v.pipe(
    v.array(v.object({ server: SipServerSchema, user: DnSchema })),
    v.minLength(1, 'must name at least one connection'),
  ),
});

function registerSlots(body: unknown): RegistrationSlots {
  if (typeof body === 'object' && body !== null && OAUTH_FIELDS.some((field) => field in body)) {
    throw new RelayError(
      'BAD_REQUEST',
      'A WebRTC registration with an OAuth token is not supported: this endpoint registers over SIP through the company gateway; send {"addresses":[…],"users":[…]} or {"connections":[{"server","user"}]}.',
    );
  }
  if (typeof body === 'object' && body !== null && 'connections' in body) {
    const { connections } = parseBody(ConnectionsBody, body);
    const addresses = connections.map((c) => c.server);
    const users = connections.map((c) => c.user);
    const checked = parseBody(RegisterDnBody, { addresses, users });
    return slotsOf(checked.addresses, checked.users);
  }
  const { addresses, users } = parseBody(RegisterDnBody, body);
  return slotsOf(addresses, users);
}

const AudioBody = v.object({ devices: AudioChangeSchema });

export function connectorV2Routes(deps: ConnectorV2Deps): Route[] {
  const { relay, desired, session } = deps;
  const row = (
    method: Route['method'],
    path: string,
    handle: Route['handle'],
    grade: Route['grade'] = 'DOC',
  ): Route => ({
    method,
    path,
    access: 'wwe',
    grade,
    handle,
  });
  const currentSession = (): unknown =>
    sessionBody({
      snapshot: relay.snapshot,
      isActive: desired.isActive(),
      isLinked: relay.link !== null,
      wanted: desiredSlots(desired.state) ?? [],
    });
  /** Hangs up every call the PWA reports; answers 503 at once when no PWA is linked. */
  const releaseCalls = async (): Promise<number> => {
    if (relay.link === null) {
      throw new RelayError('PWA_OFFLINE', 'The softphone (PWA) is not connected to the companion.');
    }
    const calls = relay.snapshot?.calls ?? [];
    await Promise.all(calls.map((call) => relay.request('hangup', { callId: call.callId })));
    return calls.length;
  };
  const releaseCallsIfLinked = async (): Promise<void> => {
    if (relay.link !== null) {
      await releaseCalls();
    }
  };
  return [
    row('GET', '/session', currentSession),
    row('DELETE', '/session', async () => {
      await releaseCallsIfLinked();
      await desired.unregister();
      session.close();
      return currentSession();
    }),
    row(
      'POST',
      '/register',
      ({ body }) => {
        desired.register(registerSlots(body ?? {}));
        return currentSession();
      },
      'GUESS',
    ),
    row('DELETE', '/register', async () => {
      await releaseCallsIfLinked();
      await desired.unregister();
      return currentSession();
    }),
    row('POST', '/audio', async ({ body }) => {
      const { devices } = parseBody(AudioBody, body ?? {});
      await relay.request('setAudio', devices);
      return currentSession();
    }),
    row('DELETE', '/calls', async () => ({ released: await releaseCalls() })),
  ];
}
