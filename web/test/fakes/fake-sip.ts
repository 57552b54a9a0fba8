/** A hand-written SipPort fake: records every action; the test plays the SIP side by emitting events. */
import { Emitter } from '../../src/lib/emitter.ts';
import type {
  DtmfMode,
  HangupMode,
  MicrophoneProcessing,
  RtpStatsSample,
  SipAccount,
  SipEvent,
  SipPort,
  TransferTarget,
} from '../../src/phone/sip-port.ts';

export type SipAction =
  | { method: 'start'; account: SipAccount }
  | { method: 'unregister' | 'stop' | 'reconnect' }
  | { method: 'refreshRegistration'; slot: number }
  | { method: 'renewCredentials'; authorizationUser: string; password: string }
  | { method: 'ping' }
  | { method: 'dial'; target: string; callId: string; slot: number }
  | { method: 'prepareAnswer'; callId: string; stream: MediaStream }
  | { method: 'answer'; callId: string; stream: MediaStream }
  | { method: 'restartIce'; callId: string }
  | { method: 'hangup'; callId: string; mode: HangupMode }
  | { method: 'setHold'; callId: string; held: boolean }
  | { method: 'setMute'; callId: string; muted: boolean }
  | { method: 'applyMicrophone'; callId: string; processing: MicrophoneProcessing }
  | { method: 'switchMicrophone'; callId: string; stream: MediaStream }
  | { method: 'sendDtmf'; callId: string; tones: string; mode: DtmfMode }
  | { method: 'transfer'; callId: string; to: TransferTarget };

export class FakeSip implements SipPort {
  readonly actions: SipAction[] = [];
  readonly #emitter = new Emitter<{ sip: SipEvent }>();
  pingResult: 'alive' | 'dead' = 'alive';
  stats: RtpStatsSample | null = null;
  #next = 0;

  subscribe(listener: (e: SipEvent) => void): () => void {
    return this.#emitter.on('sip', listener);
  }
  emit(event: SipEvent): void {
    this.#emitter.emit('sip', event);
  }
  last<M extends SipAction['method']>(method: M): Extract<SipAction, { method: M }> | undefined {
    return this.actions.filter((a): a is Extract<SipAction, { method: M }> => a.method === method).at(-1);
  }
  count(method: SipAction['method']): number {
    return this.actions.filter((a) => a.method === method).length;
  }
  start(account: SipAccount): void {
    this.actions.push({ method: 'start', account });
  }
  unregister(): void {
    this.actions.push({ method: 'unregister' });
  }
  stop(): Promise<void> {
    this.actions.push({ method: 'stop' });
    return Promise.resolve();
  }
  renewCredentials(credentials: { authorizationUser: string; password: string }): void {
    this.actions.push({ method: 'renewCredentials', ...credentials });
  }
  refreshRegistration(slot: number): void {
    this.actions.push({ method: 'refreshRegistration', slot });
  }
  ping(): Promise<'alive' | 'dead'> {
    this.actions.push({ method: 'ping' });
    return Promise.resolve(this.pingResult);
  }
  reconnect(): void {
    this.actions.push({ method: 'reconnect' });
  }
  dial(target: string, _stream: MediaStream, slot = 0): string {
    const callId = `out-${++this.#next}`;
    this.actions.push({ method: 'dial', target, callId, slot });
    return callId;
  }
  prepareAnswer(callId: string, stream: MediaStream): void {
    this.actions.push({ method: 'prepareAnswer', callId, stream });
  }
  answer(callId: string, stream: MediaStream): void {
    this.actions.push({ method: 'answer', callId, stream });
  }
  hangup(callId: string, mode: HangupMode): void {
    this.actions.push({ method: 'hangup', callId, mode });
  }
  setHold(callId: string, held: boolean): void {
    this.actions.push({ method: 'setHold', callId, held });
  }
  setMute(callId: string, muted: boolean): void {
    this.actions.push({ method: 'setMute', callId, muted });
  }
  applyMicrophone(callId: string, processing: MicrophoneProcessing): Promise<void> {
    this.actions.push({ method: 'applyMicrophone', callId, processing });
    return Promise.resolve();
  }
  switchMicrophone(callId: string, stream: MediaStream): Promise<void> {
    this.actions.push({ method: 'switchMicrophone', callId, stream });
    return Promise.resolve();
  }
  sendDtmf(callId: string, tones: string, mode: DtmfMode): void {
    this.actions.push({ method: 'sendDtmf', callId, tones, mode });
  }
  transfer(callId: string, to: TransferTarget): void {
    this.actions.push({ method: 'transfer', callId, to });
  }
  restartIce(callId: string): void {
    this.actions.push({ method: 'restartIce', callId });
  }
  getStats(): Promise<RtpStatsSample | null> {
    return Promise.resolve(this.stats);
  }
  remoteStream(): MediaStream | null {
    return null;
  }
  onRemoteStream(): () => void {
    return () => undefined;
  }
}
