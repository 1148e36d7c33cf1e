/**
 * Issue 11, defect 3: exploit details in the server log. TypeORM's default logger printed the
 * parameters of a failed query (a failed insert of `finding_restricted_details` wrote the prompt
 * in clear), and errors that bubbled up were logged whole (`parameters`, `driverError.detail`).
 * Every SQL log line now goes through SafeSqlLogger (src/infra/sql-logger.ts) and every logged
 * error through `describeError`: whatever fails, the secret never reaches any output.
 */
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../ormconfig';
import { formatError } from '../../../src/graphql/errors';
import { describeError } from '../../../src/infra/sql-logger';
import { insertRestrictedDetails } from '../../../src/modules/findings/restricted-details-store';
import { createAccessWorld, postGraphQL, startAccessServer, type AccessServer, type AccessWorld } from '../../support/access-fixture';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const SECRET = `SECRET-LOGGED-PROMPT-${randomUUID()}`;

let testDb: TestDatabase;
let db: DataSource;
let world: AccessWorld;

/** Everything written to the console or to stdout/stderr while `fn` runs. */
async function captureOutput(fn: () => Promise<void>): Promise<string> {
  const out: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      out.push(format(...args));
    }),
  );
  const writes = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      out.push(String(chunk));
      return true;
    }) as never),
  );
  try {
    await fn();
  } finally {
    for (const s of [...spies, ...writes]) s.mockRestore();
  }
  return out.join('\n');
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the query to fail');
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  world = await createAccessWorld(db);
});

afterAll(async () => {
  await testDb?.destroy();
});

describe('a DataSource built with the application options', () => {
  let appDb: DataSource;
  beforeAll(async () => {
    appDb = createDataSource({ url: testDb.url });
    await appDb.initialize();
  });
  afterAll(async () => {
    await appDb?.destroy();
  });

  test('failed inserts of a restricted-details row never print the prompt (parameters, detail, message, literals)', async () => {
    const errors: unknown[] = [];
    const output = await captureOutput(async () => {
      // Foreign key violation: the finding does not exist (parameters hold the prompt).
      errors.push(
        await rejection(appDb.query('INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, $2)', [randomUUID(), SECRET])),
      );
      // Check violation: PostgreSQL's detail is "Failing row contains (…the prompt…)".
      errors.push(
        await rejection(
          appDb.query('INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, $2)', [world.findingWithoutDetails.id, SECRET.repeat(1_000)]),
        ),
      );
      // Unique violation on a second row for the same finding.
      errors.push(
        await rejection(appDb.query('INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ($1, $2)', [world.findingA.id, SECRET])),
      );
      // The prompt where a uuid belongs: the message itself quotes the value.
      errors.push(await rejection(appDb.query('INSERT INTO finding_restricted_details (finding_id) VALUES ($1)', [SECRET])));
      // The prompt as a literal in the query text.
      errors.push(
        await rejection(appDb.query(`INSERT INTO finding_restricted_details (finding_id, prompts) VALUES ('${randomUUID()}', '${SECRET}')`)),
      );
      // How the service logs errors that bubble up: describeError, and formatError's default log.
      for (const err of errors) {
        console.error(describeError(err));
        formatError({ message: 'x' }, err);
      }
    });
    expect(errors).toHaveLength(5);
    // The errors did carry the secret (parameters, detail or message): the redaction is what kept it out.
    for (const err of errors.slice(0, 4)) expect(format(err)).toContain(SECRET);
    expect(output).toContain('[sql] query failed');
    expect(output).toContain('[graphql] unexpected error QueryFailedError');
    expect(output).toContain('code 23503');
    expect(output).toContain('code 23514');
    expect(output).toContain('2 parameters: string(36), string(');
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain('SECRET-LOGGED');
  });

  test('LOG_SQL prints every statement, with parameters as types and lengths and restricted literals removed', async () => {
    const verbose = createDataSource({ url: testDb.url, logSql: true });
    await verbose.initialize();
    try {
      const finding = world.findingWithoutDetails.id;
      const output = await captureOutput(async () => {
        // Rolled back at the end: the world stays as it was for the other tests.
        const rollback = new Error('roll back');
        await verbose
          .transaction(async (tx) => {
            await insertRestrictedDetails(tx, finding, { prompts: SECRET });
            await tx.query(`SELECT count(*) FROM finding_restricted_details WHERE prompts = '${SECRET}' OR notes = $1`, [SECRET]);
            throw rollback;
          })
          .catch((err) => {
            if (err !== rollback) throw err;
          });
      });
      expect(output).toContain('[sql] INSERT INTO finding_restricted_details');
      expect(output).toMatch(/5 parameters: string\(36\), bytes\(\d+\), bytes\(12\), bytes\(16\), string\(3\)/);
      expect(output).toContain("WHERE prompts = '…' OR notes = $1 -- 1 parameter: string(");
      expect(output).not.toContain(SECRET);
    } finally {
      await verbose.destroy();
    }
  });
});

describe('through the API', () => {
  let server: AccessServer;
  beforeAll(async () => {
    server = await startAccessServer(db);
  });
  afterAll(async () => {
    await server?.stop();
    await db.query('DROP TRIGGER IF EXISTS fail_details ON finding_restricted_details');
  });

  test('a reportFinding whose restricted-details insert fails logs and answers without the prompt', async () => {
    // The store refuses the row, quoting it in the error detail as PostgreSQL's own checks do.
    await db.query(`CREATE OR REPLACE FUNCTION fail_details() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'restricted details store unavailable' USING DETAIL = 'Failing row contains ' || NEW::text; END $$`);
    await db.query(`CREATE TRIGGER fail_details BEFORE INSERT ON finding_restricted_details FOR EACH ROW EXECUTE FUNCTION fail_details()`);
    const token = await server.tokenFor(world.personas.analyst);
    let res: Awaited<ReturnType<typeof postGraphQL>> | undefined;
    const output = await captureOutput(async () => {
      res = await postGraphQL(
        server.url,
        {
          query: `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id } errors { code message path } } }`,
          variables: {
            input: {
              affectedVersionIds: [world.versionA.globalId],
              title: 'Logged prompt',
              category: 'JAILBREAK',
              summary: 'A prompt that must not reach the log.',
              discoveredAt: '2026-01-01T00:00:00Z',
              restrictedDetails: { prompts: SECRET, reproductionSteps: `Send ${SECRET}` },
            },
          },
        },
        token,
      );
    });
    expect(res!.status).toBe(200);
    expect(res!.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(res!.text).not.toContain(SECRET);
    expect(output).toContain('[sql] query failed');
    expect(output).toContain('restricted details store unavailable');
    expect(output).toContain('[graphql] unexpected error');
    expect(output).not.toContain(SECRET);
    // Nothing of the failed report was kept.
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM findings WHERE title = 'Logged prompt'`);
    expect(n).toBe(0);
  });
});
