/**
 * Issue 15 on the demo story: ATLAS reference data and the check of new findings' references,
 * stored old-release references shown as current/renamed/retired, `importFinding` (rights, field
 * paths, idempotency), and advisories (GraphQL and HTTP) with the access rules of reading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { ANONYMOUS } from '../../../src/modules/access/rules';
import { schemaProblems } from '../../../src/modules/interchange/json-schemas';
import { seedDemoData } from '../../../src/seed/demo-data';
import { executeOperation, startHttpServer, stopHarness, type HttpServerHandle } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { analyst, developer, partnerAgency, regulator } from '../../support/viewers';
import { validateCsaf } from './csaf';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const AVID_DIR = path.resolve(__dirname, '../../fixtures/avid/reports/2026');

let testDb: TestDatabase;
let db: DataSource;
let http: HttpServerHandle;

async function ok<T = any>(query: string, variables?: Record<string, unknown>, viewer = analyst()): Promise<T> {
  const r = await executeOperation<T>(db, query, variables, { viewer, now: NOW });
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.data as T;
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await seedDemoData(db, NOW);
  http = await startHttpServer(db);
});

afterAll(async () => {
  await http?.stop();
  await stopHarness();
  await testDb?.destroy();
});

describe('ATLAS as reference data', () => {
  test('the shipped release is 5.6.0 with 170 techniques, 16 tactics', async () => {
    const data = await ok(`{ atlasRelease { version techniqueCount tacticCount tactics { id } } atlasTechniques { id } }`);
    expect(data.atlasRelease).toMatchObject({ version: '5.6.0', techniqueCount: 170, tacticCount: 16 });
    expect(data.atlasRelease.tactics).toHaveLength(16);
    expect(data.atlasTechniques).toHaveLength(170);
  });

  test('a technique with tactics, maturity, parent and sub-techniques', async () => {
    const data = await ok(`{
      jailbreak: atlasTechnique(id: "AML.T0054") { id name maturity tactics { id name } parent { id } url }
      injection: atlasTechnique(id: "AML.T0051") { subTechniques { id tactics { id } } tactics { id } }
      retired: atlasTechnique(id: "AML.T0045") { id }
    }`);
    expect(data.jailbreak.name).toBe('LLM Jailbreak');
    expect(data.jailbreak.maturity).toBe('DEMONSTRATED');
    expect(data.jailbreak.tactics.map((t: { id: string }) => t.id).sort()).toEqual(['AML.TA0007', 'AML.TA0012']);
    expect(data.jailbreak.parent).toBeNull();
    expect(data.injection.subTechniques.length).toBeGreaterThan(0);
    // Sub-techniques list no tactics in ATLAS.yaml: they carry their parent's.
    for (const s of data.injection.subTechniques) expect(s.tactics).toEqual(data.injection.tactics);
    expect(data.retired).toBeNull();
  });

  test('filtered by tactic, maturity, level and text', async () => {
    const data = await ok(`{
      exfil: atlasTechniques(filter: { tacticIds: ["AML.TA0010"] }) { id tactics { id } }
      realized: atlasTechniques(filter: { maturity: [REALIZED], topLevel: true }) { id maturity parent { id } }
      text: atlasTechniques(filter: { text: "jailbreak" }) { id }
    }`);
    expect(data.exfil.length).toBeGreaterThan(0);
    for (const t of data.exfil) expect(t.tactics.map((x: { id: string }) => x.id)).toContain('AML.TA0010');
    expect(data.realized.length).toBeGreaterThan(0);
    for (const t of data.realized) expect(t).toMatchObject({ maturity: 'REALIZED', parent: null });
    expect(data.text.map((t: { id: string }) => t.id)).toContain('AML.T0054');
  });

  test('a bad tactic id is a typed error naming the argument', async () => {
    const r = await executeOperation(db, `{ atlasTechniques(filter: { tacticIds: ["TA5"] }) { id } }`, {}, { viewer: analyst(), now: NOW });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['filter', 'tacticIds', '0'] });
  });

  test('stored v4.9.0 references are checked against the shipped release', async () => {
    const data = await ok(`{ findings(first: 50) { edges { node { publicId references { system identifier atlasRelease
      atlasStatus { state currentId recordedRelease checkedAgainst technique { name } } } } } } }`);
    const atlas = data.findings.edges.flatMap((e: any) => e.node.references).filter((r: any) => r.system === 'MITRE_ATLAS');
    // AML.T0051, AML.T0024 and AML.T0054 of the story, AML.T0054 again on the crisis finding.
    expect(atlas.length).toBe(4);
    for (const r of atlas) {
      expect(r.atlasStatus).toMatchObject({ state: 'CURRENT', currentId: r.identifier, recordedRelease: 'v4.9.0', checkedAgainst: '5.6.0' });
      expect(r.atlasStatus.technique.name).toBeTruthy();
    }
    const cve = data.findings.edges.flatMap((e: any) => e.node.references).find((r: any) => r.system === 'CVE');
    expect(cve.atlasStatus).toBeNull();
  });

  test('a stored renamed id shows its successor; an id nobody knows is UNKNOWN', async () => {
    const [f] = await db.query(`SELECT id, public_id FROM findings ORDER BY public_id LIMIT 1`);
    await db.query(`INSERT INTO finding_references (finding_id, system, identifier, atlas_release) VALUES ($1, 'MITRE_ATLAS', 'AML.T0045', 'v4.4.0'), ($1, 'MITRE_ATLAS', 'AML.T0999', 'v4.9.0')`, [f.id]);
    const data = await ok(`query($p: String!) { findingByPublicId(publicId: $p) { references { identifier atlasStatus { state currentId technique { id } } } } }`, { p: f.public_id });
    const byId = Object.fromEntries(data.findingByPublicId.references.map((r: any) => [r.identifier, r.atlasStatus]));
    expect(byId['AML.T0045']).toEqual({ state: 'RENAMED', currentId: 'AML.T0048.004', technique: { id: 'AML.T0048.004' } });
    expect(byId['AML.T0999']).toEqual({ state: 'UNKNOWN', currentId: null, technique: null });
    await db.query(`DELETE FROM finding_references WHERE finding_id = $1 AND identifier IN ('AML.T0045', 'AML.T0999')`, [f.id]);
  });

  test('reportFinding refuses an ATLAS id the shipped release lacks, at its input path', async () => {
    const data = await ok(`{ modelVersions(first: 1) { edges { node { id } } } }`);
    const versionId = data.modelVersions.edges[0].node.id;
    const input = (identifier: string) => ({
      affectedVersionIds: [versionId],
      title: 'ATLAS check',
      summary: 'Checks the reference.',
      category: 'JAILBREAK',
      discoveredAt: '2026-11-01T00:00:00Z',
      references: [{ system: 'CVE', identifier: 'CVE-2026-1234' }, { system: 'MITRE_ATLAS', identifier }],
    });
    const REPORT = `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { publicId } errors { code path message } } }`;
    const renamed = await ok(REPORT, { input: input('AML.T0045') }, regulator());
    expect(renamed.reportFinding.finding).toBeNull();
    expect(renamed.reportFinding.errors).toEqual([
      { code: 'UNKNOWN_ATLAS_TECHNIQUE', path: ['references', '1', 'identifier'], message: expect.stringContaining('AML.T0048.004') },
    ]);
    const unknown = await ok(REPORT, { input: input('AML.T0999') }, regulator());
    expect(unknown.reportFinding.errors[0]).toMatchObject({ code: 'UNKNOWN_ATLAS_TECHNIQUE', path: ['references', '1', 'identifier'] });
    const good = await ok(REPORT, { input: input('AML.T0048.004') }, regulator());
    expect(good.reportFinding.errors).toEqual([]);
    expect(good.reportFinding.finding.publicId).toMatch(/^MSR-/);
  });
});

const IMPORT = `mutation($input: ImportFindingInput!) { importFinding(input: $input) {
  outcome errors { code path message }
  finding { publicId title category status developer { name importedUnverified }
    affectedVersions { name importedUnverified model { name importedUnverified } }
    references { system identifier } outsideScores { scheme vector baseScore source }
    successMeasurements { detector passed total attackSuccessRate } importedFrom { sourceSystem sourceId }
    disclosures { audience } } } }`;

const avid = (name: string) => fs.readFileSync(path.join(AVID_DIR, name), 'utf8');

describe('importFinding', () => {
  test('an analyst imports an AVID CVE entry once; the second time changes nothing', async () => {
    const before = Number((await db.query('SELECT count(*) AS n FROM findings'))[0].n);
    const first = await ok(IMPORT, { input: { format: 'AVID', document: avid('AVID-2026-R0003.json') } });
    expect(first.importFinding.errors).toEqual([]);
    expect(first.importFinding.outcome).toBe('IMPORTED');
    const f = first.importFinding.finding;
    expect(f.developer).toEqual({ name: 'lunary-ai', importedUnverified: true });
    expect(f.affectedVersions).toEqual([{ name: 'unspecified', importedUnverified: true, model: { name: 'lunary-ai/lunary', importedUnverified: true } }]);
    expect(f.references).toEqual(expect.arrayContaining([{ system: 'AVID', identifier: 'AVID-2026-R0003' }, { system: 'CVE', identifier: 'CVE-2024-10273' }]));
    // CVSS 3.0 stays an outside score, never the registry's v4.0 assessment.
    expect(f.outsideScores).toEqual([{ scheme: 'CVSS_3_0', vector: 'CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N', baseScore: 6.5, source: 'AVID-2026-R0003' }]);
    expect(f.importedFrom).toEqual({ sourceSystem: 'AVID', sourceId: 'AVID-2026-R0003' });
    expect(f.disclosures).toEqual([{ audience: 'PUBLIC' }]);
    const again = await ok(IMPORT, { input: { format: 'AVID', document: avid('AVID-2026-R0003.json') } }, regulator());
    expect(again.importFinding.outcome).toBe('ALREADY_IMPORTED');
    expect(again.importFinding.finding.publicId).toBe(f.publicId);
    expect(Number((await db.query('SELECT count(*) AS n FROM findings'))[0].n)).toBe(before + 1);
  });

  test('an LLM evaluation brings its success-rate rows; a known developer is matched by name', async () => {
    await db.query(`INSERT INTO organizations (name, kind, country_code) VALUES ('Liquid AI', 'DEVELOPER', 'US')`);
    const r = await ok(IMPORT, { input: { format: 'AVID', document: avid('AVID-2026-R0575.json') } });
    const f = r.importFinding.finding;
    expect(f.developer).toEqual({ name: 'Liquid AI', importedUnverified: false });
    expect(f.successMeasurements).toEqual([
      { detector: 'productkey.Win5x5', passed: 0, total: 6, attackSuccessRate: 1 },
      { detector: 'mitigation.MitigationBypass', passed: 0, total: 6, attackSuccessRate: 1 },
    ]);
    expect(f.category).toBe('JAILBREAK');
  });

  test('a document that breaks the schema is rejected with the field named, and nothing is written', async () => {
    const before = Number((await db.query('SELECT count(*) AS n FROM findings'))[0].n);
    const doc = JSON.parse(avid('AVID-2026-R0005.json'));
    doc.affects.developer = [];
    delete doc.reported_date;
    const r = await ok(IMPORT, { input: { format: 'AVID', document: JSON.stringify(doc) } });
    expect(r.importFinding.finding).toBeNull();
    expect(r.importFinding.outcome).toBeNull();
    expect(r.importFinding.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_DOCUMENT', path: ['document', 'reported_date'] }),
        expect.objectContaining({ code: 'INVALID_DOCUMENT', path: ['document', 'affects', 'developer'] }),
      ]),
    );
    const notJson = await ok(IMPORT, { input: { format: 'OSV', document: '{"id": ' } });
    expect(notJson.importFinding.errors).toEqual([expect.objectContaining({ code: 'INVALID_JSON', path: ['document'] })]);
    const badOsv = await ok(IMPORT, { input: { format: 'OSV', document: JSON.stringify({ id: 'MSR-1', modified: '2026-01-01T00:00:00Z' }) } });
    expect(badOsv.importFinding.errors[0]).toMatchObject({ code: 'INVALID_DOCUMENT', path: ['document', 'id'] });
    expect(Number((await db.query('SELECT count(*) AS n FROM findings'))[0].n)).toBe(before);
  });

  test('only regulators and analysts import', async () => {
    const [org] = await db.query(`SELECT id FROM organizations WHERE kind = 'DEVELOPER' LIMIT 1`);
    for (const viewer of [developer(org.id), partnerAgency(), ANONYMOUS]) {
      const r = await executeOperation(db, IMPORT, { input: { format: 'AVID', document: avid('AVID-2026-R0007.json') } }, { viewer, now: NOW });
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(r.errors?.[0]?.extensions?.code);
    }
  });

  test("an OSV advisory of the registry imports back onto the same developer's versions", async () => {
    const data = await ok(`{ findings(first: 50, filter: { text: "Role-play jailbreak" }) { edges { node { publicId advisory(format: OSV) affectedVersions { id } } } } }`);
    const node = data.findings.edges[0].node;
    const osv = JSON.parse(node.advisory);
    const r = await ok(IMPORT, { input: { format: 'OSV', document: JSON.stringify(osv) } });
    expect(r.importFinding.errors).toEqual([]);
    expect(r.importFinding.finding.affectedVersions).toEqual([expect.objectContaining({ importedUnverified: false })]);
    expect(r.importFinding.finding.importedFrom).toEqual({ sourceSystem: 'OSV', sourceId: osv.id });
  });
});

const SECRET_PROMPT = '[redacted demo prompt]';

describe('advisories', () => {
  test('every finding of the demo story and the imports validates in all three formats, without restricted details', async () => {
    const data = await ok(`{ findings(first: 100) { edges { node { publicId osv: advisory(format: OSV) csaf: advisory(format: CSAF) vex: advisory(format: OPENVEX) } } } }`, {}, regulator());
    const nodes = data.findings.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(8);
    for (const n of nodes) {
      expect(schemaProblems('osv', JSON.parse(n.osv))).toEqual([]);
      expect(schemaProblems('openvex', JSON.parse(n.vex))).toEqual([]);
      for (const doc of [n.osv, n.csaf, n.vex]) expect(doc).not.toContain(SECRET_PROMPT);
    }
    const csaf = await validateCsaf(nodes.map((n: any) => JSON.parse(n.csaf)));
    expect(csaf.filter((r) => !r.isValid)).toEqual([]);
    const jailbreak = JSON.parse(nodes.find((n: any) => n.osv.includes('Role-play jailbreak') && JSON.parse(n.osv).database_specific.msr.severity).csaf);
    expect(jailbreak.document.csaf_version).toBe('2.1');
    expect(jailbreak.vulnerabilities[0].metrics[0].content.cvss_v4.vectorString).toMatch(/^CVSS:4\.0\//);
  });

  test('the public sees advisories of publicly disclosed findings only (GraphQL)', async () => {
    const data = await ok(`{ findings(first: 100) { edges { node { publicId advisory(format: OSV) } } } }`, {}, ANONYMOUS);
    const ids = data.findings.edges.map((e: any) => e.node.publicId);
    const disclosed: { public_id: string }[] = await db.query(
      `SELECT public_id FROM findings f WHERE EXISTS (SELECT 1 FROM disclosures d WHERE d.finding_id = f.id AND d.audience = 'PUBLIC') ORDER BY 1`,
    );
    expect(ids.sort()).toEqual(disclosed.map((d) => d.public_id));
    expect(ids.length).toBeGreaterThan(0);
  });

  describe('over HTTP', () => {
    const auth = loadConfig({ NODE_ENV: 'test' }).auth;
    let undisclosed: string;
    let disclosed: string;
    beforeAll(async () => {
      // An imported AVID report is publicly disclosed (AVID published it); the demo findings are not.
      await ok(IMPORT, { input: { format: 'AVID', document: avid('AVID-2026-R0009.json') } });
      [{ public_id: undisclosed }] = await db.query(
        `SELECT public_id FROM findings f WHERE NOT EXISTS (SELECT 1 FROM disclosures d WHERE d.finding_id = f.id AND d.audience = 'PUBLIC') ORDER BY 1 LIMIT 1`,
      );
      [{ public_id: disclosed }] = await db.query(
        `SELECT public_id FROM findings f WHERE EXISTS (SELECT 1 FROM disclosures d WHERE d.finding_id = f.id AND d.audience = 'PUBLIC') ORDER BY 1 LIMIT 1`,
      );
    });

    test('one advisory per format with the caller token; an undisclosed one is a 404 for the public', async () => {
      const token = await mintDevToken(auth, { subject: 'liaison@partner.example', roles: ['PARTNER_AGENCY'] });
      for (const format of ['osv', 'csaf', 'openvex']) {
        const res = await fetch(`${http.baseUrl}/advisories/${format}/${undisclosed}.json`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const body = await res.text();
        expect(body).toContain(undisclosed);
        expect(body).not.toContain(SECRET_PROMPT);
        expect((await fetch(`${http.baseUrl}/advisories/${format}/${undisclosed}.json`)).status).toBe(404);
        expect((await fetch(`${http.baseUrl}/advisories/${format}/${disclosed}.json`)).status).toBe(200);
      }
      expect((await fetch(`${http.baseUrl}/advisories/osv/MSR-2099-9999.json`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
      expect((await fetch(`${http.baseUrl}/advisories/osv/x.json`, { headers: { authorization: 'Bearer nonsense' } })).status).toBe(404);
      expect((await fetch(`${http.baseUrl}/advisories/osv/${disclosed}.json`, { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
    });

    test('all.zip and the modifiedSince listing follow the same rule', async () => {
      const token = await mintDevToken(auth, { subject: 'analyst@oais.example.gov', roles: ['ANALYST'] });
      const all = unzipSync(new Uint8Array(await (await fetch(`${http.baseUrl}/advisories/osv/all.zip`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
      const pub = unzipSync(new Uint8Array(await (await fetch(`${http.baseUrl}/advisories/osv/all.zip`)).arrayBuffer()));
      expect(Object.keys(all)).toContain(`x_${undisclosed}.json`);
      expect(Object.keys(pub)).not.toContain(`x_${undisclosed}.json`);
      expect(Object.keys(pub)).toContain(`x_${disclosed}.json`);
      for (const bytes of Object.values(all)) expect(schemaProblems('osv', JSON.parse(strFromU8(bytes)))).toEqual([]);
      const listing = await (await fetch(`${http.baseUrl}/advisories/osv/modified_id.csv`, { headers: { authorization: `Bearer ${token}` } })).text();
      const lines = listing.trim().split('\n');
      expect(lines).toHaveLength(Object.keys(all).length);
      const newest = lines[0]!.split(',')[0]!;
      const since = await (await fetch(`${http.baseUrl}/advisories/osv/modified_id.csv?modifiedSince=${encodeURIComponent(newest)}`, { headers: { authorization: `Bearer ${token}` } })).text();
      expect(since).toBe('');
      const older = new Date(new Date(newest).getTime() - 1000).toISOString();
      const recent = await (await fetch(`${http.baseUrl}/advisories/osv/modified_id.csv?modifiedSince=${encodeURIComponent(older)}`, { headers: { authorization: `Bearer ${token}` } })).text();
      expect(recent.trim().split('\n').length).toBeGreaterThanOrEqual(1);
      const bad = await fetch(`${http.baseUrl}/advisories/osv/modified_id.csv?modifiedSince=yesterday`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { argumentPath: string[] } }).error.argumentPath).toEqual(['modifiedSince']);
    });

    test('the Atom feed lists publicly disclosed findings only', async () => {
      const res = await fetch(`${http.baseUrl}/feeds/findings.atom`);
      expect(res.headers.get('content-type')).toContain('application/atom+xml');
      const xml = await res.text();
      expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
      expect(xml).toContain(`${disclosed}:`);
      expect(xml).not.toContain(`${undisclosed}:`);
      expect(xml).not.toContain(SECRET_PROMPT);
    });
  });
});
