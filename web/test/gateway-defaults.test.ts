import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../src/settings/settings.ts';
import { effectiveSettings, enforcedFields, parseGatewayConfig } from '../src/storage/gateway-defaults.ts';

const agent = {
  ...DEFAULT_SETTINGS,
  sipWebSocketUrl: 'wss://agent.example/ws',
  companionUrl: 'https://127.0.0.1:8123',
  turnCredentialsUrl: '/agent-turn',
};
const gateway = {
  sipWebSocketUrl: 'wss://gateway.example/ws',
  companionUrl: 'https://127.0.0.1:8000',
  iceServers: [{ urls: 'turn:gateway.example:3478' }],
};

describe('the gateway’s /config.json', () => {
  it('fills what the agent left empty and leaves what the agent set', () => {
    const settings = effectiveSettings({ ...agent, sipWebSocketUrl: '' }, gateway);
    assert.equal(settings.sipWebSocketUrl, 'wss://gateway.example/ws');
    assert.deepEqual(settings.iceServers, gateway.iceServers);
    assert.equal(settings.companionUrl, 'https://127.0.0.1:8123');
    assert.equal(settings.turnCredentialsUrl, '/agent-turn');
  });

  it('an enforced field is the admin’s value whatever the agent stored', () => {
    const settings = effectiveSettings(agent, { ...gateway, enforce: ['sipWebSocketUrl', 'companionUrl'] });
    assert.equal(settings.sipWebSocketUrl, 'wss://gateway.example/ws');
    assert.equal(settings.companionUrl, 'https://127.0.0.1:8000');
    assert.equal(settings.turnCredentialsUrl, '/agent-turn', 'not enforced: the agent’s');
  });

  it('enforces only fields the config gives a value', () => {
    assert.deepEqual(
      [...enforcedFields({ ...gateway, enforce: ['iceServers', 'turnCredentialsUrl'] })],
      ['iceServers'],
    );
    assert.equal(effectiveSettings(agent, { enforce: ['turnCredentialsUrl'] }).turnCredentialsUrl, '/agent-turn');
    assert.deepEqual([...enforcedFields(null)], []);
  });

  it('refuses a config that enforces a field no admin may set', () => {
    assert.equal(parseGatewayConfig({ ...gateway, enforce: ['credentials'] }), null);
    assert.deepEqual(parseGatewayConfig({ ...gateway, enforce: ['companionUrl'] })?.enforce, ['companionUrl']);
  });
});
