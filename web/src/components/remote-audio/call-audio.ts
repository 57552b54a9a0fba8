/**
 * Every call's remote audio, apart from the screens: one <sp-remote-audio> per call that has a remote
 * stream, kept by call id from the moment the stream exists to the call's end. A call answered while it
 * rang (a prepared answer, adapters/jssip-prepared-answer.ts) has its stream before the answer: its
 * element is bound and playing at volume 0 while the call rings, so the first packet after the answer
 * is heard at once, and an autoplay refusal shows its banner while the call still rings. This element
 * follows the phone directly, not through the screens' render hold (app/media-first-hold.ts):
 * what the agent hears never waits for what the agent sees. Only the leading window plays audio.
 */
import { consume } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CallSnapshot } from '../../../../protocol/src/index.ts';
import { sessionContext, settingsContext } from '../../app/contexts.ts';
import type { PhoneSession } from '../../app/phone-session.ts';
import { StoreController } from '../../controllers/store-controller.ts';
import { withDeviceRules } from '../../phone/device-rules.ts';
import type { SettingsStore } from '../../storage/settings-store.ts';
import './remote-audio.ts';

/** Whether the call's audio is heard yet: not while an inbound call rings (outbound early media is). */
function audible(call: CallSnapshot): boolean {
  return call.state !== 'incoming';
}

@customElement('sp-call-audio')
export class SpCallAudio extends LitElement {
  static override styles = css`
    :host {
      display: none;
    }
  `;

  @consume({ context: sessionContext }) private session?: PhoneSession;
  @consume({ context: settingsContext }) private settings?: SettingsStore;

  constructor() {
    super();
    new StoreController(this, () => this.session); // snapshots and remote streams, never held
    new StoreController(this, () => this.settings);
  }

  override render() {
    const session = this.session;
    if (session?.role !== 'leader') {
      return '';
    }
    const { phone } = session;
    const { speaker } = phone.snapshot.audio;
    const agent = this.settings?.current();
    const sinkId = (agent && withDeviceRules(agent, phone.devices).audio.outputDeviceId) ?? '';
    const playing = phone.snapshot.calls.flatMap((call) => {
      const stream = phone.media.remoteStream(call.callId);
      return stream ? [{ call, stream }] : [];
    });
    return repeat(
      playing,
      ({ call }) => call.callId,
      ({ call, stream }) =>
        html`<sp-remote-audio
          call-id=${call.callId}
          sink-id=${sinkId}
          .volume=${audible(call) ? speaker.volume : 0}
          ?muted=${speaker.muted}
          .stream=${stream}
        ></sp-remote-audio>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sp-call-audio': SpCallAudio;
  }
}
