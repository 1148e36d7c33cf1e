/**
 * The service's logger (pino): one JSON object per line in production (LOG_FORMAT=json), readable
 * lines in development (LOG_FORMAT=pretty, a small formatter of our own below: no extra package).
 *
 * main.ts configures the process's root logger from the configuration (`configureRootLogger`);
 * until then, and in tests that never configure it, the root logger is silent. Modules ask for it
 * when they log (`rootLogger().child(...)`), never at import time.
 *
 * Never pass an error object or a request to a log call: an error from the database carries its
 * query parameters and row values, a request its token. Log `describeError(err)` (a redacted
 * string, src/infra/sql-logger.ts) and the few fields you mean.
 */
import type { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config';
import { setSqlLogSink } from './sql-logger';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level: LogLevel;
  format: 'json' | 'pretty';
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component']);

/** One readable line from one pino JSON line: `12:00:01.234 INFO  [registry] message key=value …`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const component = typeof entry.component === 'string' ? `[${entry.component}] ` : '';
  const extras: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (HIDDEN.has(key) || value === undefined || value === null) continue;
    extras.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return `${time} ${level} ${component}${String(entry.msg ?? '')}${extras.length ? `  ${extras.join(' ')}` : ''}\n`;
}

/** A destination that prints `prettyLine`s to `out` (stdout by default). */
export function prettyDestination(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return {
    write(line: string) {
      out.write(prettyLine(line));
    },
  };
}

/** Log bytes held for a stdout that does not keep up; beyond this lines are dropped, never the process. */
export const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;

/**
 * stdout, written asynchronously. Synchronous writes to a pipe whose reader is slow (a log shipper,
 * a parent process) fail with EAGAIN, and sonic-boom's retry then recurses until the stack
 * overflows — a crash seen under load. Asynchronous writes wait for the pipe instead, hold at most
 * MAX_BUFFERED_LOG_BYTES (then drop lines), and what is buffered is flushed when the process exits.
 *
 * Lines are written in batches of LOG_BATCH_BYTES, or every LOG_FLUSH_MS when fewer arrive: one
 * write(2) per request line cost about 3 % of a small read's server CPU (issue 12 profile). A
 * process killed with SIGKILL loses at most that much; any other exit flushes it.
 */
export const LOG_BATCH_BYTES = 4_096;
export const LOG_FLUSH_MS = 250;

export function stdoutDestination(fd = 1): DestinationStream {
  let exiting = false;
  let retriesAtExit = 0;
  const dest = pino.destination({
    dest: fd,
    sync: false,
    maxLength: MAX_BUFFERED_LOG_BYTES,
    minLength: LOG_BATCH_BYTES,
    periodicFlush: LOG_FLUSH_MS,
    // While running, a full pipe is retried (asynchronously) for as long as it takes; at exit for ~2 s at most.
    retryEAGAIN: () => !exiting || ++retriesAtExit <= 20,
  });
  // EPIPE and the like: the reader went away, and there is nowhere left to say so.
  dest.on('error', () => undefined);
  process.once('exit', () => {
    exiting = true;
    try {
      dest.flushSync();
    } catch {
      // the pipe is still full or gone: what is left is lost, the exit is not delayed
    }
  });
  return dest;
}

/**
 * A logger with the given level and format, writing to `destination` (default: stdout through
 * `stdoutDestination`).
 */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream | Writable): Logger {
  const options: pino.LoggerOptions = {
    level: settings.level,
    // pino's default base: pid and hostname (which instance wrote the line).
    // No serializers for err/req/res: callers log chosen, redacted fields only (see the module comment).
    serializers: {},
  };
  const out = destination ?? stdoutDestination();
  return pino(options, settings.format === 'pretty' ? prettyDestination(out as NodeJS.WritableStream) : out);
}

let root: Logger = pino({ level: 'silent' });

/** The process's root logger (silent until `configureRootLogger`). */
export function rootLogger(): Logger {
  return root;
}

/**
 * Makes `logger` the root logger (main.ts, from LOG_LEVEL/LOG_FORMAT) and routes the SQL logger's
 * lines (already redacted: src/infra/sql-logger.ts) through it.
 */
export function configureRootLogger(logger: Logger): Logger {
  root = logger;
  const sql = logger.child({ component: 'sql' });
  setSqlLogSink({
    log: (line) => sql.info(line),
    warn: (line) => sql.warn(line),
    error: (line) => sql.error(line),
  });
  return logger;
}

/**
 * A `(message) => void` for modules that take a log callback, on the root logger as it is when a
 * line is written. Without `level`, the message picks it: "EVENT LOG INTEGRITY"/"start-up failed"
 * are errors, "WARNING"/"failed"/"lost" warnings, anything else info.
 */
export function logFunction(component: string, level?: 'info' | 'warn' | 'error'): (message: string) => void {
  return (message) => {
    const chosen = level ?? (/EVENT LOG INTEGRITY|start-up failed/.test(message) ? 'error' : /WARNING|failed|lost/.test(message) ? 'warn' : 'info');
    rootLogger().child({ component })[chosen](message);
  };
}
