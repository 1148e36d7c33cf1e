/**
 * "Policy in force" is defined once, in the domain: `selectEffectivePolicy` (the latest
 * effectiveFrom not after the moment; ties to the greater version string), and for reads
 * `policyKnownInForceAt` (the same among the versions published by then). No SQL repeats it: every
 * path loads all versions and asks the domain. This test builds the edge cases on real PostgreSQL —
 * a moment exactly at an effectiveFrom and 1 ms before it, two versions effective at the same
 * instant, a version effective in the future, a retroactive publication, no version yet — and
 * asserts that the read path (`Query.policyInForce`, policy-service `policyInForce`), the write
 * paths (`policyInForceIn`, `policyInForceAt`, and `selectEffectivePolicy(loadPolicies(tx))` as
 * transitionFinding, the deadline sweep and recompute use it) pick the same version.
 */
import type { DataSource } from 'typeorm';
import { policyKnownInForceAt, selectEffectivePolicy, STARTING_POLICY } from '../../../src/domain';
import { policyInForceIn } from '../../../src/modules/decisions/policy-service';
import { loadPolicies } from '../../../src/modules/decisions/recompute-decisions';
import { policyInForceAt } from '../../../src/modules/findings/mutations';
import { createPolicyVersion } from '../../support/factories';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

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

async function writePaths(at: Date): Promise<Record<string, string | null>> {
  return db.transaction(async (tx) => ({
    policyInForceIn: (await policyInForceIn(tx, at))?.document.version ?? null,
    policyInForceAt: await policyInForceAt(tx, at).then(
      (p) => p.version,
      () => null, // NO_POLICY_IN_FORCE
    ),
    selectEffectivePolicy: selectEffectivePolicy(await loadPolicies(tx), at)?.version ?? null,
  }));
}

/** Every version was published by `at`: the condition under which the write paths ask (`at` is the write's now). */
const allPublishedBy = (at: Date) => VERSIONS.every((v) => D(v.publishedAt ?? v.effectiveFrom).getTime() <= at.getTime());

test.each(MOMENTS)('at %s the read path and policyInForceIn give %s', async (iso, expected) => {
  const at = D(iso);
  expect(await readPath(at)).toBe(expected);
  const write = await writePaths(at);
  expect(write.policyInForceIn).toBe(expected);
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
      { policyInForceIn: read, policyInForceAt: read, selectEffectivePolicy: read },
    ]);
  }
});
