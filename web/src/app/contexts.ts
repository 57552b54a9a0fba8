/**
 * The @lit/context keys through which <sp-app> provides services to screens. Tests provide fakes
 * through the same keys.
 */
import { createContext } from '@lit/context';
import type { Logger } from '../lib/log.ts';
import type { CallHistoryStore } from '../storage/call-history-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import type { PhoneSession } from './phone-session.ts';
import type { UpdateService } from './pwa-update.ts';

export const sessionContext = createContext<PhoneSession>(Symbol('wgb-phone-session'));
export const settingsContext = createContext<SettingsStore>(Symbol('wgb-settings'));
export const historyContext = createContext<CallHistoryStore>(Symbol('wgb-history'));
export const updateContext = createContext<UpdateService>(Symbol('wgb-update'));
export const logContext = createContext<Logger>(Symbol('wgb-log'));

/** Everything main.ts builds and hands to <sp-app>. */
export type AppServices = {
  session: PhoneSession;
  settings: SettingsStore;
  history: CallHistoryStore;
  update: UpdateService;
  log: Logger;
};
