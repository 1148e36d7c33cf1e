/**
 * Recognises a database too busy to serve a request in bounded time: the pool had no connection
 * within DB_ACQUIRE_TIMEOUT_MS (pg-pool), a new connection could not be opened in time, a
 * statement ran past DB_STATEMENT_TIMEOUT_MS (57014), or PostgreSQL refused more connections
 * (53300). Such a request gets HTTP 503 with Retry-After (GraphQL code SERVICE_UNAVAILABLE),
 * never a hang (docs/operations.md, "Under load").
 */
const MESSAGES = ['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout'];
const CODES = new Set(['57014', '53300', '53400']);

/** A write that waited longer than DB_ACQUIRE_TIMEOUT_MS for its turn (DB_WRITE_CONCURRENCY writes already running). */
export class WriteQueueTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`No write slot within ${waitedMs} ms.`);
    this.name = 'WriteQueueTimeoutError';
  }
}

export function isDatabaseBusy(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  if (err instanceof WriteQueueTimeoutError) return true;
  const e = err as { message?: unknown; code?: unknown; driverError?: unknown; originalError?: unknown; cause?: unknown };
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (typeof e.code === 'string' && CODES.has(e.code)) return true;
  return [e.driverError, e.originalError, e.cause].some((inner) => inner !== err && isDatabaseBusy(inner, depth + 1));
}
