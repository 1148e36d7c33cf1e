/**
 * Thrown errors carry a code from this closed set in `extensions.code`. User-caused failures of
 * mutations are payload data instead (see the write API); only bad arguments, access failures and
 * bugs are thrown. Nothing internal (SQL, stack traces, file paths) reaches a client.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describeError } from '../infra/sql-logger';
import { isDatabaseBusy } from '../infra/database-busy';

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'DEPTH_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'RATE_LIMITED',
  /** Restricted details exist but do not decrypt (altered, moved, key not configured); authorized readers only. */
  'DETAILS_UNAVAILABLE',
  /** The database is saturated (no connection in time, statement timeout): retry later; HTTP 503 with Retry-After. */
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A bad argument value: names the argument path (for example `["filter", "developerId"]`). */
export function badUserInput(message: string, argumentPath: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, argumentPath: [...argumentPath] },
  });
}

const KNOWN = new Set<string>(ERROR_CODES);

/**
 * Apollo `formatError`: keeps errors that carry one of our codes (with their message and
 * argument path), and replaces everything else with a generic internal error.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  // Redacted: a database error would otherwise print its query parameters and row values.
  log: (err: unknown) => void = (err) => console.error(`[graphql] unexpected error ${describeError(err)}`),
  options: { mask?: boolean } = {},
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    // Masked (production): no "Did you mean …?" hints, which would reveal the schema when
    // introspection is off.
    const message = options.mask ? formatted.message.replace(/ ?Did you mean .*$/s, '') : formatted.message;
    return { ...formatted, message, extensions };
  }
  // A write skipped because its client had gone (src/modules/shared/unit-of-work.ts): nobody reads this answer.
  if (isDatabaseBusy(error) || (error as { originalError?: { name?: string } })?.originalError?.name === 'ClientGoneError') {
    return {
      message: 'The registry is busy: retry after a moment.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode },
    };
  }
  log(error);
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode },
  };
}
