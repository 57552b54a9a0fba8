/**
 * The companion's logger: levelled, namespaced JSON lines. Redaction happens here, not at call
 * sites, by the rule both sides share (protocol/src/redaction.ts): any field whose name looks like a
 * credential is replaced, and every registered secret value (the pairing secret, the extension token)
 * is scrubbed from every string, wherever it appears.
 * The file sink rotates by size (`file`, `file.1` … `file.<maxFiles>`).
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../../protocol/src/redaction.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose namespace is `<parent>.<ns>`, sharing sinks, level and secrets. */
  child(ns: string): Logger;
  /** Registers a secret value: from now on it never appears in any line. */
  addSecret(value: string): void;
  /** True when a line at `level` would be written (lets hot paths skip building its fields). */
  enabled(level: LogLevel): boolean;
}

/** Where finished lines go. */
export interface LogSink {
  write(line: string): void;
}

export { REDACTED } from '../../protocol/src/redaction.ts';

interface Shared {
  level: LogLevel;
  sinks: LogSink[];
  secrets: Set<string>;
  now: () => number;
}

export interface LoggerOptions {
  level?: LogLevel;
  sinks?: LogSink[];
  namespace?: string;
  now?: () => number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const shared: Shared = {
    level: options.level ?? 'info',
    sinks: options.sinks ?? [consoleSink()],
    secrets: new Set(),
    now: options.now ?? Date.now,
  };
  return makeLogger(shared, options.namespace ?? 'companion');
}

function makeLogger(shared: Shared, ns: string): Logger {
  const enabled = (level: LogLevel): boolean => LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(shared.level);
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (!enabled(level)) {
      return;
    }
    const record: LogFields = { t: new Date(shared.now()).toISOString(), level, ns, msg };
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (!(key in record)) {
          record[key] = value;
        }
      }
    }
    const line = JSON.stringify(redact(record, shared.secrets));
    for (const sink of shared.sinks) {
      try {
        sink.write(line);
      } catch {
        // A broken sink must not take the companion down; the other sinks still get the line.
      }
    }
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (child) => makeLogger(shared, `${ns}.${child}`),
    enabled,
    addSecret: (value) => {
      if (value.length >= 4) {
        shared.secrets.add(value);
      }
    },
  };
}

export function consoleSink(): LogSink {
  return { write: (line) => console.log(line) };
}

/** Keeps the last `capacity` lines in memory (tests, and the support bundle's log tail). */
export function memorySink(capacity = Infinity): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => {
      lines.push(line);
      if (lines.length > capacity) {
        lines.shift();
      }
    },
  };
}

/**
 * Appends lines to `path`; when the file would grow past `maxBytes` it becomes `path.1`
 * (`path.1` → `path.2` …, the oldest beyond `maxFiles` is deleted) and a new file starts.
 */
export function fileSink(path: string, maxBytes = 5 * 1024 * 1024, maxFiles = 3): LogSink {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let size = existsSync(path) ? statSync(path).size : 0;
  const rotate = (): void => {
    rmSync(`${path}.${maxFiles}`, { force: true });
    for (let i = maxFiles - 1; i >= 1; i--) {
      if (existsSync(`${path}.${i}`)) {
        renameSync(`${path}.${i}`, `${path}.${i + 1}`);
      }
    }
    if (existsSync(path)) {
      renameSync(path, `${path}.1`);
    }
    size = 0;
  };
  return {
    write: (line) => {
      const bytes = Buffer.byteLength(line) + 1;
      if (size > 0 && size + bytes > maxBytes) {
        rotate();
      }
      appendFileSync(path, `${line}\n`, { mode: 0o600 });
      size += bytes;
    },
  };
}
