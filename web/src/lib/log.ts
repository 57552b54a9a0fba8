/**
 * The web side's logger: namespaced, levelled, and the only `console` user in web/src. Credentials are
 * redacted here, not at call sites, by the rule both sides share (protocol/src/redaction.ts): any key
 * that looks like a password or secret is masked, and `pair.<secret>` subprotocol values and digest
 * `response=` fields in strings are blanked.
 */
import { redact } from '../../../protocol/src/redaction.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
  /** A logger for a sub-namespace, e.g. `phone` → `phone:call`. */
  child(namespace: string): Logger;
}

export type LogRecord = { level: LogLevel; namespace: string; message: string; data?: unknown; at: number };
export type LogSink = (record: LogRecord) => void;

/** Writes to the browser (or Node) console. */
export const consoleSink: LogSink = (record) => {
  const line = `[${record.namespace}] ${record.message}`;
  const args = record.data === undefined ? [line] : [line, record.data];
  switch (record.level) {
    case 'debug':
      console.debug(...args);
      break;
    case 'info':
      console.info(...args);
      break;
    case 'warn':
      console.warn(...args);
      break;
    case 'error':
      console.error(...args);
      break;
  }
};

/**
 * consoleSink, deferred: lines wait in order until `later` runs its callback (the PWA: the page's next
 * idle period), and an error line writes the waiting lines and itself at once. While DevTools or an
 * automation client listens, the browser serialises every console call for it — over a millisecond a
 * line — and a line written in place held back what the page did next, such as handling the 200 OK
 * that arrives half a millisecond after a REGISTER. `flush()` writes the waiting lines now (page hide).
 */
export function deferredConsoleSink(later: (write: () => void) => void): { sink: LogSink; flush(): void } {
  const waiting: LogRecord[] = [];
  const flush = (): void => waiting.splice(0).forEach(consoleSink);
  const sink: LogSink = (record) => {
    const first = waiting.push(record) === 1;
    if (record.level === 'error') {
      flush();
    } else if (first) {
      later(flush);
    }
  };
  return { sink, flush };
}

export type LoggerOptions = { level?: LogLevel; sink?: LogSink; now?: () => number };

/** Creates a root logger; `namespace` prefixes every record. */
export function createLogger(namespace: string, options: LoggerOptions = {}): Logger {
  const { level = 'info', sink = consoleSink, now = Date.now } = options;
  const write = (lvl: LogLevel, message: string, data?: unknown): void => {
    if (LEVELS[lvl] < LEVELS[level]) {
      return;
    }
    const record: LogRecord = { level: lvl, namespace, message: redact(message) as string, at: now() };
    if (data !== undefined) {
      record.data = redact(data);
    }
    sink(record);
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (sub) => createLogger(`${namespace}:${sub}`, options),
  };
}

/** A logger that collects records in memory (tests); children share the same record list. */
export function createMemoryLogger(namespace = 'test'): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = createLogger(namespace, { level: 'debug', sink: (r) => records.push(r) });
  return Object.assign(logger, { records });
}
