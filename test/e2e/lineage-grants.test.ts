/**
 * Grants of an inherited finding's restricted details in the explorer (issue 19, "across
 * developers"), in Chromium against the real server with the demo story: Helix Systems registers
 * "Mythos 5 Q4", a quantization of Northwind's Mythos 5, and a universal jailbreak of Mythos 5 with
 * exploit details is reported. Helix's developer sees the inherited finding but not its details;
 * a regulator grants them from the version page's inherited findings (the grant state shown there),
 * Helix's developer then reads them on the finding page, the regulator revokes the grant with a
 * reason and the details are gone again. Only regulators get the controls; the screens pass axe.
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
const org: Record<string, string> = {};
const PROMPT = 'SECRET-E2E-GRANT-PREFIX';
const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`).toString('base64url');

async function token(role: Role, organization?: string): Promise<string> {
  return mintDevToken(loadConfig({ NODE_ENV: 'test' }).auth, { subject: `${role.toLowerCase()}@e2e-grants`, roles: [role], organizationId: organization ?? null });
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

/** The version page's entry for the inherited jailbreak, once the lineage has loaded. */
async function inheritedEntry(page: Page) {
  await page.goto(`/versions/${encodeURIComponent(ids.q4!)}`);
  const lineage = page.getByRole('region', { name: 'Lineage' });
  const entry = lineage.getByRole('listitem').filter({ hasText: ids.publicId! }).first();
  await entry.waitFor();
  return { lineage, entry };
}

/** What the finding page shows Helix's developer under "Restricted details". */
async function helixSeesDetails(): Promise<{ shown: boolean; text: string }> {
  const { page, problems } = await pageAs('DEVELOPER', org.helix);
  await page.goto(`/findings/${ids.publicId}`);
  const section = page.getByRole('region', { name: 'Restricted details' });
  const either = section.getByTestId('restricted-details').or(section.getByTestId('restricted-hidden'));
  await either.waitFor();
  const shown = (await section.getByTestId('restricted-details').count()) === 1;
  const text = (await section.textContent()) ?? '';
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();
  return { shown, text };
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  const [helix] = await db.query(`SELECT id FROM organizations WHERE name = 'Helix Systems'`);
  const [northwind] = await db.query(`SELECT id FROM organizations WHERE name = 'Northwind AI'`);
  org.helix = helix.id;
  org.northwind = northwind.id;
  const [mythos5] = await db.query(`SELECT id FROM model_versions WHERE name = 'Mythos 5'`);
  ids.mythos5 = globalId('ModelVersion', mythos5.id);
  server = await startHttpServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });

  const model = await api(
    'DEVELOPER',
    `mutation($input: RegisterModelInput!) { registerModel(input: $input) { model { id } errors { code message } } }`,
    { input: { developerId: globalId('Organization', org.helix), name: 'Helix Quant' } },
    org.helix,
  );
  const q4 = await api(
    'DEVELOPER',
    `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message } } }`,
    {
      input: {
        modelId: model.registerModel.model.id,
        name: 'Mythos 5 Q4',
        releasedAt: new Date().toISOString(),
        trainingComputeOps: 1e24,
        weightAvailability: 'API_ONLY',
        capabilityDomains: ['GENERAL'],
      },
    },
    org.helix,
  );
  ids.q4 = q4.registerModelVersion.modelVersion.id;
  await api(
    'DEVELOPER',
    `mutation($input: DeclareLineageInput!) { declareLineage(input: $input) { modelVersion { id } errors { code message } } }`,
    { input: { childVersionId: ids.q4, parentVersionId: ids.mythos5, relation: 'QUANTIZATION' } },
    org.helix,
  );
  const reported = await api(
    'ANALYST',
    `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message } } }`,
    {
      input: {
        affectedVersionIds: [ids.mythos5],
        title: 'Universal jailbreak of Mythos 5 (grants e2e)',
        summary: 'One prefix disables refusals.',
        category: 'JAILBREAK',
        discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
        restrictedDetails: { prompts: PROMPT, reproductionSteps: 'Prepend the prefix.' },
      },
    },
  );
  ids.finding = reported.reportFinding.finding.id;
  ids.publicId = reported.reportFinding.finding.publicId;
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  await tdb?.destroy();
});

const grantsOnApi = async () =>
  (
    await api('REGULATOR', `query($id: ID!) { modelVersion(id: $id) { inheritedFindings { finding { id } detailsGrants { grantee { name } justification grantedBy revokedBy revocationReason } } } }`, {
      id: ids.q4,
    })
  ).modelVersion.inheritedFindings.find((i: { finding: { id: string } }) => i.finding.id === ids.finding).detailsGrants;

test('before any grant Helix’s developer sees the inherited finding but not its details; only a regulator gets the grant control', async () => {
  await expect(helixSeesDetails()).resolves.toMatchObject({ shown: false });
  for (const [role, organization] of [['DEVELOPER', org.helix], ['DEVELOPER', org.northwind], ['ANALYST'], ['PARTNER_AGENCY']] as [Role, string?][]) {
    const { page, problems } = await pageAs(role, organization);
    await page.goto(`/versions/${encodeURIComponent(ids.q4!)}`);
    const lineage = page.getByRole('region', { name: 'Lineage' });
    await lineage.getByRole('heading', { name: 'Inherited findings' }).waitFor();
    // The controls wait for viewerActions; give them the same chance to appear as for a regulator.
    await page.waitForLoadState('networkidle');
    expect([role, organization, await lineage.getByRole('form', { name: /Grant details|Revoke details/ }).count()]).toEqual([role, organization, 0]);
    expect(problems).toEqual([]);
    await page.context().close();
  }
});

test('a regulator grants Helix the details from the version page: the grant state shows there and Helix’s developer reads them', async () => {
  const { page, problems } = await pageAs('REGULATOR');
  const { entry } = await inheritedEntry(page);
  const form = entry.getByRole('form', { name: `Grant details of ${ids.publicId}` });
  await form.waitFor();
  await entry.getByTestId('details-grants').filter({ hasText: 'details not granted' }).waitFor();
  await expect(entry.getByTestId('details-grants').textContent()).resolves.toMatch(/Helix Systems does not read the restricted details/);
  const field = form.getByLabel('Why Helix Systems needs the restricted details (required)');
  // Blank passes the browser's `required` but not the API: its typed error is shown and nothing is written.
  await field.fill('  ');
  await form.getByRole('button', { name: 'Grant details' }).click();
  const refused = form.getByTestId('write-errors');
  await refused.waitFor();
  await expect(refused.textContent()).resolves.toMatch(/Not done: nothing was written\..*REQUIRED at justification/s);
  await expect(grantsOnApi()).resolves.toEqual([]);

  await field.fill('Helix must reproduce the jailbreak to retest its quantization.');
  await form.getByRole('button', { name: 'Grant details' }).click();
  await entry.getByRole('status').filter({ hasText: `Details of ${ids.publicId} granted to Helix Systems.` }).waitFor();
  // The lineage is read afresh after the write.
  await entry.getByTestId('details-grants').filter({ hasText: 'details granted' }).filter({ hasNotText: 'not granted' }).waitFor();
  await expect(entry.getByTestId('details-grants').textContent()).resolves.toMatch(
    /details granted.*Helix Systems reads the restricted details: granted by regulator@e2e-grants .*\(Helix must reproduce the jailbreak to retest its quantization\.\)/s,
  );
  // The standing grant is now revocable, not grantable again.
  await entry.getByRole('form', { name: `Revoke details of ${ids.publicId}` }).waitFor();
  expect(await entry.getByRole('form', { name: `Grant details of ${ids.publicId}` }).count()).toBe(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'lineage-grant.png'), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();

  await expect(grantsOnApi()).resolves.toEqual([
    { grantee: { name: 'Helix Systems' }, justification: 'Helix must reproduce the jailbreak to retest its quantization.', grantedBy: 'regulator@e2e-grants', revokedBy: null, revocationReason: null },
  ]);
  const [{ n }] = await db.query(
    `SELECT count(*)::int AS n FROM idempotency_keys WHERE operation = 'grantInheritedFindingDetails' AND key LIKE 'ui:grantInheritedFindingDetails:%'`,
  );
  expect(n).toBe(1);

  const helix = await helixSeesDetails();
  expect(helix.shown).toBe(true);
  expect(helix.text).toContain(PROMPT);
  // Helix's developer sees the grant on its own version page too, without the controls.
  const dev = await pageAs('DEVELOPER', org.helix);
  const { entry: own } = await inheritedEntry(dev.page);
  await own.getByTestId('details-grants').filter({ hasText: 'Helix Systems reads the restricted details' }).waitFor();
  expect(await own.getByRole('form').count()).toBe(0);
  expect(dev.problems).toEqual([]);
  await dev.page.context().close();
});

test('a regulator revokes the grant with a reason: the history shows it and Helix’s developer no longer reads the details', async () => {
  const { page, problems } = await pageAs('REGULATOR');
  const { entry } = await inheritedEntry(page);
  const form = entry.getByRole('form', { name: `Revoke details of ${ids.publicId}` });
  await form.waitFor();
  await form.getByLabel('Why Helix Systems should no longer read the details (required)').fill('The retest is complete.');
  await form.getByRole('button', { name: 'Revoke details' }).click();
  await entry.getByRole('status').filter({ hasText: `Details of ${ids.publicId} revoked from Helix Systems.` }).waitFor();
  await entry.getByTestId('details-grants').filter({ hasText: 'details not granted' }).waitFor();
  await entry.getByRole('list', { name: `Revoked grants of ${ids.publicId}` }).waitFor();
  await expect(entry.getByRole('list', { name: `Revoked grants of ${ids.publicId}` }).textContent()).resolves.toMatch(
    /Granted to Helix Systems by regulator@e2e-grants .*; revoked by regulator@e2e-grants .*: The retest is complete\./,
  );
  // Grantable again.
  await entry.getByRole('form', { name: `Grant details of ${ids.publicId}` }).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'lineage-revoke.png'), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();

  await expect(grantsOnApi()).resolves.toEqual([
    {
      grantee: { name: 'Helix Systems' },
      justification: 'Helix must reproduce the jailbreak to retest its quantization.',
      grantedBy: 'regulator@e2e-grants',
      revokedBy: 'regulator@e2e-grants',
      revocationReason: 'The retest is complete.',
    },
  ]);
  const helix = await helixSeesDetails();
  expect(helix.shown).toBe(false);
  expect(helix.text).not.toContain(PROMPT);
});
