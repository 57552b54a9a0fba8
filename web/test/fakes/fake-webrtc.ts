/**
 * Just enough RTCPeerConnection for JsSIP's answer and re-offer paths in Node: offers/answers are a
 * fixed PCMU SDP; ICE gathering starts on the first setLocalDescription, yields one host candidate
 * and never completes (a dead STUN server), so only the early-ICE rule lets SDP leave.
 */
import { SDP } from './loop-socket.ts';

export class FakePeerConnection extends EventTarget {
  static instances: FakePeerConnection[] = [];
  /** Makes every peer connection's constructor, or every addTrack, throw (until set back to null). */
  static failing: 'constructor' | 'addTrack' | null = null;
  iceGatheringState: RTCIceGatheringState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  readonly senders: {
    track: { kind: string; enabled: boolean } | null;
    dtmf: null;
    replaceTrack(track: unknown): Promise<void>;
  }[] = [];
  /** setRemoteDescription, createAnswer and setLocalDescription calls that reached this connection. */
  remoteDescriptionsSet = 0;
  answersCreated = 0;
  localDescriptionsSet = 0;
  closed = false;

  constructor() {
    super();
    if (FakePeerConnection.failing === 'constructor') {
      throw new Error('Failed to construct RTCPeerConnection');
    }
    FakePeerConnection.instances.push(this);
  }
  addTrack(track: { kind: string; enabled: boolean }): object {
    if (FakePeerConnection.failing === 'addTrack') {
      throw new Error('InvalidStateError: the track has ended');
    }
    const sender = {
      track: track as { kind: string; enabled: boolean } | null,
      dtmf: null,
      replaceTrack(next: { kind: string; enabled: boolean } | null): Promise<void> {
        this.track = next;
        return Promise.resolve();
      },
    };
    this.senders.push(sender);
    return sender;
  }
  getSenders(): object[] {
    return this.senders;
  }
  getReceivers(): object[] {
    return [];
  }
  createOffer(): Promise<{ type: string; sdp: string }> {
    return Promise.resolve({ type: 'offer', sdp: SDP });
  }
  createAnswer(): Promise<{ type: string; sdp: string }> {
    this.answersCreated += 1;
    return Promise.resolve({ type: 'answer', sdp: SDP });
  }
  setLocalDescription(desc: { type: string; sdp?: string }): Promise<void> {
    if (desc.type === 'rollback') {
      this.signalingState = 'stable';
      return Promise.resolve();
    }
    this.localDescriptionsSet += 1;
    this.localDescription = { type: desc.type, sdp: desc.sdp ?? SDP };
    this.signalingState = desc.type === 'offer' ? 'have-local-offer' : 'stable';
    if (this.iceGatheringState === 'new') {
      this.iceGatheringState = 'gathering';
      // A macrotask: JsSIP attaches its icecandidate listener a few promise ticks after this call.
      setImmediate(() => {
        const event = Object.assign(new Event('icecandidate'), {
          candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', type: 'host' },
        });
        this.dispatchEvent(event);
      });
    }
    return Promise.resolve();
  }
  setRemoteDescription(desc: { type: string; sdp: string }): Promise<void> {
    this.remoteDescriptionsSet += 1;
    this.remoteDescription = desc;
    this.signalingState = desc.type === 'offer' ? 'have-remote-offer' : 'stable';
    return Promise.resolve();
  }
  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map<string, unknown>());
  }
  close(): void {
    this.closed = true;
  }
}

export class FakeSessionDescription {
  type: string;
  sdp: string;
  constructor(init: { type: string; sdp: string }) {
    this.type = init.type;
    this.sdp = init.sdp;
  }
}

/** A local stream with one audio track (JsSIP adds its tracks to the peer connection). */
export function fakeAudioStream(): MediaStream & { stopped: () => boolean } {
  const track = {
    kind: 'audio',
    enabled: true,
    stopped: false,
    stop() {
      this.stopped = true;
    },
  };
  return {
    getTracks: () => [track],
    getAudioTracks: () => [track],
    getVideoTracks: () => [],
    stopped: () => track.stopped,
  } as unknown as MediaStream & { stopped: () => boolean };
}

/** Installs the globals JsSIP reads (window.RTCPeerConnection, RTCSessionDescription); returns an undo. */
export function installFakeWebRtc(): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = {
    window: g.window,
    RTCPeerConnection: g.RTCPeerConnection,
    RTCSessionDescription: g.RTCSessionDescription,
  };
  g.RTCPeerConnection = FakePeerConnection;
  g.RTCSessionDescription = FakeSessionDescription;
  g.window = g;
  return () => {
    Object.assign(g, saved);
  };
}
