/**
 * Issue 15: all 850 AVID reports (test/fixtures/avid, copied from shared/data with its MIT licence) import (split by class), a second run changes
 * nothing, and every advisory of the imported findings validates against its official schema.
 */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { importFiles, listDocumentFiles, type ImportSummary } from '../../../src/modules/interchange/import-files';
import { schemaProblems } from '../../../src/modules/interchange/json-schemas';
import { executeOperation, stopHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { regulator } from '../../support/viewers';
import { validateCsaf } from './csaf';

jest.setTimeout(240_000);

const AVID_DIR = path.resolve(__dirname, '../../fixtures/avid/reports/2026');

let testDb: TestDatabase;
let db: DataSource;
let first: ImportSummary;

const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  first = await importFiles(db, 'AVID', listDocumentFiles(AVID_DIR), { actor: 'test-import' });
});

afterAll(async () => {
  await stopHarness();
  await testDb?.destroy();
});

test('all 850 reports import: 547 CVE entries, 257 LLM evaluations, 46 third-party reports', async () => {
  expect(first.total).toBe(850);
  expect(first.byOutcome).toEqual({ IMPORTED: 850 });
  expect(first.byClass).toEqual({ 'CVE Entry': 547, 'LLM Evaluation': 257, 'Third-party Report': 46 });
  expect(await count('findings')).toBe(850);
  expect(await count(`finding_references WHERE system = 'AVID'`)).toBe(850);
  // Every developer, model and version the import created is marked for an analyst to verify.
  expect(await count(`imported_unverified WHERE subject_type = 'Organization'`)).toBe(first.created.organizations);
  expect(await count(`imported_unverified WHERE subject_type = 'ModelVersion'`)).toBe(first.created.versions);
  // CVSS 3.x is kept as an outside score; nothing became a CVSS v4.0 assessment.
  expect(await count('finding_outside_scores')).toBe(447);
  expect(await count('severity_assessments')).toBe(0);
  expect(await count('finding_success_measurements')).toBe(350);
});

test('a second run changes nothing', async () => {
  const tables = ['findings', 'organizations', 'models', 'model_versions', 'finding_references', 'events', 'disclosures'];
  const before = await Promise.all(tables.map(count));
  const again = await importFiles(db, 'AVID', listDocumentFiles(AVID_DIR), { actor: 'test-import' });
  expect(again.byOutcome).toEqual({ ALREADY_IMPORTED: 850 });
  expect(again.created).toEqual({ organizations: 0, models: 0, versions: 0 });
  expect(await Promise.all(tables.map(count))).toEqual(before);
});

test('every advisory of the imported findings validates (OSV and OpenVEX with ajv, CSAF 2.1 with the CSAF validator)', async () => {
  const csaf: unknown[] = [];
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    const r: Awaited<ReturnType<typeof executeOperation<any>>> = await executeOperation<any>(
      db,
      `query($after: String) { findings(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
        edges { node { publicId osv: advisory(format: OSV) csaf: advisory(format: CSAF) vex: advisory(format: OPENVEX) } } } }`,
      { after },
      { viewer: regulator() },
    );
    expect(r.errors).toBeUndefined();
    for (const { node } of r.data!.findings.edges) {
      seen++;
      const osv = JSON.parse(node.osv);
      expect([node.publicId, schemaProblems('osv', osv)]).toEqual([node.publicId, []]);
      expect([node.publicId, schemaProblems('openvex', JSON.parse(node.vex))]).toEqual([node.publicId, []]);
      expect(osv.affected).toEqual([]);
      expect(osv.database_specific.msr.affected_model_versions.length).toBeGreaterThan(0);
      csaf.push(JSON.parse(node.csaf));
    }
    if (!r.data!.findings.pageInfo.hasNextPage) break;
    after = r.data!.findings.pageInfo.endCursor;
  }
  expect(seen).toBe(850);
  const results = await validateCsaf(csaf);
  expect(results.filter((x) => !x.isValid)).toEqual([]);
});
