/**
 * The gateway tooling's logger: namespaced, levelled, writes to stderr. The only place in
 * gateway/ besides cli.ts that may use the console.
 */

/** Severity, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A namespaced logger. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Creates a logger printing `[namespace] level message` for levels at or above `minLevel`. */
export function createLogger(namespace: string, minLevel: LogLevel = 'info'): Logger {
  const write = (level: LogLevel, message: string): void => {
    if (ORDER[level] >= ORDER[minLevel]) {
      console.error(`[${namespace}] ${level} ${message}`);
    }
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

const ignore = (): void => undefined;

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
