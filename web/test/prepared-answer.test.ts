import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PreparedAnswer } from '../src/adapters/jssip-prepared-answer.ts';
import type { IceReadyGate } from '../src/adapters/ice-ready.ts';
import { FakePeerConnection, fakeAudioStream } from './fakes/fake-webrtc.ts';
import { createMemoryLogger } from '../src/lib/log.ts';
import { SDP } from './fakes/loop-socket.ts';

/** The early-ICE rule still in its grace (STUN configured, no srflx yet): it never says ready here. */
const graceRunning: IceReadyGate = { onCandidate: () => undefined, dispose: () => undefined };

/** What JsSIP's answer() does with the connection once it is handed over: offer, answer, local description. */
async function jssipAnswers(pc: FakePeerConnection, session: { _iceReady: boolean }): Promise<'sent' | 'waiting'> {
  const rtc = pc as unknown as RTCPeerConnection;
  await rtc.setRemoteDescription({ type: 'offer', sdp: SDP });
  const answer = await rtc.createAnswer();
  const applied = rtc.setLocalDescription(answer).then(() => 'sent' as const);
  const outcome = await Promise.race([
    applied,
    new Promise<'waiting'>((resolve) => setTimeout(resolve, 20, 'waiting')),
  ]);
  assert.equal(outcome === 'sent', session._iceReady);
  return outcome;
}

function prepared(iceState: RTCIceConnectionState): { pc: FakePeerConnection; session: { _iceReady: boolean } } {
  const pc = new FakePeerConnection();
  const prepared = new PreparedAnswer(
    pc as unknown as RTCPeerConnection,
    fakeAudioStream(),
    SDP,
    graceRunning,
    createMemoryLogger('prepared'),
  );
  pc.iceConnectionState = iceState;
  pc.dispatchEvent(new Event('iceconnectionstatechange'));
  const session = {
    _iceReady: false,
    _connection: null,
    _createRTCConnection: () => undefined,
    emit: () => true,
    terminate: () => undefined,
  };
  prepared.adoptInto(session);
  session._createRTCConnection();
  return { pc, session };
}

describe('a prepared answer with the early-ICE rule still waiting', () => {
  it('sends at once when ICE with the gateway is connected already (the path is proven)', async () => {
    const { pc, session } = prepared('connected');
    assert.equal(await jssipAnswers(pc, session), 'sent');
  });

  it('waits for the rule while ICE is not connected yet', async () => {
    const { pc, session } = prepared('checking');
    assert.equal(await jssipAnswers(pc, session), 'waiting');
  });
});
