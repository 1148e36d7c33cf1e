/**
 * Audits and registrations from the explorer (issue 14), in Chromium against the real server with
 * the demo story: an auditor opens an audit and completes it by signing the payload the UI shows
 * (a wrong signature is refused and explained); developers and regulators register models and
 * versions. Each control is present only for the roles the API lets use it, each write is checked
 * on the API's state afterwards, and each screen passes the axe gate.
 */
import { sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { mintDevToken } from '../../src/modules/access/dev-tokens';
import type { Role } from '../../src/modules/access/rules';
import { seedDemoData } from '../../src/seed/demo-data';
import { DEMO_SENTINEL_KEYS } from '../../src/seed/demo-keys';
import { startHttpServer, type HttpServerHandle } from '../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../support/test-database';
import { ARTIFACTS, launchChromium, type LaunchedBrowser } from './browser';
import { seriousAxeViolations } from './axe';

jest.setTimeout(90_000);

let tdb: TestDatabase;
let db: DataSource;
let server: HttpServerHandle;
let chromium: LaunchedBrowser;
const orgs: Record<string, string> = {};

const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function token(role: Role, organization?: string): Promise<string> {
  const auth = loadConfig({ NODE_ENV: 'test' }).auth;
  return mintDevToken(auth, { subject: `${role.toLowerCase()}@e2e-audits`, roles: [role], organizationId: organization ?? null });
}

async function api(role: Role, query: string, variables: Record<string, unknown> = {}, organization?: string): Promise<any> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role, organization)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

let openPages: { page: Page; problems: string[] }[] = [];
async function sessionAs(role: Role | null, organization?: string, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ viewport, baseURL: server.baseUrl, acceptDownloads: true });
  if (role) {
    const t = await token(role, organization);
    await context.addInitScript({ content: `localStorage.setItem('msr.token', ${JSON.stringify(t)});` });
  }
  const problems: string[] = [];
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.stack ?? err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  openPages.push({ page, problems });
  return { context, page, problems };
}

afterEach(async () => {
  for (const [i, { page }] of openPages.entries()) {
    if (!page.isClosed()) await page.screenshot({ path: path.join(ARTIFACTS, `audits-last-${i}.png`), fullPage: true }).catch(() => undefined);
  }
  openPages = [];
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, timeout: 60_000 });

async function expectAxeClean(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  for (const [key, name] of [
    ['northwind', 'Northwind AI'],
    ['helix', 'Helix Systems'],
    ['sentinel', 'Sentinel Assurance'],
    ['oais', 'Office of AI Security'],
    ['agency', 'Federal AI Safety Office'],
  ] as const) {
    const [row] = await db.query('SELECT id FROM organizations WHERE name = $1', [name]);
    orgs[key] = row.id;
  }
  // Many screens per minute by one token: the per-token budget is not under test here.
  server = await startHttpServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  await tdb?.destroy();
});

const AUDITS_OF_FABLE = `query($v: ID!) { audits(first: 100, filter: { modelVersionId: $v }) { edges { node {
  id status kind outcome scopes summary completedAt auditor { name } attestation { payload signature verified } } } } }`;

async function versionId(name: string): Promise<string> {
  const [row] = await db.query('SELECT id FROM model_versions WHERE name = $1', [name]);
  return Buffer.from(`ModelVersion:${row.id}`).toString('base64url');
}

describe('audits in the explorer', () => {
  test('only an auditor sees the audit controls', async () => {
    const present = async (role: Role, organization?: string, expectControls = false) => {
      const { context, page } = await sessionAs(role, organization);
      await page.goto('/audits');
      await page.getByRole('heading', { level: 1, name: 'Audits and auditors' }).waitFor();
      // The viewer's actions answer after the page's own query; wait until they have.
      if (expectControls) await page.getByRole('form', { name: 'Open an audit' }).waitFor();
      await page.waitForLoadState('networkidle');
      const found = {
        open: await page.getByRole('form', { name: 'Open an audit' }).count(),
        openAudits: await page.getByRole('heading', { name: 'Your open audits' }).count(),
      };
      await context.close();
      return found;
    };
    expect(await present('AUDITOR', orgs.sentinel, true)).toEqual({ open: 1, openAudits: 1 });
    for (const [role, org] of [
      ['REGULATOR', orgs.oais],
      ['ANALYST', orgs.oais],
      ['DEVELOPER', orgs.northwind],
      ['PARTNER_AGENCY', orgs.agency],
    ] as const) {
      expect({ role, ...(await present(role, org)) }).toEqual({ role, open: 0, openAudits: 0 });
    }
    // The auditor role acting for an organization that is not an auditor: nothing to offer.
    expect(await present('AUDITOR', orgs.northwind)).toEqual({ open: 0, openAudits: 0 });
  });

  test('an auditor opens an audit, signs the payload shown and completes it; a wrong signature is refused and explained', async () => {
    const fable = await versionId('Fable 5');
    const before = (await api('REGULATOR', AUDITS_OF_FABLE, { v: fable })).audits.edges.length;
    const { context, page, problems } = await sessionAs('AUDITOR', orgs.sentinel);
    await page.goto('/audits');
    const openForm = page.getByRole('form', { name: 'Open an audit' });
    await openForm.getByLabel('Model version').selectOption({ label: 'Fable 5 (Northwind AI)' });
    await openForm.getByRole('checkbox', { name: /Prompt injection/ }).check();
    await openForm.getByLabel('Public summary (optional)').fill('Annual jailbreak and injection evaluation.');
    await expectAxeClean(page);
    await shot(page, 'a01-open-audit');
    await openForm.getByRole('button', { name: 'Open audit' }).click();
    await openForm.getByText('Audit opened.').waitFor();
    const opened = (await api('REGULATOR', AUDITS_OF_FABLE, { v: fable })).audits.edges.map((e: any) => e.node);
    expect(opened).toHaveLength(before + 1);
    const audit = opened.find((a: any) => a.status === 'OPEN' && a.summary === 'Annual jailbreak and injection evaluation.');
    expect(audit).toMatchObject({ kind: 'INITIAL', auditor: { name: 'Sentinel Assurance' }, outcome: null });
    expect([...audit.scopes].sort()).toEqual(['JAILBREAK', 'PROMPT_INJECTION']);

    const complete = page.getByRole('form', { name: 'Complete the audit of Fable 5 by Sentinel Assurance' });
    await complete.getByLabel('Outcome').selectOption('PASS');
    const shown = complete.getByTestId('attestation-payload');
    await shown.waitFor();
    const payload = (await shown.textContent())!;
    expect(JSON.parse(payload)).toMatchObject({ statement: 'MODEL_SECURITY_REGISTRY_AUDIT_ATTESTATION_V1', outcome: 'PASS', kind: 'INITIAL' });

    // A signature over something else: refused, nothing written, and the UI says why.
    const wrong = sign(null, Buffer.from(payload.replace('"PASS"', '"FAIL"'), 'utf8'), DEMO_SENTINEL_KEYS.privateKey).toString('base64');
    await complete.getByLabel(/Ed25519 signature/).fill(wrong);
    await complete.getByRole('button', { name: 'Complete audit' }).click();
    await complete.getByTestId('write-errors').getByText(/INVALID_SIGNATURE at attestationSignature/).waitFor();
    await complete.getByTestId('refusal-help').getByText(/exactly the payload shown/).waitFor();
    await expectAxeClean(page);
    await shot(page, 'a02-signature-refused');
    const refused = (await api('REGULATOR', AUDITS_OF_FABLE, { v: fable })).audits.edges.map((e: any) => e.node).find((a: any) => a.id === audit.id);
    expect(refused.status).toBe('OPEN');

    // Changing the outcome changes the payload the UI shows; the right signature completes it.
    await complete.getByLabel('Outcome').selectOption('PASS_WITH_FINDINGS');
    await complete.getByTestId('attestation-payload').getByText(/PASS_WITH_FINDINGS/).waitFor();
    const payload2 = (await complete.getByTestId('attestation-payload').textContent())!;
    expect(payload2).not.toBe(payload);
    const right = sign(null, Buffer.from(payload2, 'utf8'), DEMO_SENTINEL_KEYS.privateKey).toString('base64');
    await complete.getByLabel(/Ed25519 signature/).fill(right);
    await complete.getByRole('button', { name: 'Complete audit' }).click();
    await page.getByText(/Audit of Fable 5 completed \(Pass with findings\)/).waitFor();
    const done = (await api('REGULATOR', AUDITS_OF_FABLE, { v: fable })).audits.edges.map((e: any) => e.node).find((a: any) => a.id === audit.id);
    expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'PASS_WITH_FINDINGS', attestation: { payload: payload2, signature: right, verified: true } });
    // The completed audit leaves the auditor's open audits once the list is read again.
    await page.getByRole('form', { name: 'Complete the audit of Fable 5 by Sentinel Assurance' }).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByRole('form', { name: 'Complete the audit of Fable 5 by Sentinel Assurance' }).count()).toBe(0);
    await expectAxeClean(page);
    await shot(page, 'a03-audit-completed');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a retest names the findings it retests and completes with a result for each', async () => {
    const [finding] = await db.query(`SELECT f.id, f.public_id FROM findings f WHERE f.developer_id = $1 ORDER BY f.public_id LIMIT 1`, [orgs.northwind]);
    const { context, page, problems } = await sessionAs('AUDITOR', orgs.sentinel, PHONE);
    await page.goto('/audits');
    const openForm = page.getByRole('form', { name: 'Open an audit' });
    await openForm.getByLabel('Model version').selectOption({ label: 'Mythos 5 (Northwind AI)' });
    await openForm.getByLabel('Kind').selectOption('RETEST');
    await openForm.getByRole('checkbox', { name: new RegExp(finding.public_id) }).check();
    await openForm.getByRole('button', { name: 'Open audit' }).click();
    await openForm.getByText('Audit opened.').waitFor();
    const complete = page.getByRole('form', { name: 'Complete the audit of Mythos 5 by Sentinel Assurance' });
    await complete.getByLabel(new RegExp(`${finding.public_id}:`)).selectOption('FAIL');
    await complete.getByTestId('attestation-payload').getByText(/"result":"FAIL"/).waitFor();
    const payload = (await complete.getByTestId('attestation-payload').textContent())!;
    await complete.getByLabel(/Ed25519 signature/).fill(sign(null, Buffer.from(payload, 'utf8'), DEMO_SENTINEL_KEYS.privateKey).toString('base64'));
    await complete.getByRole('button', { name: 'Complete audit' }).click();
    await page.getByText(/Audit of Mythos 5 completed \(Pass\)/).waitFor();
    await expectAxeClean(page);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    const audits = await api('REGULATOR', `query($v: ID!) { audits(first: 100, filter: { modelVersionId: $v, kind: RETEST }) { edges { node {
      status outcome findings { role retestResult finding { publicId } } } } } }`, { v: await versionId('Mythos 5') });
    expect(audits.audits.edges.map((e: any) => e.node)).toContainEqual({
      status: 'COMPLETED',
      outcome: 'PASS',
      findings: [{ role: 'RETESTED', retestResult: 'FAIL', finding: { publicId: finding.public_id } }],
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('registering models and versions in the explorer', () => {
  const REGISTRATION = `{ models(first: 100) { edges { node { name description developer { name } versions { name releasedAt trainingComputeOps weightAvailability capabilityDomains } } } } }`;
  const modelNamed = async (name: string) =>
    (await api('REGULATOR', REGISTRATION)).models.edges.map((e: any) => e.node).find((m: any) => m.name === name);

  test('only developers (for their own models) and regulators see the registration forms', async () => {
    const forms = async (role: Role, organization?: string, expectForms = false) => {
      const { context, page } = await sessionAs(role, organization);
      await page.goto('/versions');
      await page.getByRole('table', { name: 'Model versions' }).waitFor();
      if (expectForms) await page.getByRole('form', { name: 'Register a model version' }).waitFor();
      await page.waitForLoadState('networkidle');
      const model = await page.getByRole('form', { name: 'Register a model', exact: true }).count();
      const version = await page.getByRole('form', { name: 'Register a model version' }).count();
      const offered = version
        ? await page.getByRole('form', { name: 'Register a model version' }).getByLabel('Model').locator('option').allTextContents()
        : [];
      await context.close();
      return { model, version, offered: offered.filter((o) => !o.startsWith('Choose')) };
    };
    for (const [role, org] of [
      ['ANALYST', orgs.oais],
      ['PARTNER_AGENCY', orgs.agency],
      ['AUDITOR', orgs.sentinel],
    ] as const) {
      expect({ role, ...(await forms(role, org)) }).toEqual({ role, model: 0, version: 0, offered: [] });
    }
    const developer = await forms('DEVELOPER', orgs.northwind, true);
    expect(developer.model).toBe(1);
    expect(developer.offered.length).toBeGreaterThan(0);
    expect(developer.offered.every((o) => o.endsWith('(Northwind AI)'))).toBe(true);
    const regulator = await forms('REGULATOR', orgs.oais, true);
    expect(regulator.model).toBe(1);
    expect(regulator.offered.some((o) => o.endsWith('(Helix Systems)'))).toBe(true);
  });

  test('a developer registers a model and its first version; a duplicate name is refused at its field', async () => {
    const { context, page, problems } = await sessionAs('DEVELOPER', orgs.northwind);
    await page.goto('/versions');
    const modelForm = page.getByRole('form', { name: 'Register a model', exact: true });
    await modelForm.getByText('Developer: Northwind AI').waitFor();
    await modelForm.getByLabel('Model name').fill('Parable');
    await modelForm.getByLabel('Description (optional)').fill('Small on-device assistant.');
    await modelForm.getByRole('button', { name: 'Register model' }).click();
    await modelForm.getByText('Model Parable registered.').waitFor();
    expect(await modelNamed('Parable')).toEqual({ name: 'Parable', description: 'Small on-device assistant.', developer: { name: 'Northwind AI' }, versions: [] });

    const versionForm = page.getByRole('form', { name: 'Register a model version' });
    await versionForm.getByLabel('Model').selectOption({ label: 'Parable (Northwind AI)' });
    await versionForm.getByLabel('Version name').fill('Parable 1');
    await versionForm.getByLabel(/Released/).fill('2026-10-01');
    await versionForm.getByLabel(/Training compute/).fill('2e24');
    await versionForm.getByLabel('Weights').selectOption('OPEN_WEIGHTS');
    await versionForm.getByRole('checkbox', { name: 'Code' }).check();
    await expectAxeClean(page);
    await shot(page, 'a04-register-version');
    await versionForm.getByRole('button', { name: 'Register version' }).click();
    await versionForm.getByText(/Version Parable 1 registered/).waitFor();
    await page.getByRole('table', { name: 'Model versions' }).getByRole('link', { name: 'Parable 1' }).waitFor();
    const model = await modelNamed('Parable');
    expect(model.versions).toEqual([
      { name: 'Parable 1', releasedAt: '2026-10-01T00:00:00.000Z', trainingComputeOps: 2e24, weightAvailability: 'OPEN_WEIGHTS', capabilityDomains: ['GENERAL', 'CODE'] },
    ]);
    const decisions = await api('REGULATOR', `query($v: ID!) { exportDecisions(first: 1, filter: { modelVersionId: $v }) { totalCount } }`, { v: await versionId('Parable 1') });
    expect(decisions.exportDecisions.totalCount).toBeGreaterThan(0);

    // The same name again: refused, the error beside the field, nothing written.
    await versionForm.getByLabel('Model').selectOption({ label: 'Parable (Northwind AI)' });
    await versionForm.getByLabel('Version name').fill('Parable 1');
    await versionForm.getByRole('button', { name: 'Register version' }).click();
    await versionForm.getByTestId('write-errors').getByText(/DUPLICATE_NAME at name/).waitFor();
    expect((await modelNamed('Parable')).versions).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a regulator registers a model for a developer it picks', async () => {
    const { context, page, problems } = await sessionAs('REGULATOR', orgs.oais, PHONE);
    await page.goto('/versions');
    const modelForm = page.getByRole('form', { name: 'Register a model', exact: true });
    await modelForm.getByLabel('Developer').selectOption({ label: 'Helix Systems' });
    await modelForm.getByLabel('Model name').fill('Lantern');
    await modelForm.getByRole('button', { name: 'Register model' }).click();
    await modelForm.getByText('Model Lantern registered.').waitFor();
    expect((await modelNamed('Lantern')).developer).toEqual({ name: 'Helix Systems' });
    await expectAxeClean(page);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('exports of the decisions and audits lists', () => {
  const readDownload = async (page: Page, button: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    return { name: file.suggestedFilename(), text: fs.readFileSync((await file.path())!, 'utf8') };
  };

  test('the decisions list exports as CSV and JSON with the filters applied', async () => {
    const fable = await versionId('Fable 5');
    const expected = (
      await api('REGULATOR', `query($v: ID!) { exportDecisions(first: 100, filter: { modelVersionId: $v, tier: TIER_1 }) { totalCount edges { node { jurisdiction { code } outcome } } } }`, { v: fable })
    ).exportDecisions;
    expect(expected.totalCount).toBeGreaterThan(1);
    const { context, page, problems } = await sessionAs('PARTNER_AGENCY', orgs.agency);
    await page.goto(`/decisions?version=${encodeURIComponent(fable)}&tier=TIER_1`);
    await page.getByRole('table', { name: 'Export decisions' }).waitFor();
    const csv = await readDownload(page, 'Export CSV');
    expect(csv.name).toMatch(/^decisions-.*\.csv$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'modelVersion,model,developer,jurisdictionCode,jurisdiction,tier,outcome,computedOutcome,overrideOutcome,overrideJustification,overrideSetBy,overrideExpiresAt,reasons,policyVersion,evaluatedAt',
    );
    expect(lines).toHaveLength(expected.totalCount + 1);
    expect(lines.slice(1).every((l) => l.startsWith('Fable 5,Fable,Northwind AI,') && l.includes(',TIER_1,'))).toBe(true);
    const codes = lines.slice(1).map((l) => l.split(',')[3]);
    expect(codes.sort()).toEqual(expected.edges.map((e: any) => e.node.jurisdiction.code).sort());
    const json = JSON.parse((await readDownload(page, 'Export JSON')).text);
    expect(json.filter).toEqual({ modelVersionId: fable, tier: 'TIER_1' });
    expect(json.totalCount).toBe(expected.totalCount);
    expect(json.decisions).toHaveLength(expected.totalCount);
    expect(json.decisions[0]).toMatchObject({ tier: 'TIER_1', modelVersion: { name: 'Fable 5' } });
    await page.getByRole('status').filter({ hasText: `Exported ${expected.totalCount}.` }).waitFor();
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the audits list filters by status and auditor and exports what it shows', async () => {
    const sentinel = Buffer.from(`Organization:${orgs.sentinel}`).toString('base64url');
    const expected = (
      await api('REGULATOR', `query($a: ID!) { audits(first: 100, filter: { auditorId: $a, status: COMPLETED }) { totalCount edges { node { modelVersion { name } } } } }`, { a: sentinel })
    ).audits;
    expect(expected.totalCount).toBeGreaterThan(0);
    const all = (await api('REGULATOR', `{ audits(first: 100) { totalCount } }`)).audits.totalCount;
    expect(all).toBeGreaterThan(expected.totalCount);
    const { context, page, problems } = await sessionAs('ANALYST', orgs.oais);
    await page.goto('/audits');
    const filters = page.getByRole('form', { name: 'Filter audits' });
    await filters.getByLabel('Auditor').selectOption({ label: 'Sentinel Assurance' });
    await filters.getByLabel('Status').selectOption('COMPLETED');
    await page.getByText(`${expected.totalCount} audit${expected.totalCount === 1 ? '' : 's'} match`).waitFor();
    expect(page.url()).toContain('status=COMPLETED');
    expect(page.url()).toContain(`auditor=${sentinel}`);
    expect(await page.getByRole('table', { name: 'Audits' }).locator('tbody tr').count()).toBe(expected.totalCount);
    const csv = (await readDownload(page, 'Export CSV')).text.trim().split('\r\n');
    expect(csv[0]).toBe('modelVersion,developer,auditor,kind,status,scopes,startedAt,completedAt,outcome,counts,qualificationReasons,findings,summary');
    expect(csv).toHaveLength(expected.totalCount + 1);
    expect(csv.slice(1).every((l) => l.split(',')[2] === 'Sentinel Assurance' && l.split(',')[4] === 'COMPLETED')).toBe(true);
    const json = JSON.parse((await readDownload(page, 'Export JSON')).text);
    expect(json.filter).toEqual({ auditorId: sentinel, status: 'COMPLETED' });
    expect(json.audits.map((a: any) => a.modelVersion.name).sort()).toEqual(expected.edges.map((e: any) => e.node.modelVersion.name).sort());
    await expectAxeClean(page);
    await shot(page, 'a05-audits-filtered');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('times in the explorer', () => {
  const RAW_ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

  test('the as-of input takes and shows UTC, and explanations show no raw ISO time', async () => {
    const fable = await versionId('Fable 5');
    // The demo's explanations of Fable 5 carry a missed deadline with its due time in ISO 8601.
    const stored = await api('REGULATOR', `query($v: ID!) { modelVersion(id: $v) { eligibility(jurisdictionCode: "US") { reasons { message } } } }`, { v: fable });
    expect(stored.modelVersion.eligibility.reasons.some((r: { message: string }) => RAW_ISO.test(r.message))).toBe(true);
    const { context, page, problems } = await sessionAs('ANALYST', orgs.oais);
    await page.goto(`/versions/${encodeURIComponent(fable)}?cell=US`);
    const detail = page.getByTestId('cell-detail');
    await detail.getByText(/was due \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/).first().waitFor();
    expect(await detail.textContent()).not.toMatch(RAW_ISO);

    const asOf = page.getByLabel(/As of \(UTC/);
    await asOf.fill('2026-11-01T10:00');
    await asOf.press('Enter');
    await page.getByText('Replaying the matrix as the registry knew things at').waitFor();
    expect(decodeURIComponent(page.url())).toContain('asOf=2026-11-01T10:00');
    expect(await asOf.inputValue()).toBe('2026-11-01T10:00');
    const help = (await page.locator('#asof-help').textContent())!;
    expect(help).toContain('1 Nov 2026, 10:00 UTC');
    expect(help).not.toMatch(RAW_ISO);
    await asOf.fill('1/11/2026');
    await asOf.press('Enter');
    await page.getByText(/Not a time: write it in UTC/).waitFor();
    await expectAxeClean(page);

    await page.goto(`/versions/${encodeURIComponent(fable)}/report`);
    const report = page.getByTestId('decision-report');
    await report.getByRole('heading', { level: 1, name: 'Export decision report: Fable 5' }).waitFor();
    expect(await report.textContent()).not.toMatch(RAW_ISO);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('internal ids in the explorer', () => {
  test("the live feed's details leave internal ids out and format times", async () => {
    const { context, page, problems } = await sessionAs('REGULATOR', orgs.oais);
    await page.goto('/live');
    await page.locator('.live-indicator.live-subscription, .live-indicator.live-polling').waitFor();
    const opened = await api(
      'AUDITOR',
      `mutation($input: OpenAuditInput!) { openAudit(input: $input) { audit { id } errors { code message } } }`,
      { input: { auditorId: Buffer.from(`Organization:${orgs.sentinel}`).toString('base64url'), modelVersionId: await versionId('Fable 5'), kind: 'INITIAL', scopes: ['GENERAL'] } },
      orgs.sentinel,
    );
    expect(opened.openAudit.errors).toEqual([]);
    await page.getByLabel('Event type').selectOption('AUDIT_OPENED');
    const item = page.getByRole('list', { name: /Registry events/ }).getByRole('listitem').first();
    await item.getByText('Details').click();
    const text = (await item.textContent())!;
    expect(text).toContain('GENERAL');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('accreditations and conflicts of interest in the explorer', () => {
  const AUDITOR_STATE = `query($id: ID!) { organization(id: $id) { accreditations { body scopes validFrom validUntil status }
    conflictsOfInterest { description periodStart periodEnd developer { name } } } }`;
  const gid = (uuid: string) => Buffer.from(`Organization:${uuid}`).toString('base64url');

  test('a regulator registers an accreditation; an auditor declares its own conflict; an analyst has neither form', async () => {
    const [keystone] = await db.query(`SELECT id FROM organizations WHERE name = 'Keystone Evaluations'`);
    const regulator = await sessionAs('REGULATOR', orgs.oais);
    await regulator.page.goto('/audits');
    const accredit = regulator.page.getByRole('form', { name: 'Register an accreditation' });
    await accredit.getByLabel('Auditor').selectOption({ label: 'Keystone Evaluations' });
    await accredit.getByLabel('Accrediting body').fill('Deutsche Akkreditierungsstelle (DAkkS), renewed');
    await accredit.getByRole('checkbox', { name: 'General' }).check();
    await accredit.getByLabel(/Valid from/).fill('2026-11-01');
    await accredit.getByLabel(/Valid until/).fill('2028-10-31');
    await expectAxeClean(regulator.page);
    await accredit.getByRole('button', { name: 'Register accreditation' }).click();
    await accredit.getByText('Accreditation of Keystone Evaluations registered.').waitFor();
    const accreditations = (await api('REGULATOR', AUDITOR_STATE, { id: gid(keystone.id) })).organization.accreditations;
    expect(accreditations).toContainEqual({
      body: 'Deutsche Akkreditierungsstelle (DAkkS), renewed',
      scopes: ['JAILBREAK', 'GENERAL'],
      validFrom: '2026-11-01T00:00:00.000Z',
      validUntil: '2028-10-31T00:00:00.000Z',
      status: 'ACTIVE',
    });
    expect(regulator.problems).toEqual([]);
    await regulator.context.close();

    const auditor = await sessionAs('AUDITOR', orgs.sentinel);
    await auditor.page.goto('/audits');
    const declare = auditor.page.getByRole('form', { name: 'Declare a conflict of interest' });
    await declare.getByText('Auditor: Sentinel Assurance').waitFor();
    expect(await auditor.page.getByRole('form', { name: 'Register an accreditation' }).count()).toBe(0);
    await declare.getByLabel('With developer').selectOption({ label: 'Helix Systems' });
    await declare.getByLabel('What the conflict is').fill('Advisory board seat at Helix Systems.');
    await declare.getByLabel(/^From/).fill('2026-11-15');
    await declare.getByRole('button', { name: 'Declare conflict' }).click();
    await declare.getByText('Conflict of interest of Sentinel Assurance recorded.').waitFor();
    const conflicts = (await api('REGULATOR', AUDITOR_STATE, { id: gid(orgs.sentinel) })).organization.conflictsOfInterest;
    expect(conflicts).toContainEqual({ description: 'Advisory board seat at Helix Systems.', periodStart: '2026-11-15T00:00:00.000Z', periodEnd: null, developer: { name: 'Helix Systems' } });
    await expectAxeClean(auditor.page);
    await shot(auditor.page, 'a06-conflict-declared');
    expect(auditor.problems).toEqual([]);
    await auditor.context.close();

    const analyst = await sessionAs('ANALYST', orgs.oais);
    await analyst.page.goto('/audits');
    await analyst.page.getByRole('heading', { level: 1, name: 'Audits and auditors' }).waitFor();
    await analyst.page.waitForLoadState('networkidle');
    expect(await analyst.page.getByRole('heading', { name: 'Accreditations and conflicts of interest' }).count()).toBe(0);
    await analyst.context.close();
  });
});
