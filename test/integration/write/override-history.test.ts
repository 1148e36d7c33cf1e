/**
 * Overrides keep their history: set, extended, lifted, set again and expired, each with who and
 * why, in `ExportDecision.overrideHistory`; and `eligibility(asOf:)` replays the override that was
 * in force at any moment — also one lifted or replaced since — through the domain.
 */
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const HOUR = 3_600_000;
const t = (h: number) => new Date(NOW.getTime() + h * HOUR);

let testDb: TestDatabase;
let db: DataSource;
let versionId: string;
let versionUuid: string;

const OVERRIDE = `mutation ($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { errors { code path } exportDecision { id outcome } } }`;
const LIFT = `mutation ($input: LiftExportOverrideInput!) { liftExportOverride(input: $input) { errors { code path } exportDecision { id } } }`;
const ELIGIBILITY = `query ($id: ID!, $asOf: DateTime) { modelVersion(id: $id) { eligibility(jurisdictionCode: "DE", asOf: $asOf) {
  outcome computedOutcome override { outcome setAt expiresAt justification setBy } reasons { code } } } }`;

async function as(now: Date, query: string, variables: Record<string, unknown>) {
  const r = await executeOperation<any>(db, query, variables, { viewer: regulator(), now });
  expect(r.errors).toBeUndefined();
  return r.data!;
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  const [v] = await db.query(`SELECT id FROM model_versions WHERE name = 'Mythos 5'`);
  versionUuid = v.id;
  versionId = Buffer.from(`ModelVersion:${v.id}`).toString('base64url');
  const input = (extra: Record<string, unknown>) => ({ modelVersionId: versionId, jurisdictionCode: 'DE', ...extra });
  const set = (now: Date, extra: Record<string, unknown>) => as(now, OVERRIDE, { input: input(extra) });
  expect((await set(t(1), { outcome: 'PROHIBITED', justification: 'Board decision 1.', expiresAt: t(11).toISOString() })).overrideExportDecision.errors).toEqual([]);
  expect((await set(t(2), { outcome: 'PROHIBITED', justification: 'Board decision 1, extended.', expiresAt: t(21).toISOString() })).overrideExportDecision.errors).toEqual([]);
  expect((await as(t(3), LIFT, { input: input({ reason: 'Concerns resolved.' }) })).liftExportOverride.errors).toEqual([]);
  expect((await set(t(4), { outcome: 'CONDITIONAL', justification: 'Interim licence.', expiresAt: t(5).toISOString() })).overrideExportDecision.errors).toEqual([]);
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('the history lists every set, extension, lift and expiry with who and why', async () => {
  const data = await as(t(6), `{ exportDecisions(first: 50, filter: { jurisdictionCode: "DE", hasOverride: false }) { edges { node { modelVersion { id }
    overrideHistory { action outcome justification actor at expiresAt } } } } }`, {});
  const node = data.exportDecisions.edges.map((e: any) => e.node).find((n: any) => n.modelVersion.id === versionId);
  expect(node.overrideHistory).toEqual([
    { action: 'SET', outcome: 'PROHIBITED', justification: 'Board decision 1.', actor: 'regulator@oais.example.gov', at: t(1).toISOString(), expiresAt: t(11).toISOString() },
    { action: 'EXTENDED', outcome: 'PROHIBITED', justification: 'Board decision 1, extended.', actor: 'regulator@oais.example.gov', at: t(2).toISOString(), expiresAt: t(21).toISOString() },
    { action: 'LIFTED', outcome: null, justification: 'Concerns resolved.', actor: 'regulator@oais.example.gov', at: t(3).toISOString(), expiresAt: null },
    { action: 'SET', outcome: 'CONDITIONAL', justification: 'Interim licence.', actor: 'regulator@oais.example.gov', at: t(4).toISOString(), expiresAt: t(5).toISOString() },
    expect.objectContaining({ action: 'EXPIRED', outcome: 'CONDITIONAL', at: t(5).toISOString() }),
  ]);
  // Of this version (the demo's own override is on Lumen 2).
  const rows = await db.query(`SELECT action FROM export_override_changes WHERE model_version_id = $1 ORDER BY id`, [versionUuid]);
  expect(rows.map((r: any) => r.action)).toEqual(['SET', 'EXTENDED', 'LIFTED', 'SET']);
});

test('as-of replays the override in force then, including ones lifted or replaced since', async () => {
  const at = async (h: number) => (await as(t(6), ELIGIBILITY, { id: versionId, asOf: t(h).toISOString() })).modelVersion.eligibility;
  expect((await at(0.5)).override).toBeNull();
  expect(await at(1.5)).toMatchObject({ outcome: 'PROHIBITED', override: { setAt: t(1).toISOString(), expiresAt: t(11).toISOString(), justification: 'Board decision 1.' } });
  expect(await at(2.5)).toMatchObject({ outcome: 'PROHIBITED', override: { setAt: t(1).toISOString(), expiresAt: t(21).toISOString(), justification: 'Board decision 1, extended.' } });
  const lifted = await at(3.5);
  expect(lifted.override).toBeNull();
  expect(lifted.outcome).toBe(lifted.computedOutcome);
  expect(await at(4.5)).toMatchObject({ outcome: 'CONDITIONAL', override: { outcome: 'CONDITIONAL' } });
  const expired = await at(5.5);
  expect(expired.override).toBeNull();
  expect(expired.reasons[0].code).toBe('OVERRIDE_EXPIRED');
  // Live, the same: the expired override is not in force.
  const live = (await as(t(6), ELIGIBILITY, { id: versionId })).modelVersion.eligibility;
  expect(live).toMatchObject({ override: null, reasons: expect.arrayContaining([{ code: 'OVERRIDE_EXPIRED' }]) });
});

test('the history table refuses updates', async () => {
  await expect(db.query(`UPDATE export_override_changes SET justification = 'rewritten'`)).rejects.toThrow(/never updated/);
});
