/**
 * "Policy in force" is defined once (issue 13): the domain's `policyKnownInForceAt` — of the
 * versions published by the moment, the one `selectEffectivePolicy` picks (the latest effectiveFrom
 * not after it; ties to the greater version string) — asked through policy-service by reads
 * (`policyInForce`) and writes alike (`policyInForceIn` on the transaction's EntityManager). No SQL
 * repeats it. This test builds the edge cases on real PostgreSQL — a moment exactly at an
 * effectiveFrom and 1 ms before it, two versions effective at the same instant, a version effective
 * in the future, a retroactive publication, no version yet — and asserts that the read path
 * (`Query.policyInForce`) and every write path pick the same version: `policyInForceIn`,
 * `policyInForceAt` (assessments, audits), `recomputeDecisions` (the stored decisions' policy
 * version), `transitionFinding` (the policy it hands to its recompute) and the deadline sweep (the
 * policy version in its alerts).
 */
import type { DataSource } from 'typeorm';
import { policyKnownInForceAt, STARTING_POLICY } from '../../../src/domain';
import { createContext } from '../../../src/graphql/context';
import { policyInForceIn } from '../../../src/modules/decisions/policy-service';
import { recomputeDecisions } from '../../../src/modules/decisions/recompute-decisions';
import { sweepDeadlines } from '../../../src/modules/events/deadline-sweep';
import { policyInForceAt, transitionFinding } from '../../../src/modules/findings/mutations';
import {
  createDeveloper,
  createFinding,
  createJurisdiction,
  createModel,
  createModelVersion,
  createPolicyVersion,
  type NodeRow,
} from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst } from '../../support/viewers';

const D = (iso: string) => new Date(iso);

/** The versions published: label, effective from, published at (default: when it takes effect). */
const VERSIONS: { version: string; effectiveFrom: string; publishedAt?: string }[] = [
  { version: '2026.1', effectiveFrom: '2026-01-01T00:00:00.000Z' },
  // Retroactive: published a month after the moment it says it takes effect.
  { version: '2026.2', effectiveFrom: '2026-06-01T00:00:00.000Z', publishedAt: '2026-07-01T00:00:00.000Z' },
  // Two versions effective at the same instant: the greater version string is in force.
  { version: '2026.3-a', effectiveFrom: '2026-09-01T00:00:00.000Z' },
  { version: '2026.3-b', effectiveFrom: '2026-09-01T00:00:00.000Z' },
  // Effective in the future (published now).
  { version: '2027.1', effectiveFrom: '2027-01-01T00:00:00.000Z', publishedAt: '2026-10-01T00:00:00.000Z' },
];

/** Moments and the version in force then (as the registry knew it at that moment). */
const MOMENTS: [string, string | null][] = [
  ['2025-12-31T23:59:59.999Z', null], // before any version
  ['2026-01-01T00:00:00.000Z', '2026.1'], // exactly at effectiveFrom
  ['2026-05-31T23:59:59.999Z', '2026.1'],
  ['2026-06-15T00:00:00.000Z', '2026.1'], // 2026.2 is effective but not yet published
  ['2026-07-01T00:00:00.000Z', '2026.2'], // published: now known to be in force
  ['2026-08-31T23:59:59.999Z', '2026.2'], // 1 ms before the tie
  ['2026-09-01T00:00:00.000Z', '2026.3-b'], // the tie, exactly at its effectiveFrom
  ['2026-12-31T23:59:59.999Z', '2026.3-b'], // 2027.1 published, not effective yet
  ['2027-01-01T00:00:00.000Z', '2027.1'],
];

let testDb: TestDatabase;
let db: DataSource;
let developer: NodeRow;
let model: NodeRow;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  for (const v of VERSIONS) {
    await createPolicyVersion(db, {
      version: v.version,
      effective_from: D(v.effectiveFrom),
      document: { ...STARTING_POLICY, version: v.version, effectiveFrom: v.effectiveFrom },
      published_at: D(v.publishedAt ?? v.effectiveFrom),
    });
  }
  // What the write paths evaluate: a jurisdiction for the decisions, a developer's model.
  await createJurisdiction(db, { code: 'XP', name: 'Policy-in-force land' });
  developer = await createDeveloper(db);
  model = await createModel(db, { developer_id: developer.id });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

async function readPath(at: Date): Promise<string | null> {
  const res = await executeOperation(db, `query($at: DateTime) { policyInForce(at: $at) { version } }`, { at: at.toISOString() }, { now: at });
  expect(res.errors).toBeUndefined();
  return res.data!.policyInForce?.version ?? null;
}

/** Reported (and assessed) before any moment asked about, so every deadline has passed and any move is in order. */
const LONG_AGO = D('2025-01-01T00:00:00.000Z');

/** A fresh version with a fresh assessed finding on it: each write path below writes on its own. */
async function versionWithFinding(): Promise<{ versionId: string; finding: NodeRow }> {
  const version = await createModelVersion(db, { model_id: model.id });
  const finding = await createFinding(db, { developer_id: developer.id, reported_at: LONG_AGO }, { affectedVersionIds: [version.id], level: 'HIGH' });
  return { versionId: version.id, finding };
}

/** The policy version of a version's stored decisions (null: none stored, no policy was in force). */
async function decidedUnder(m: Pick<DataSource, 'query'>, versionId: string): Promise<string | null> {
  const rows: { policy_version: string }[] = await m.query(
    'SELECT DISTINCT policy_version FROM export_decisions WHERE model_version_id = $1',
    [versionId],
  );
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0]?.policy_version ?? null;
}

const ROLLBACK = new Error('rollback');

/** `recomputeDecisions` at `at` without a policy given (it reads the one in force), rolled back. */
async function recomputeUnder(at: Date): Promise<string | null> {
  const { versionId } = await versionWithFinding();
  let version: string | null = null;
  await db
    .transaction(async (tx) => {
      await recomputeDecisions(tx, [versionId], { cause: 'TEST', actor: 'test', now: at });
      version = await decidedUnder(tx, versionId);
      throw ROLLBACK;
    })
    .catch((err: unknown) => {
      if (err !== ROLLBACK) throw err;
    });
  return version;
}

/** `transitionFinding` at `at` (REPORTED → TRIAGED): the policy it reads is the one its recompute stores. */
async function transitionUnder(at: Date): Promise<string | null> {
  const { versionId, finding } = await versionWithFinding();
  const res = await transitionFinding(createContext({ db, viewer: analyst(), now: at }), {
    findingId: finding.globalId,
    expectedRowVersion: finding.row_version,
    to: 'TRIAGED' as never,
  });
  expect(res.errors).toEqual([]);
  return decidedUnder(db, versionId);
}

/** The deadline sweep at `at`: the policy version in the alerts for a fresh, overdue finding. */
async function sweepUnder(at: Date): Promise<string | null> {
  const { finding } = await versionWithFinding();
  const result = await sweepDeadlines(db, at);
  expect(result.ran).toBe(true);
  const rows: { policy_version: string }[] = await db.query(
    `SELECT DISTINCT payload->>'policyVersion' AS policy_version FROM events WHERE subject_id = $1 AND type LIKE 'DEADLINE_%'`,
    [finding.id],
  );
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0]?.policy_version ?? null;
}

async function writePaths(at: Date): Promise<Record<string, string | null>> {
  const inTransaction = await db.transaction(async (tx) => ({
    policyInForceIn: (await policyInForceIn(tx, at))?.document.version ?? null,
    policyInForceAt: await policyInForceAt(tx, at).then(
      (p) => p.version,
      () => null, // NO_POLICY_IN_FORCE
    ),
  }));
  return { ...inTransaction, recomputeDecisions: await recomputeUnder(at), transitionFinding: await transitionUnder(at), deadlineSweep: await sweepUnder(at) };
}

const everyPath = (version: string | null) => ({
  policyInForceIn: version,
  policyInForceAt: version,
  recomputeDecisions: version,
  transitionFinding: version,
  deadlineSweep: version,
});

/** Every version was published by `at`: the condition under which the write paths ask (`at` is the write's now). */
const allPublishedBy = (at: Date) => VERSIONS.every((v) => D(v.publishedAt ?? v.effectiveFrom).getTime() <= at.getTime());

test.each(MOMENTS)('at %s the read path and every write path give %s', async (iso, expected) => {
  const at = D(iso);
  expect(await readPath(at)).toBe(expected);
  expect(await writePaths(at)).toEqual(everyPath(expected));
  // The domain rule itself, on the published versions as stored.
  const stored: { document: never; published_at: Date }[] = await db.query('SELECT document, published_at FROM policy_versions');
  expect(policyKnownInForceAt(stored.map((r) => ({ document: r.document, publishedAt: r.published_at })), at)?.version ?? null).toBe(expected);
});

test('the write paths agree with the read path at every moment by which every version was published', async () => {
  // Moments after the last publication, including the edge cases above and fresh ones.
  const lastPublished = Math.max(...VERSIONS.map((v) => D(v.publishedAt ?? v.effectiveFrom).getTime()));
  const moments = [
    ...MOMENTS.map(([iso]) => D(iso)).filter(allPublishedBy),
    new Date(lastPublished),
    new Date(lastPublished + 1),
    D('2030-01-01T00:00:00.000Z'),
  ];
  expect(moments.length).toBeGreaterThanOrEqual(4);
  for (const at of moments) {
    const read = await readPath(at);
    expect([at.toISOString(), await writePaths(at)]).toEqual([
      at.toISOString(),
      everyPath(read),
    ]);
  }
});

test('a retroactive publication: after its effectiveFrom but before its publishedAt, reads and writes give the version known then', async () => {
  // 2026.2 says it takes effect on 1 June and was published on 1 July. A write whose now falls in
  // between (a write with a past now, or one racing the publication) must not apply it: the read
  // path does not, and one rule answers both (issue 13). Selecting among all versions would give 2026.2.
  const retroactive = VERSIONS.find((v) => v.version === '2026.2')!;
  const effectiveFrom = D(retroactive.effectiveFrom).getTime();
  const publishedAt = D(retroactive.publishedAt!).getTime();
  for (const at of [new Date(effectiveFrom), D('2026-06-15T00:00:00.000Z'), new Date(publishedAt - 1)]) {
    expect(allPublishedBy(at)).toBe(false);
    const read = await readPath(at);
    expect(read).toBe('2026.1');
    expect([at.toISOString(), await writePaths(at)]).toEqual([at.toISOString(), everyPath(read)]);
  }
  // From its publication on, both give it.
  const at = new Date(publishedAt);
  expect(await readPath(at)).toBe('2026.2');
  expect(await writePaths(at)).toEqual(everyPath('2026.2'));
});
