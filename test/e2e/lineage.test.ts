/**
 * Lineage in the explorer (issue 19), in Chromium against the real server with the demo story:
 * "Mythos 5 Mini" is registered and declared distilled from Mythos 5 through the API; after a
 * universal jailbreak of Mythos 5, the finding page's blast-radius tree shows Mythos 5 Mini under
 * Mythos 5, inherited and SUSPENDED, and the version page shows its lineage and the inherited
 * finding with what clears it there. Then the writes: its developer declares a second parent from
 * the version page, a regulator records it "not affected" by the inherited finding and then retracts
 * the second parent with a reason (each asserted on the API afterwards); other roles see no such
 * controls. The screens pass the axe gate. (Grants of inherited details: lineage-grants.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { mintDevToken } from '../../src/modules/access/dev-tokens';
import type { Role } from '../../src/modules/access/rules';
import { seedDemoData } from '../../src/seed/demo-data';
import { startHttpServer, type HttpServerHandle } from '../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../support/test-database';
import { seriousAxeViolations } from './axe';
import { ARTIFACTS, launchChromium, type LaunchedBrowser } from './browser';

jest.setTimeout(90_000);

let tdb: TestDatabase;
let db: DataSource;
let server: HttpServerHandle;
let chromium: LaunchedBrowser;
const ids: Record<string, string> = {};
let northwind = '';
const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`).toString('base64url');

async function token(role: Role, organization?: string): Promise<string> {
  return mintDevToken(loadConfig({ NODE_ENV: 'test' }).auth, { subject: `${role.toLowerCase()}@e2e-lineage`, roles: [role], organizationId: organization ?? null });
}

async function api(role: Role, query: string, variables: Record<string, unknown> = {}, organization?: string): Promise<any> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role, organization)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  for (const value of Object.values(body.data ?? {})) {
    const errors = (value as { errors?: unknown[] } | null)?.errors;
    if (errors?.length) throw new Error(`payload errors: ${JSON.stringify(errors)}`);
  }
  return body.data;
}

async function pageAs(role: Role, organization?: string): Promise<{ page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: server.baseUrl });
  const t = await token(role, organization);
  await context.addInitScript({ content: `localStorage.setItem('msr.token', ${JSON.stringify(t)});` });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  return { page, problems };
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  const [org] = await db.query(`SELECT id FROM organizations WHERE name = 'Northwind AI'`);
  northwind = org.id;
  const [mythos5] = await db.query(`SELECT id, model_id FROM model_versions WHERE name = 'Mythos 5'`);
  ids.mythos5 = globalId('ModelVersion', mythos5.id);
  server = await startHttpServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });

  const mini = await api(
    'DEVELOPER',
    `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message } } }`,
    { input: { modelId: globalId('Model', mythos5.model_id), name: 'Mythos 5 Mini', releasedAt: new Date().toISOString(), trainingComputeOps: 2e24, weightAvailability: 'API_ONLY', capabilityDomains: ['GENERAL'] } },
    northwind,
  );
  ids.mini = mini.registerModelVersion.modelVersion.id;
  await api(
    'DEVELOPER',
    `mutation($input: DeclareLineageInput!) { declareLineage(input: $input) { modelVersion { id } errors { code message } } }`,
    { input: { childVersionId: ids.mini, parentVersionId: ids.mythos5, relation: 'DISTILLATION' } },
    northwind,
  );
  const reported = await api(
    'ANALYST',
    `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message } } }`,
    { input: { affectedVersionIds: [ids.mythos5], title: 'Universal jailbreak of Mythos 5 (lineage e2e)', summary: 'One prefix disables refusals.', category: 'JAILBREAK', discoveredAt: new Date(Date.now() - 3_600_000).toISOString() } },
  );
  ids.finding = reported.reportFinding.finding.id;
  ids.publicId = reported.reportFinding.finding.publicId;
  await api(
    'ANALYST',
    `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message } } }`,
    {
      input: {
        findingId: ids.finding,
        cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
        aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
      },
    },
  );
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  await tdb?.destroy();
});

test('the finding page shows the blast radius as a tree: Mythos 5 Mini under Mythos 5, inherited and suspended', async () => {
  const { page, problems } = await pageAs('ANALYST');
  await page.goto(`/findings/${ids.publicId}`);
  const tree = page.getByRole('tree', { name: 'Versions affected directly or by inheritance' });
  await tree.waitFor();
  const root = tree.getByRole('treeitem', { level: 1 });
  await expect(root.getByRole('link', { name: 'Mythos 5', exact: true }).count()).resolves.toBe(1);
  const child = root.getByRole('treeitem', { level: 2 });
  await expect(child.textContent()).resolves.toMatch(/Mythos 5 Mini.*inherited via Distillation.*Tier 1.*SUSPENDED/s);
  await page.screenshot({ path: path.join(ARTIFACTS, 'lineage-blast-radius.png'), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the version page shows what Mythos 5 Mini derives from and the finding it inherits, with what clears it there', async () => {
  const { page, problems } = await pageAs('DEVELOPER', northwind);
  await page.goto(`/versions/${encodeURIComponent(ids.mini)}`);
  const lineage = page.getByRole('region', { name: 'Lineage' });
  await lineage.getByText('Derived from:').waitFor();
  await expect(lineage.textContent()).resolves.toMatch(/Derived from:\s*Mythos 5 \(Distillation\)/);
  const inherited = lineage.getByRole('listitem').filter({ hasText: ids.publicId! });
  await expect(inherited.textContent()).resolves.toMatch(/Open.*Mythos 5 → Distillation → Mythos 5 Mini.*a passing retest of .* on Mythos 5 Mini/s);
  await page.screenshot({ path: path.join(ARTIFACTS, 'lineage-version.png'), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('lineage controls appear only for who may use them: none for an analyst, a partner agency or another developer', async () => {
  const [helix] = await db.query(`SELECT id FROM organizations WHERE name = 'Helix Systems'`);
  for (const [role, org] of [['ANALYST'], ['PARTNER_AGENCY'], ['DEVELOPER', helix.id]] as [Role, string?][]) {
    const { page, problems } = await pageAs(role, org);
    await page.goto(`/versions/${encodeURIComponent(ids.mini)}`);
    const lineage = page.getByRole('region', { name: 'Lineage' });
    await lineage.getByText('Derived from:').waitFor();
    // The controls wait for viewerActions; give them the same chance to appear as for a permitted viewer.
    await page.waitForLoadState('networkidle');
    expect([role, await lineage.getByRole('form', { name: 'Declare a parent' }).count()]).toEqual([role, 0]);
    expect([role, await lineage.getByRole('form', { name: /Record not affected/ }).count()]).toEqual([role, 0]);
    expect([role, await lineage.getByRole('form', { name: 'Retract a parent' }).count()]).toEqual([role, 0]);
    expect([role, await lineage.getByRole('form', { name: /Grant details|Revoke details/ }).count()]).toEqual([role, 0]);
    expect(problems).toEqual([]);
    await page.context().close();
  }
});

test('its developer declares a second parent from the version page (relation and parent picked), with an idempotency key the UI drew', async () => {
  const { page, problems } = await pageAs('DEVELOPER', northwind);
  await page.goto(`/versions/${encodeURIComponent(ids.mini)}`);
  const lineage = page.getByRole('region', { name: 'Lineage' });
  const form = lineage.getByRole('form', { name: 'Declare a parent' });
  await form.waitFor();
  // A developer may not clear inherited findings: that control is the regulator's.
  expect(await lineage.getByRole('form', { name: /Record not affected/ }).count()).toBe(0);
  const picker = form.getByLabel('Parent version');
  await picker.locator('option', { hasText: 'Fable 5' }).first().waitFor({ state: 'attached' });
  const [fable] = await db.query(`SELECT id FROM model_versions WHERE name = 'Fable 5'`);
  await picker.selectOption(globalId('ModelVersion', fable.id));
  await form.getByLabel('Relation').selectOption('MERGE');
  await form.getByLabel('Note (optional)').fill('Merged with Fable 5 weights.');
  await form.getByRole('button', { name: 'Declare parent' }).click();
  await form.getByRole('status').filter({ hasText: 'Parent declared: Fable 5.' }).waitFor();
  await lineage.locator('p', { hasText: /Derived from:.*Fable 5\s*\(Merge\)/ }).waitFor();
  // Its developer may retract a parent too (the same action as declaring).
  await lineage.getByRole('form', { name: 'Retract a parent' }).waitFor();

  const data = await api('ANALYST', `query($id: ID!) { modelVersion(id: $id) { parents { relation note declaredBy parent { name } } } }`, { id: ids.mini });
  expect(data.modelVersion.parents).toEqual(
    expect.arrayContaining([{ relation: 'MERGE', note: 'Merged with Fable 5 weights.', declaredBy: 'developer@e2e-lineage', parent: { name: 'Fable 5' } }]),
  );
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE operation = 'declareLineage' AND key LIKE 'ui:declareLineage:%'`);
  expect(n).toBe(1);
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a regulator records Mythos 5 Mini as not affected by the inherited finding, with justification and evidence', async () => {
  const { page, problems } = await pageAs('REGULATOR');
  await page.goto(`/versions/${encodeURIComponent(ids.mini)}`);
  const lineage = page.getByRole('region', { name: 'Lineage' });
  // A regulator may declare parents too.
  await lineage.getByRole('form', { name: 'Declare a parent' }).waitFor();
  const form = lineage.getByRole('form', { name: `Record not affected by ${ids.publicId}` });
  await form.waitFor();
  // Submitting without evidence is stopped by the form (required) and writes nothing.
  await form.getByLabel(/Why this version is not affected/).fill('Distilled student never saw the prefix.');
  await form.getByRole('button', { name: 'Record not affected' }).click();
  expect((await api('ANALYST', `query($id: ID!) { modelVersion(id: $id) { inheritedFindings { status finding { id } } } }`, { id: ids.mini })).modelVersion.inheritedFindings).toEqual(
    expect.arrayContaining([{ status: 'OPEN', finding: { id: ids.finding } }]),
  );
  await form.getByLabel(/Evidence/).fill('Evaluation report EV-E2E-1');
  await form.getByRole('button', { name: 'Record not affected' }).click();
  // Cleared here: the finding is no longer open on the Mini, so its form goes and its tag says so.
  await form.waitFor({ state: 'detached' });
  await lineage.getByRole('listitem').filter({ hasText: ids.publicId! }).filter({ hasText: /Not affected/ }).first().waitFor();
  // Mythos 5 Mini and Mythos 5 share a developer, who reads the finding's details already: nothing to grant.
  expect(await lineage.getByRole('form', { name: /Grant details|Revoke details/ }).count()).toBe(0);

  const data = await api(
    'ANALYST',
    `query($id: ID!) { modelVersion(id: $id) { inheritedFindings { status finding { id } notAffected { justification evidence recordedBy } } } }`,
    { id: ids.mini },
  );
  expect(data.modelVersion.inheritedFindings.find((i: { finding: { id: string } }) => i.finding.id === ids.finding)).toEqual({
    status: 'NOT_AFFECTED',
    finding: { id: ids.finding },
    notAffected: { justification: 'Distilled student never saw the prefix.', evidence: 'Evaluation report EV-E2E-1', recordedBy: 'regulator@e2e-lineage' },
  });
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE operation = 'recordNotAffected' AND key LIKE 'ui:recordNotAffected:%'`);
  expect(n).toBe(1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'lineage-version-writes.png'), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a regulator retracts the Fable 5 parent with a reason: it leaves "Derived from" and stays in the history', async () => {
  const { page, problems } = await pageAs('REGULATOR');
  await page.goto(`/versions/${encodeURIComponent(ids.mini)}`);
  const lineage = page.getByRole('region', { name: 'Lineage' });
  const form = lineage.getByRole('form', { name: 'Retract a parent' });
  await form.waitFor();
  const picker = form.getByLabel('Parent to retract');
  // Only the standing parents are offered.
  await expect(picker.locator('option').allTextContents()).resolves.toEqual(['Choose a parent…', 'Mythos 5 (Distillation)', 'Fable 5 (Merge)']);
  const [fable] = await db.query(`SELECT id FROM model_versions WHERE name = 'Fable 5'`);
  await picker.selectOption(globalId('ModelVersion', fable.id));
  const submit = form.getByRole('button', { name: 'Retract parent' });
  // No reason: the form stops it (required) and nothing is written.
  await submit.click();
  // A blank reason passes the browser but not the API: its typed error is shown on the form, nothing is written.
  await form.getByLabel('Reason (required)').fill('   ');
  await submit.click();
  const refused = form.getByTestId('write-errors');
  await refused.waitFor();
  await expect(refused.textContent()).resolves.toMatch(/Not done: nothing was written\..*REQUIRED at reason/s);
  const standing = async () =>
    (await api('ANALYST', `query($id: ID!) { modelVersion(id: $id) { parents { parent { name } } } }`, { id: ids.mini })).modelVersion.parents.map(
      (p: { parent: { name: string } }) => p.parent.name,
    );
  await expect(standing()).resolves.toEqual(['Mythos 5', 'Fable 5']);

  await form.getByLabel('Reason (required)').fill('Declared by mistake: no Fable 5 weights were merged.');
  await expect(refused.count()).resolves.toBe(0);
  await submit.click();
  await form.getByRole('status').filter({ hasText: 'Parent retracted: Fable 5.' }).waitFor();
  await lineage.locator('p', { hasText: /Derived from:\s*Mythos 5 \(Distillation\)$/ }).waitFor();
  const history = lineage.getByRole('list', { name: 'Retracted declarations' });
  await expect(history.textContent()).resolves.toMatch(
    /Fable 5 \(Merge\), declared by developer@e2e-lineage .*; retracted by regulator@e2e-lineage .*: Declared by mistake: no Fable 5 weights were merged\./,
  );
  // Only the remaining parent is left to retract.
  await expect(picker.locator('option').allTextContents()).resolves.toEqual(['Choose a parent…', 'Mythos 5 (Distillation)']);

  await expect(standing()).resolves.toEqual(['Mythos 5']);
  const data = await api('ANALYST', `query($id: ID!) { modelVersion(id: $id) { lineageHistory { parent { name } relation retractedBy retractionReason retractedAt } } }`, {
    id: ids.mini,
  });
  expect(data.modelVersion.lineageHistory).toEqual([
    { parent: { name: 'Mythos 5' }, relation: 'DISTILLATION', retractedBy: null, retractionReason: null, retractedAt: null },
    { parent: { name: 'Fable 5' }, relation: 'MERGE', retractedBy: 'regulator@e2e-lineage', retractionReason: 'Declared by mistake: no Fable 5 weights were merged.', retractedAt: expect.any(String) },
  ]);
  // One key for the intent: the refused attempts and the write that succeeded shared it, so one row.
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE operation = 'retractLineage' AND key LIKE 'ui:retractLineage:%'`);
  expect(n).toBe(1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'lineage-retract.png'), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();
});
