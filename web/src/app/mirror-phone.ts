/**
 * The PhoneService a follower window shows: the leader's snapshot as received over BroadcastChannel,
 * read-only. Commands are refused with INVALID_STATE; device listing still works so Settings can be
 * edited from any window.
 */
import { RelayError, idlePhoneSnapshot, type PhoneSnapshot } from '../../../protocol/src/index.ts';
import { msg } from '../i18n/messages.ts';
import type { PhoneService } from '../phone/phone-port.ts';

export type MirrorPhone = PhoneService & { update(snapshot: PhoneSnapshot): void };

export function createMirrorPhone(appVersion: string): MirrorPhone {
  let snapshot = idlePhoneSnapshot(appVersion);
  const listeners = new Set<(snapshot: PhoneSnapshot) => void>();
  return {
    get snapshot() {
      return snapshot;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onEvent: (): (() => void) => () => undefined,
    execute() {
      return Promise.reject(new RelayError('INVALID_STATE', msg.banner.follower));
    },
    media: {
      async listDevices() {
        return navigator.mediaDevices.enumerateDevices();
      },
      remoteStream: () => null,
      onRemoteStream: () => () => undefined,
    },
    shutdown: () => Promise.resolve(),
    update(next) {
      snapshot = next;
      listeners.forEach((listener) => listener(next));
    },
  };
}
