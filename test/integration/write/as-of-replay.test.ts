/**
 * As-of replay through the API, as a property (fast-check): random histories of overrides (set,
 * extended, lifted, expiring), policy versions published (in force at once or later) and scheduled
 * sweeps are written through the real mutations; then `eligibilityMatrix(asOf:)` at the moment of
 * every stored decision change of the version reproduces that stored decision (outcome, computed
 * outcome, reason codes, policy version).
 *
 * The facts of the demo story stay fixed here: the other mutations record `recorded_at` with the
 * database's transaction time rather than the operation's `now` (docs/regulator.md, "Not yet
 * built"); the domain property test (test/unit/domain/as-of-replay.test.ts) covers those facts.
 */
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { STARTING_POLICY, type PolicyDocument } from '../../../src/domain';
import { sweepDecisions } from '../../../src/modules/decisions/decision-sweep';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

const HOUR = 3_600_000;
const CODES = ['DE', 'US', 'CN', 'BR'];
const OUTCOMES = ['ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'PROHIBITED'] as const;

let testDb: TestDatabase;
let db: DataSource;
let versions: { id: string; gid: string }[];
let clock: number;
let published = 0;

type Command =
  | { kind: 'override'; code: number; outcome: (typeof OUTCOMES)[number]; expiresInHours: number | null }
  | { kind: 'lift'; code: number }
  | { kind: 'publish'; strict: boolean; laterHours: 0 | 3 }
  | { kind: 'sweep' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('override' as const), code: fc.nat(3), outcome: fc.constantFrom(...OUTCOMES), expiresInHours: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lift' as const), code: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('publish' as const), strict: fc.boolean(), laterHours: fc.constantFrom(0 as const, 3 as const) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'sweep' as const }) },
);

function policyDraft(strict: boolean, effectiveFrom: Date): PolicyDocument {
  const p = structuredClone(STARTING_POLICY) as PolicyDocument;
  p.version = `2027.${++published}`;
  p.effectiveFrom = effectiveFrom.toISOString();
  if (strict) p.eligibility.missedDeadlines = { outcome: 'PROHIBITED', source: 'test' };
  else p.jurisdictions.tiers.TIER_1 = p.jurisdictions.tiers.TIER_1.filter((c) => c !== 'DE');
  return p;
}

async function mutate(now: Date, query: string, input: Record<string, unknown>) {
  const r = await executeOperation<any>(db, query, { input }, { viewer: regulator(), now });
  expect(r.errors).toBeUndefined();
  return Object.values(r.data!)[0] as { errors: { code: string }[] };
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  // The demo story as of today; the histories below run in the hours after it.
  expect(await seedDemoData(db)).toBe(true);
  const rows: { id: string }[] = await db.query(`SELECT id FROM model_versions ORDER BY name`);
  versions = rows.map((r) => ({ id: r.id, gid: Buffer.from(`ModelVersion:${r.id}`).toString('base64url') }));
  clock = Date.now() + HOUR;
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('eligibility as of the moment of every stored decision change reproduces it', async () => {
  let run = 0;
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ c: command, gapMinutes: fc.integer({ min: 5, max: 150 }) }), { minLength: 2, maxLength: 7 }), async (commands) => {
      const version = versions[run++ % versions.length]!;
      const started = new Date(clock);
      for (const { c, gapMinutes } of commands) {
        clock += gapMinutes * 60_000;
        const now = new Date(clock);
        switch (c.kind) {
          case 'override':
            await mutate(now, `mutation ($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { errors { code } } }`, {
              modelVersionId: version.gid,
              jurisdictionCode: CODES[c.code],
              outcome: c.outcome,
              justification: `replay test ${run}`,
              expiresAt: c.expiresInHours === null ? null : new Date(clock + c.expiresInHours * HOUR).toISOString(),
            });
            break;
          case 'lift':
            // NO_OVERRIDE when there is none: a typed error, nothing written.
            await mutate(now, `mutation ($input: LiftExportOverrideInput!) { liftExportOverride(input: $input) { errors { code } } }`, {
              modelVersionId: version.gid,
              jurisdictionCode: CODES[c.code],
              reason: 'replay test',
            });
            break;
          case 'publish': {
            const payload = await mutate(now, `mutation ($input: PublishPolicyVersionInput!) { publishPolicyVersion(input: $input) { errors { code } } }`, {
              document: JSON.stringify(policyDraft(c.strict, new Date(clock + c.laterHours * HOUR))),
            });
            expect(payload.errors).toEqual([]);
            break;
          }
          case 'sweep':
            await sweepDecisions(db, now);
            break;
        }
      }
      clock += HOUR;
      const end = new Date(clock);

      const changes: { changed_at: Date; code: string; outcome: string; computed_outcome: string; reasons: { code: string }[]; policy_version: string }[] =
        await db.query(
          `SELECT c.changed_at, j.code, c.outcome, c.computed_outcome, e.reasons, c.policy_version
             FROM export_decision_changes c JOIN decision_explanations e ON e.id = c.explanation_id
             JOIN export_decisions d ON d.id = c.export_decision_id JOIN jurisdictions j ON j.id = d.jurisdiction_id
            WHERE d.model_version_id = $1 AND c.changed_at > $2 ORDER BY c.changed_at, c.id`,
          [version.id, started],
        );
      // The last change per (moment, jurisdiction) is what was stored at that moment.
      const stored = new Map<string, (typeof changes)[number]>();
      for (const c of changes) stored.set(`${c.changed_at.toISOString()}|${c.code}`, c);
      const moments = [...new Set(changes.map((c) => c.changed_at.toISOString()))];
      for (const moment of moments) {
        const r = await executeOperation<any>(
          db,
          `query ($id: ID!, $at: DateTime) { modelVersion(id: $id) { eligibilityMatrix(asOf: $at) {
             jurisdiction { code } outcome computedOutcome policyVersion reasons { code } } } }`,
          { id: version.gid, at: moment },
          { viewer: regulator(), now: end },
        );
        expect(r.errors).toBeUndefined();
        const byCode = new Map(r.data!.modelVersion.eligibilityMatrix.map((e: any) => [e.jurisdiction.code, e]));
        for (const [key, s] of stored) {
          if (!key.startsWith(`${moment}|`)) continue;
          checked++;
          expect({ at: moment, code: s.code, ...(byCode.get(s.code) as object) }).toMatchObject({
            at: moment,
            code: s.code,
            outcome: s.outcome,
            computedOutcome: s.computed_outcome,
            policyVersion: s.policy_version,
            reasons: s.reasons.map((x) => ({ code: x.code })),
          });
        }
      }
    }),
    {
      numRuns: 9, // the example below is one of them
      endOnFailure: true,
      // One history checked first that certainly moves decisions: the four codes overridden to four
      // different outcomes (at most one can be what a code had), then a publication and a sweep.
      examples: [
        [
          [
            ...OUTCOMES.map((outcome, code) => ({ c: { kind: 'override' as const, code, outcome, expiresInHours: code === 3 ? 2 : null }, gapMinutes: 10 })),
            { c: { kind: 'publish' as const, strict: false, laterHours: 0 as const }, gapMinutes: 10 },
            { c: { kind: 'sweep' as const }, gapMinutes: 150 },
          ],
        ],
      ],
    },
  );
  // The histories did move decisions: the example alone moves at least three. (The random runs add
  // more, but how many depends on what they drew: a guard of "more than 10" failed once at 10.)
  expect(checked).toBeGreaterThanOrEqual(3);
}, 600_000);
