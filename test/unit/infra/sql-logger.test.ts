/**
 * Issue 11, defect 3: nothing the service logs about SQL carries query parameters, row values
 * from database errors, or literal values of restricted-table queries.
 */
import { inspect } from 'node:util';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import {
  describeError,
  describeParameters,
  isDatabaseError,
  redactQueryText,
  SafeSqlLogger,
  scrubMessage,
  type SqlLogSink,
} from '../../../src/infra/sql-logger';

const SECRET = 'SECRET-LOG-PROMPT-42';

function capture(): SqlLogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
}

/** A QueryFailedError as TypeORM builds it from a pg error (driver fields copied onto it). */
function pgFailure(message: string, fields: Record<string, unknown>, query: string, parameters: unknown[]): QueryFailedError {
  const driverError = Object.assign(new Error(message), fields);
  return new QueryFailedError(query, parameters, driverError);
}

test('parameters are shown as count and types/lengths, never values', () => {
  const text = describeParameters(['6f1c7a52-3f0e-4c57-9a44-1b2f7d1d2a01', SECRET, null, 3, Buffer.from(SECRET), new Date(), [SECRET]]);
  expect(text).toBe('7 parameters: string(36), string(20), null, number, bytes(20), date, array(1)');
  expect(describeParameters(undefined)).toBe('no parameters');
  expect(describeParameters({ a: SECRET })).toBe('1 parameter: string(20)');
});

test('query text of a restricted table loses its literals; other queries keep theirs', () => {
  const q = `INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, '${SECRET}'), ($2, E'${SECRET}\\'x'), ($3, $$${SECRET}$$), ($4, $t$${SECRET}$t$)`;
  const out = redactQueryText(q);
  expect(out).not.toContain(SECRET);
  expect(out).toContain('INSERT INTO finding_restricted_details');
  expect(out).toContain('$1');
  expect(redactQueryText(`UPDATE Finding_Restricted_Details SET notes = 'it''s ${SECRET}'`)).not.toContain(SECRET);
  expect(redactQueryText(`SELECT 1 FROM findings WHERE status = 'REPORTED'`)).toContain(`'REPORTED'`);
});

test('error messages keep identifiers and lose values', () => {
  expect(scrubMessage('duplicate key value violates unique constraint "findings_public_id_unique"')).toBe(
    'duplicate key value violates unique constraint "findings_public_id_unique"',
  );
  expect(scrubMessage(`invalid input syntax for type uuid: "${SECRET}"`)).toBe('invalid input syntax for type uuid: "…"');
  expect(scrubMessage(`syntax error at or near "${SECRET}"`)).not.toContain(SECRET);
  expect(scrubMessage(`Unexpected token 'S', "${SECRET}" is not valid JSON`)).not.toContain(SECRET);
  expect(scrubMessage(`null value in column "prompts" of relation "finding_restricted_details"`)).toContain('"finding_restricted_details"');
});

test('a QueryFailedError is described without parameters, detail or where', () => {
  const err = pgFailure(
    'new row for relation "finding_restricted_details" violates check constraint "finding_restricted_details_prompts_check"',
    { code: '23514', constraint: 'finding_restricted_details_prompts_check', table: 'finding_restricted_details', detail: `Failing row contains (x, ${SECRET}).`, where: `SQL function with ${SECRET}` },
    `INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, $2)`,
    ['6f1c7a52-3f0e-4c57-9a44-1b2f7d1d2a01', SECRET],
  );
  // What the old code printed: the whole object (parameters, detail).
  expect(inspect(err)).toContain(SECRET);
  const text = describeError(err);
  expect(text).not.toContain(SECRET);
  expect(text).toContain('QueryFailedError');
  expect(text).toContain('code 23514');
  expect(text).toContain('constraint finding_restricted_details_prompts_check');
  expect(text).toContain('2 parameters: string(36), string(20)');
  // Wrapped by GraphQL (a resolver error), and as a cause.
  expect(describeError(new GraphQLError('wrapped', { originalError: err }))).not.toContain(SECRET);
  expect(describeError(new Error('outer', { cause: err }))).not.toContain(SECRET);
  expect(describeError(new AggregateError([err], 'many'))).not.toContain(SECRET);
  expect(describeError(SECRET)).not.toContain(SECRET);
});

test('the logger prints failures redacted by default, and statements only with LOG_SQL', () => {
  const quiet = capture();
  const logger = new SafeSqlLogger({ sink: quiet });
  logger.logQuery('INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, $2)', ['id', SECRET]);
  expect(quiet.lines).toEqual([]);
  logger.logQueryError(
    Object.assign(new Error('duplicate key value violates unique constraint "finding_restricted_details_pkey"'), { code: '23505', detail: `Key (prompts)=(${SECRET}) already exists.` }),
    `INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, '${SECRET}')`,
    ['id', SECRET],
  );
  logger.logQuerySlow(5000, `SELECT * FROM finding_restricted_details WHERE prompts = '${SECRET}'`, [SECRET]);
  logger.log('warn', `notice: "${SECRET}"`);
  expect(quiet.lines).toHaveLength(3);
  expect(quiet.lines.join('\n')).not.toContain(SECRET);
  expect(quiet.lines[0]).toContain('2 parameters: string(2), string(20)');

  const loud = capture();
  const observed: string[] = [];
  const verbose = new SafeSqlLogger({
    queries: true,
    sink: loud,
    observer: { logQuery: (q: string, p?: unknown) => observed.push(`${q} ${JSON.stringify(p ?? null)}`), logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} },
  });
  verbose.logQuery(`INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, '${SECRET}')`, ['id', SECRET]);
  expect(loud.lines).toHaveLength(1);
  expect(loud.lines[0]).toContain('[sql] INSERT INTO finding_restricted_details');
  expect(`${loud.lines.join('\n')} ${observed.join('\n')}`).not.toContain(SECRET);
  expect(observed).toHaveLength(1);
});

test('database errors are recognised (start-up prints other errors whole, these redacted)', () => {
  const pg = Object.assign(new Error('boom'), { code: '23505', severity: 'ERROR' });
  expect(isDatabaseError(pg)).toBe(true);
  expect(isDatabaseError(new QueryFailedError('SELECT 1', [], pg))).toBe(true);
  expect(isDatabaseError(new GraphQLError('wrapped', { originalError: pg }))).toBe(true);
  expect(isDatabaseError(new Error('Embedded PostgreSQL start failed'))).toBe(false);
  expect(isDatabaseError(Object.assign(new Error('listen'), { code: 'EADDRINUSE' }))).toBe(false);
});
