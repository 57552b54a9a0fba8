/** The relay protocol shared by the PWA and the companion. Environment-neutral: no DOM, no Node APIs. */
export * from './audio.ts';
export * from './browser-checks.ts';
export * from './close-codes.ts';
export * from './commands.ts';
export * from './envelope.ts';
export * from './errors.ts';
export * from './lines.ts';
export * from './states.ts';
export * from './version.ts';
export * from './endpoint-settings.ts';
export * from './invalid.ts';
export * from './redaction.ts';
export * from './clock.ts';
export * from './media-alarms.ts';
export * from './pwa-log.ts';
