/**
 * Every language's catalog is complete and translated: the English catalog's paths exactly, each text
 * different from the English one (unless catalog-leaves.ts allows it or there is nothing to
 * translate), and each parameterised message, called with sample arguments, differs from the English
 * output and carries every argument the English output carries. A message added to the English
 * catalog fails here until every language has it (and, for a function, until it has samples below).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_LOADERS } from '../src/i18n/catalogs.ts';
import { LANGUAGES } from '../src/i18n/language-tags.ts';
import { english } from '../src/i18n/messages.ts';
import { catalogLeaves, maySameAsEnglish } from './catalog-leaves.ts';

type Sample = readonly (string | number)[];

/** Arguments to call each message function with; several where the wording branches. */
const SAMPLES: Readonly<Record<string, readonly Sample[]>> = {
  startFailed: [['socket closed']],
  'status.registration.registering': [['1007']],
  'status.registration.registered': [['1007']],
  'status.registration.unregistering': [['1007']],
  'status.registration.failed': [
    ['401 Unauthorized', '1007'],
    ['408 Request Timeout', '1007'],
  ],
  'status.registration.retryAt': [['14:05']],
  'status.registration.gatewayBusy': [[30]],
  'register.confirmUnregister': [[1], [3]],
  'dial.redialTo': [['5551234']],
  'call.panelLabel': [['Alice']],
  'call.quality': [['4.2']],
  'call.transferAttended': [['5551234']],
  'call.transferredTo': [['9001']],
  'call.transferredNotice': [['9000', '9001']],
  'call.dtmfSent': [['5#7']],
  'missed.from': [['Jane Doe']],
  'missed.more': [[1], [3]],
  'missed.callBackTo': [['5551234']],
  'missed.badge': [[1], [3]],
  'missed.notificationBody': [['Jane Doe']],
  'history.transferred': [['9001']],
  'quality.trend': [[42]],
  'quality.warning': [['7.5 %', '85 ms']],
  'devices.micTestFailed': [['NotReadableError']],
  'incoming.from': [['Alice']],
  'incoming.notificationBody': [['Alice']],
  'history.redial': [['5551234']],
  'settings.fromGateway': [['wss://gw.example/ws']],
  'lineCard.line': [[2]],
  'settings.credentialRemove': [['1007']],
  'settings.unnamedDevice': [['Mic', 2]],
  'settings.saveFailed': [['QuotaExceededError']],
  'settings.savedWith': [['Save settings']],
  'settings.languageFromWwe': [['français']],
  'settings.pairingRefused': [
    ...['OTHER_OS_USER', 'PEER_UNVERIFIED', 'PAIRING_EXPIRED', 'PAIRING_UNKNOWN', 'PAIRING_BUSY'].map((code) => [
      code,
      'peer check failed',
    ]),
    ['SOMETHING_NEW', 'peer check failed'],
  ],
  'banner.sinkFallback': [['Headset 3']],
  'banner.actionFailed': [['INVALID_STATE']],
  'endpointPolicies.silent': [['12 s']],
  'endpointPolicies.deviceRulePicked': [['Microphone', 'Jabra Evolve2 40', 'jabra.*']],
  'endpointPolicies.deviceRuleUnmatched': [['Microphone', 'jabra.*']],
  'endpointPolicies.headsetMissing': [['jabra.*']],
  'sipCredentials.turnUserMissing': [['turn:turn.example:3478']],
  'sipCredentials.passwordTitle': [['1002']],
  'sipCredentials.passwordWhy': [['1002']],
  'sipCredentials.passwordKeeps': [['1001']],
  'sipCredentials.failed': [['Authentication Error']],
};

const catalogs = new Map(await Promise.all(LANGUAGES.map(async (tag) => [tag, await CATALOG_LOADERS[tag]()] as const)));
const englishLeaves = new Map(catalogLeaves(english).map((leaf) => [leaf.path, leaf.value]));
const call = (fn: unknown, args: Sample): string => (fn as (...a: Sample) => string)(...args);

describe('message catalogs', () => {
  it('has sample arguments for every English message function', () => {
    const functions = [...englishLeaves].filter(([, value]) => typeof value === 'function').map(([path]) => path);
    assert.deepEqual(
      functions.filter((path) => !SAMPLES[path]),
      [],
    );
  });

  for (const language of LANGUAGES.filter((tag) => tag !== 'en')) {
    describe(language, () => {
      const leaves = new Map(catalogLeaves(catalogs.get(language)).map((leaf) => [leaf.path, leaf.value]));

      it('has exactly the English catalog’s messages, of the same kind', () => {
        const kinds = (catalog: Map<string, unknown>) =>
          [...catalog].map(([path, value]) => `${path}: ${typeof value}`);
        assert.deepEqual(kinds(leaves).sort(), kinds(englishLeaves).sort());
      });

      it('translates every text', () => {
        const untranslated = [...leaves].filter(
          ([path, value]) =>
            typeof value === 'string' && value === englishLeaves.get(path) && !maySameAsEnglish(value, language),
        );
        assert.deepEqual(untranslated, []);
      });

      it('translates every parameterised message and keeps its parameters', () => {
        const problems: string[] = [];
        for (const [path, samples] of Object.entries(SAMPLES)) {
          for (const args of samples) {
            const englishText = call(englishLeaves.get(path), args);
            const text = call(leaves.get(path), args);
            const leftOver = args.reduce<string>((rest, arg) => rest.split(String(arg)).join(''), englishText);
            if (text === englishText && !maySameAsEnglish(leftOver, language)) {
              problems.push(`${path}(${args.join(', ')}) is the English text: ${text}`);
            }
            for (const arg of args.map(String).filter((arg) => englishText.includes(arg))) {
              if (!text.includes(arg)) {
                problems.push(`${path}(${args.join(', ')}) drops ${arg}: ${text}`);
              }
            }
          }
        }
        assert.deepEqual(problems, []);
      });
    });
  }
});
