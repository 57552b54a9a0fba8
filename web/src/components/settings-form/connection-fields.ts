/**
 * The connection part of the settings form (gateway WSS URL, companion URL, STUN/TURN, media path),
 * kept apart from the agent's own preferences: collapsed under "Connection" (open while no gateway is
 * known, so a first start shows what is missing). A field the admin enforces in the gateway's
 * `/config.json` shows the admin's value read-only, marked as set by the administrator, and the form
 * never patches it. Empty fields show the gateway's default as a hint. The TURN password is never
 * rendered (empty keeps it).
 */
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '../../i18n/messages.ts';
import { GATEWAY_URL_LIST_PATTERN } from '../../settings/gateway-url-list.ts';
import type { Settings } from '../../settings/settings.ts';
import { enforcedFields, type EnforceableField, type GatewayConfig } from '../../storage/gateway-defaults.ts';
import type { SettingsPatch } from '../../storage/settings-store.ts';
import { choice } from './choice.ts';
import { iceServersFromText, iceServersToText } from './ice-servers.ts';

const ICE_POLICIES = ['all', 'relay'] as const;

type ConnectionPatch = Pick<
  SettingsPatch,
  'sipWebSocketUrl' | 'companionUrl' | 'iceServers' | 'turnCredentialsUrl' | 'iceTransportPolicy'
>;

const adminNote = (isEnforced: boolean) =>
  isEnforced ? html` <span class="admin" data-testid="set-by-admin">${msg.connectionSettings.setByAdmin}</span>` : '';

const hint = (gatewayValue: string | undefined, example: string): string =>
  gatewayValue ? msg.settings.fromGateway(gatewayValue) : example;

/** The refusal of TURN URLs saved without a user name, next to the user-name field. */
const turnUserMissing = (urls: readonly string[]) =>
  urls.length > 0
    ? html`<p role="alert" id="turn-user-missing" data-testid="settings-turn-user-missing">
        ${msg.sipCredentials.turnUserMissing(urls.join(', '))}
      </p>`
    : '';

/** `turnUrlsMissingUser`: TURN URLs the agent tried to save without a user name (the section stays open). */
export function connectionFields(s: Settings, gateway: GatewayConfig | null, turnUrlsMissingUser: readonly string[]) {
  const enforced = enforcedFields(gateway);
  const is = (field: EnforceableField): boolean => enforced.has(field);
  const shown = <K extends EnforceableField>(field: K): Settings[K] =>
    is(field) ? (gateway?.[field] as Settings[K]) : s[field];
  const ice = iceServersToText(shown('iceServers'));
  const gatewayIce = gateway?.iceServers ? iceServersToText(gateway.iceServers).urls.replace(/\n/g, ', ') : '';
  const needsSetup = !s.sipWebSocketUrl && !gateway?.sipWebSocketUrl;
  /** A one-line field of a string setting, read-only with the admin's value when enforced. */
  const urlField = (
    field: 'sipWebSocketUrl' | 'companionUrl' | 'turnCredentialsUrl',
    label: string,
    testId: string,
    o: { type?: string; pattern?: string; title?: string; placeholder?: string },
  ) =>
    html`<label
      >${label}${adminNote(is(field))}
      <input
        name=${field}
        type=${o.type ?? 'text'}
        pattern=${ifDefined(o.pattern)}
        title=${ifDefined(o.title)}
        data-testid=${testId}
        ?readonly=${is(field)}
        .value=${shown(field)}
        placeholder=${ifDefined(o.placeholder)}
      />
    </label>`;
  return html`<details
    class="connection"
    data-testid="settings-connection"
    ?open=${needsSetup || turnUrlsMissingUser.length > 0}
  >
    <summary>
      <span class="legend">${msg.settings.connection}</span>
      <span class="muted">${enforced.size > 0 ? msg.connectionSettings.managed : msg.connectionSettings.hint}</span>
    </summary>
    <div class="fields">
      ${urlField('sipWebSocketUrl', msg.settings.sipWebSocketUrl, 'settings-sip-ws-url', {
        pattern: GATEWAY_URL_LIST_PATTERN,
        title: msg.settings.sipWebSocketUrlList,
        placeholder: hint(gateway?.sipWebSocketUrl, 'wss://gateway.example.com/ws'),
      })}
      ${urlField('companionUrl', msg.settings.companionUrl, 'settings-companion-url', { type: 'url' })}
      <label
        >${msg.settings.iceServers}${adminNote(is('iceServers'))}
        <textarea
          name="iceUrls"
          rows="3"
          data-testid="settings-ice"
          ?readonly=${is('iceServers')}
          .value=${ice.urls}
          placeholder=${hint(gatewayIce, 'stun:stun.example.com:3478')}
        ></textarea>
      </label>
      ${
        is('iceServers')
          ? ''
          : html`<div class="pair">
              <label
                >${msg.settings.iceUsername}<input
                  name="iceUsername"
                  autocomplete="off"
                  data-testid="settings-ice-username"
                  aria-invalid=${turnUrlsMissingUser.length > 0 ? 'true' : 'false'}
                  aria-describedby="turn-user-missing"
                  .value=${ice.username}
              /></label>
              <label
                >${msg.settings.iceCredential}<input
                  name="iceCredential"
                  type="password"
                  autocomplete="new-password"
                  data-testid="settings-ice-credential"
              /></label>
            </div>`
      }
      ${turnUserMissing(turnUrlsMissingUser)}
      <div class="pair">
        ${urlField('turnCredentialsUrl', msg.settings.turnCredentialsUrl, 'settings-turn-url', {
          placeholder: hint(gateway?.turnCredentialsUrl, '/turn-credentials'),
        })}
        ${choice({
          label: msg.settings.iceTransportPolicy,
          name: 'iceTransportPolicy',
          testId: 'settings-ice-policy',
          values: ICE_POLICIES,
          isSelected: (policy) => s.iceTransportPolicy === policy,
          text: (policy) => msg.settings.icePolicy[policy],
        })}
      </div>
    </div>
  </details>`;
}

/** The connection settings the agent submitted; an enforced field keeps what was stored. */
export function connectionPatch(
  text: (name: string) => string,
  s: Settings,
  gateway: GatewayConfig | null,
): ConnectionPatch {
  const enforced = enforcedFields(gateway);
  const policy = ICE_POLICIES.find((value) => value === text('iceTransportPolicy')) ?? s.iceTransportPolicy;
  return {
    sipWebSocketUrl: enforced.has('sipWebSocketUrl') ? s.sipWebSocketUrl : text('sipWebSocketUrl'),
    companionUrl: (!enforced.has('companionUrl') && text('companionUrl')) || s.companionUrl,
    iceServers: enforced.has('iceServers')
      ? s.iceServers
      : iceServersFromText(text('iceUrls'), text('iceUsername'), text('iceCredential'), s.iceServers),
    turnCredentialsUrl: enforced.has('turnCredentialsUrl') ? s.turnCredentialsUrl : text('turnCredentialsUrl'),
    iceTransportPolicy: policy,
  };
}
