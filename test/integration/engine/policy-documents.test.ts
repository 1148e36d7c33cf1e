/**
 * Policy documents are read once per process and DataSource (issue 12;
 * src/modules/decisions/policy-documents.ts): every operation reads the small columns of
 * `policy_versions` and takes each document from memory. This holds only because a published
 * version never changes, which the database enforces (migration 1764600001500). Asserted here on
 * real PostgreSQL: the document is the same frozen object from one operation to the next (so the
 * compiled policy is reused), a version published since — by another instance, straight into the
 * table — is seen by the very next operation, a transaction sees its own publication and a rolled-back
 * one is gone afterwards, and an UPDATE of a version is refused.
 */
import { STARTING_POLICY } from '../../../src/domain';
import { compilePolicy } from '../../../src/domain/policy/compiled-policy';
import { createContext } from '../../../src/graphql/context';
import { readPolicyVersions } from '../../../src/modules/decisions/policy-documents';
import { policyInForce, policyInForceIn } from '../../../src/modules/decisions/policy-service';
import { createPolicyVersion } from '../../support/factories';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst } from '../../support/viewers';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDataSource();
  await createPolicyVersion(t.dataSource, { version: '2026.1', effective_from: new Date('2026-01-01T00:00:00Z') });
});
afterAll(() => t?.destroy());

const inForce = async (at: Date) => policyInForce(createContext({ db: t.dataSource, viewer: analyst(), now: at }), at);

it('hands every operation the same frozen document, so the compiled policy is built once', async () => {
  const a = await inForce(new Date('2026-03-01T00:00:00Z'));
  const b = await inForce(new Date('2026-03-01T00:00:00Z'));
  expect(a?.entity.version).toBe('2026.1');
  expect(a?.document).toEqual(JSON.parse(JSON.stringify(STARTING_POLICY)));
  expect(b?.document).toBe(a?.document);
  expect(compilePolicy(b!.document)).toBe(compilePolicy(a!.document));
  expect(Object.isFrozen(a!.document)).toBe(true);
  expect(Object.isFrozen(a!.document.severity.bands[0])).toBe(true);
  expect(() => {
    (a!.document.severity.bands as unknown as unknown[]).push({});
  }).toThrow(TypeError);
  // Two operations, not one: each reads the version list again (nothing cached per list).
  expect(a?.entity).not.toBe(b?.entity);
});

it('sees a version another instance published, from the next operation on', async () => {
  const before = await inForce(new Date('2026-08-01T00:00:00Z'));
  expect(before?.entity.version).toBe('2026.1');
  const document = { ...STARTING_POLICY, version: '2026.2', effectiveFrom: '2026-06-01T00:00:00.000Z' };
  await createPolicyVersion(t.dataSource, { version: '2026.2', effective_from: new Date('2026-06-01T00:00:00Z'), document });
  const after = await inForce(new Date('2026-08-01T00:00:00Z'));
  expect(after?.entity.version).toBe('2026.2');
  expect(after?.document.version).toBe('2026.2');
  // The older version is still there, with its own document.
  expect((await inForce(new Date('2026-03-01T00:00:00Z')))?.document.version).toBe(STARTING_POLICY.version);
});

it('inside a transaction sees its own publication; after a rollback it is gone', async () => {
  const document = { ...STARTING_POLICY, version: '2026.9', effectiveFrom: '2026-10-01T00:00:00.000Z' };
  const rollback = new Error('rollback');
  await expect(
    t.dataSource.transaction(async (tx) => {
      await createPolicyVersion(tx, { version: '2026.9', effective_from: new Date('2026-10-01T00:00:00Z'), document });
      const inside = await policyInForceIn(tx, new Date('2026-11-01T00:00:00Z'));
      expect(inside?.entity.version).toBe('2026.9');
      expect(inside?.document.version).toBe('2026.9');
      throw rollback;
    }),
  ).rejects.toBe(rollback);
  expect((await inForce(new Date('2026-11-01T00:00:00Z')))?.entity.version).toBe('2026.2');
  expect((await readPolicyVersions(t.dataSource)).map((v) => v.version)).toEqual(['2026.2', '2026.1']);
});

it('refuses to change a published version in the database', async () => {
  await expect(t.dataSource.query(`UPDATE policy_versions SET summary = 'changed' WHERE version = '2026.1'`)).rejects.toThrow(
    /policy_versions rows are immutable/,
  );
  await expect(
    t.dataSource.query(`UPDATE policy_versions SET document = jsonb_set(document, '{version}', '"x"') WHERE version = '2026.1'`),
  ).rejects.toThrow(/immutable/);
  const [row] = (await t.dataSource.query(`SELECT summary, document->>'version' AS v FROM policy_versions WHERE version = '2026.1'`)) as {
    summary: string;
    v: string;
  }[];
  expect(row).toEqual({ summary: 'Starting policy (test).', v: STARTING_POLICY.version });
});
