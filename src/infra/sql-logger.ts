/**
 * The one TypeORM logger (ormconfig.ts), and the redacted form of errors for every log line the
 * service writes. Nothing here prints a query parameter, a row value from a database error
 * (`detail`, `where`: "Key (x)=(…)", "Failing row contains (…)") or a literal value of a query on
 * a restricted table:
 *
 * - parameters are printed as their count and types/lengths (`3 parameters: uuid-like string(36), string(12), null`);
 * - query text touching a restricted table has its string literals replaced by `'…'`;
 * - error messages keep quoted identifiers (constraint, relation, column, type names) and lose
 *   any other quoted value ("invalid input syntax for type uuid: "…"").
 *
 * By default only failed queries are printed; LOG_SQL=1 prints every statement too.
 */
import type { Logger } from 'typeorm';

/** Tables whose contents must never reach a log, not even as literals in query text. */
export const RESTRICTED_TABLES = ['finding_restricted_details'] as const;

const RESTRICTED_TABLE = new RegExp(`\\b(${RESTRICTED_TABLES.join('|')})\\b`, 'i');
const MAX_QUERY_CHARS = 2_000;
const MAX_MESSAGE_CHARS = 500;
const MAX_STACK_FRAMES = 8;

function typeOfParameter(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string(${value.length})`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return typeof value;
  if (value instanceof Date) return 'date';
  if (Buffer.isBuffer(value)) return `bytes(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return 'object';
}

/** The count and types/lengths of query parameters; never their values. */
export function describeParameters(parameters: unknown): string {
  if (parameters === undefined || parameters === null) return 'no parameters';
  const list = Array.isArray(parameters) ? parameters : Object.values(parameters as Record<string, unknown>);
  if (list.length === 0) return 'no parameters';
  const shown = list.slice(0, 20).map(typeOfParameter);
  const more = list.length > shown.length ? `, … ${list.length - shown.length} more` : '';
  return `${list.length} parameter${list.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}

// Dollar-quoted strings, E'…' strings (backslash escapes), standard '…' strings, and an
// unterminated string to the end. `$1` placeholders are not dollar quotes (a tag starts with a letter).
const SQL_STRING_LITERAL = /\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$|[Ee]'(?:[^'\\]|\\[\s\S]|'')*'|'(?:[^']|'')*'|'[\s\S]*$/g;

/** Whether `query` reads or writes a restricted table. */
export function touchesRestrictedTable(query: string): boolean {
  return RESTRICTED_TABLE.test(query);
}

/** Query text fit for a log: string literals removed when it touches a restricted table; capped. */
export function redactQueryText(query: string): string {
  const text = touchesRestrictedTable(query) ? query.replace(SQL_STRING_LITERAL, "'…'") : query;
  return text.length > MAX_QUERY_CHARS ? `${text.slice(0, MAX_QUERY_CHARS)}…` : text;
}

// A quoted name PostgreSQL (or TypeORM) puts after one of these words is an identifier; any other
// quoted text in a message may be a value.
const IDENTIFIER_WORDS = new Set([
  'constraint', 'relation', 'column', 'table', 'index', 'type', 'schema', 'function', 'sequence', 'database',
  'role', 'encoding', 'trigger', 'view', 'operator', 'extension', 'savepoint', 'cursor', 'statement', 'portal',
  'entity', 'migration', 'domain', 'collation', 'user', 'tablespace', 'aggregate', 'procedure',
]);

/** An error message with every quoted value (not identifiers) replaced by "…"; capped. */
export function scrubMessage(message: string): string {
  const scrubbed = message.replace(/(\b[A-Za-z_]+\s+)?"(?:[^"]|"")*"|(?<![A-Za-z])'(?:[^']|'')*'/g, (match, word: string | undefined) => {
    if (word && IDENTIFIER_WORDS.has(word.trim().toLowerCase()) && match.endsWith('"')) return match;
    return `${word ?? ''}"…"`;
  });
  return scrubbed.length > MAX_MESSAGE_CHARS ? `${scrubbed.slice(0, MAX_MESSAGE_CHARS)}…` : scrubbed;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  query?: unknown;
  parameters?: unknown;
  stack?: unknown;
  originalError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function isObject(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null;
}

const IDENTIFIER = /^[A-Za-z0-9_.$-]{1,128}$/;

function describeOne(err: unknown, withStack: boolean, depth: number): string {
  if (!isObject(err)) return `non-error value (${typeOfParameter(err)})`;
  // A GraphQLError wrapping the real failure (resolver errors): describe what it wraps.
  if (isObject(err.originalError) && depth < 4) return describeOne(err.originalError, withStack, depth + 1);
  const name = typeof err.name === 'string' && IDENTIFIER.test(err.name) ? err.name : 'Error';
  const parts = [`${name}: ${scrubMessage(typeof err.message === 'string' ? err.message : '')}`];
  const facts: string[] = [];
  for (const key of ['code', 'constraint', 'table', 'column'] as const) {
    const v = err[key];
    if (typeof v === 'string' && IDENTIFIER.test(v)) facts.push(`${key} ${v}`);
  }
  if (facts.length) parts.push(`(${facts.join(', ')})`);
  if (typeof err.query === 'string') parts.push(`in: ${redactQueryText(err.query)} -- ${describeParameters(err.parameters)}`);
  if (withStack && typeof err.stack === 'string') {
    const frames = err.stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, MAX_STACK_FRAMES);
    if (frames.length) parts.push(`\n${frames.join('\n')}`);
  }
  if (depth < 3 && err.cause !== undefined) parts.push(`\n  caused by ${describeOne(err.cause, false, depth + 1)}`);
  if (depth < 3 && Array.isArray(err.errors)) {
    for (const inner of err.errors.slice(0, 5)) parts.push(`\n  including ${describeOne(inner, false, depth + 1)}`);
  }
  return parts.join(' ');
}

/**
 * Whether `err` (or what it wraps) came from the database: a TypeORM QueryFailedError or a pg
 * error (SQLSTATE code and severity). Such errors carry parameters and row values.
 */
export function isDatabaseError(err: unknown, depth = 0): boolean {
  if (!isObject(err) || depth > 4) return false;
  if (typeof err.query === 'string' || err.name === 'QueryFailedError') return true;
  if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) && 'severity' in err) return true;
  return isDatabaseError(err.originalError, depth + 1) || isDatabaseError(err.cause, depth + 1);
}

/**
 * One line (plus stack frames) describing an error for a log, without query parameters, row
 * values from `detail`/`where`, or literal values of restricted-table queries. Use it wherever an
 * error that may come from the database is logged.
 */
export function describeError(err: unknown, options: { stack?: boolean } = {}): string {
  return describeOne(err, options.stack ?? true, 0);
}

/** Where log lines go (the console by default, looked up at call time). */
export interface SqlLogSink {
  log(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

const CONSOLE_SINK: SqlLogSink = {
  log: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

let defaultSink: SqlLogSink = CONSOLE_SINK;

/** Where loggers without a sink of their own write (main.ts: the structured logger; default: the console). */
export function setSqlLogSink(sink: SqlLogSink | null): void {
  defaultSink = sink ?? CONSOLE_SINK;
}

/** The default sink, looked up at every line (so DataSources created before main.ts configured logging follow it). */
const DEFAULT_SINK: SqlLogSink = {
  log: (line) => defaultSink.log(line),
  warn: (line) => defaultSink.warn(line),
  error: (line) => defaultSink.error(line),
};

export interface SafeSqlLoggerOptions {
  /** Print every statement (LOG_SQL); off: only failures and warnings. */
  queries?: boolean;
  sink?: SqlLogSink;
  /**
   * Another logger that also sees every statement (a statement counter in tests and benchmarks):
   * it gets the redacted query text only, never parameters.
   */
  observer?: Logger;
}

/** TypeORM logger that never prints query parameters in clear (see the module comment). */
export class SafeSqlLogger implements Logger {
  private readonly queries: boolean;
  private readonly sink: SqlLogSink;
  private readonly observer?: Logger;

  constructor(options: SafeSqlLoggerOptions = {}) {
    this.queries = options.queries ?? false;
    this.sink = options.sink ?? DEFAULT_SINK;
    this.observer = options.observer;
  }

  logQuery(query: string, parameters?: unknown[] | object): void {
    const text = redactQueryText(query);
    this.observer?.logQuery(text);
    if (this.queries) this.sink.log(`[sql] ${text} -- ${describeParameters(parameters)}`);
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[] | object): void {
    const text = redactQueryText(query);
    const reason = typeof error === 'string' ? scrubMessage(error) : describeError(error, { stack: false });
    this.observer?.logQueryError(reason, text);
    this.sink.error(`[sql] query failed: ${reason} in: ${text} -- ${describeParameters(parameters)}`);
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[] | object): void {
    const text = redactQueryText(query);
    this.observer?.logQuerySlow(time, text);
    this.sink.warn(`[sql] slow (${time} ms): ${text} -- ${describeParameters(parameters)}`);
  }

  logSchemaBuild(message: string): void {
    this.observer?.logSchemaBuild(message);
    if (this.queries) this.sink.log(`[sql] schema: ${message}`);
  }

  logMigration(message: string): void {
    this.observer?.logMigration(message);
    if (this.queries) this.sink.log(`[migration] ${message}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? scrubMessage(message) : describeError(message, { stack: false });
    this.observer?.log(level, text);
    if (level === 'warn') this.sink.warn(`[sql] ${text}`);
    else if (this.queries) this.sink.log(`[sql] ${text}`);
  }
}
