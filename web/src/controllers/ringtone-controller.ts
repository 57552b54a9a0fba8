/**
 * Rings while a call is incoming, this window leads and the endpoint settings allow it (`ringing_enabled`): the synthesised ringtone (app/ringtone-wav.ts)
 * loops in its own <audio> element, routed to the ring device with setSinkId before play()
 * (docs/browser-behaviour.md, "Autoplay" and "Audio output devices"). A refused play() (autoplay policy) or an unusable device is reported to
 * the host, which shows a banner; after the agent's click (`sp-sound-unlock`) it tries again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PhoneSession } from '../app/phone-session.ts';
import { ringtoneWav } from '../app/ringtone-wav.ts';
import type { Logger } from '../lib/log.ts';
import type { SettingsSource } from '../settings/settings.ts';
import { setSink } from './set-sink.ts';
import { withDeviceRules } from '../phone/device-rules.ts';
import { ringsAloud } from '../phone/endpoint-policy.ts';

export type RingProblem = { kind: 'autoplay' } | { kind: 'sink'; deviceId: string };

export class RingtoneController implements ReactiveController {
  readonly audio: HTMLAudioElement;
  #unsubscribe: (() => void) | null = null;
  #isRinging = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: {
      session: () => PhoneSession | undefined;
      settings: () => SettingsSource | undefined;
      log: () => Logger | undefined;
      onProblem: (problem: RingProblem) => void;
    },
  ) {
    this.audio = document.createElement('audio');
    this.audio.loop = true;
    this.audio.dataset.testid = 'ringtone';
    this.audio.src = URL.createObjectURL(new Blob([ringtoneWav()], { type: 'audio/wav' }));
    host.addController(this);
  }

  get isRinging(): boolean {
    return this.#isRinging;
  }

  hostConnected(): void {
    document.body.append(this.audio);
    this.#unsubscribe = this.deps.session()?.subscribe(() => void this.#sync()) ?? null;
    window.addEventListener('sp-sound-unlock', this.#retry);
    void this.#sync();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    window.removeEventListener('sp-sound-unlock', this.#retry);
    this.audio.pause();
    this.audio.remove();
  }

  readonly #retry = (): void => {
    if (this.#isRinging) {
      void this.#play();
    }
  };

  async #sync(): Promise<void> {
    const session = this.deps.session();
    const shouldRing =
      session?.role === 'leader' &&
      ringsAloud(session.phone.endpoint) &&
      session.snapshot.calls.some((call) => call.state === 'incoming');
    if (shouldRing === this.#isRinging) {
      return;
    }
    this.#isRinging = shouldRing;
    if (shouldRing) {
      const agent = this.deps.settings()?.current();
      const deviceId = agent && withDeviceRules(agent, session.phone.devices).audio.ringDeviceId;
      if (!(await setSink(this.audio, deviceId))) {
        this.deps.onProblem({ kind: 'sink', deviceId: deviceId ?? '' });
      }
      await this.#play();
    } else {
      this.audio.pause();
      this.audio.currentTime = 0;
    }
  }

  async #play(): Promise<void> {
    try {
      await this.audio.play();
    } catch (error) {
      this.deps.log()?.warn('ringtone refused by autoplay policy', error);
      this.deps.onProblem({ kind: 'autoplay' });
    }
  }
}
