/**
 * Writes from the explorer (issue 14), in Chromium against the real server with the demo story:
 * each control present only for the roles the API lets do it (`viewerActions`), and each write
 * made through the UI and checked on the API's state afterwards — report, triage (a double click
 * writes once), a STALE_VERSION with what changed and a re-apply, the CVSS v4.0 calculator,
 * linking the fix, a disclosure, and an export override set, replaced and lifted. Every screen
 * visited passes the axe gate (no serious or critical violation), at 1440×900 and at 390×844.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { mintDevToken } from '../../src/modules/access/dev-tokens';
import type { Role } from '../../src/modules/access/rules';
import { seedDemoData } from '../../src/seed/demo-data';
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
const ids: Record<string, string> = {};

const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`).toString('base64url');
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

async function token(role: Role, organization?: string): Promise<string> {
  const auth = loadConfig({ NODE_ENV: 'test' }).auth;
  return mintDevToken(auth, { subject: `${role.toLowerCase()}@e2e-writes`, roles: [role], organizationId: organization ?? null });
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

let openPages: { page: Page; problems: string[] }[] = [];
async function sessionAs(role: Role | null, organization?: string, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ viewport, baseURL: server.baseUrl });
  if (role) {
    const t = await token(role, organization);
    await context.addInitScript({ content: `localStorage.setItem('msr.token', ${JSON.stringify(t)});` });
  }
  const problems: string[] = [];
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(server.baseUrl) && !url.startsWith('ws://127.0.0.1') && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`outside request: ${url}`);
    }
  });
  const page = await context.newPage();
  page.on("pageerror", (err) => problems.push(`page error: ${err.stack ?? err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  openPages.push({ page, problems });
  return { context, page, problems };
}

afterEach(async () => {
  const name = expect.getState().currentTestName ?? 'test';
  for (const [i, { page, problems }] of openPages.entries()) {
    if (!page.isClosed()) await page.screenshot({ path: path.join(ARTIFACTS, `writes-last-${i}.png`), fullPage: true }).catch(() => undefined);
    if (problems.length) console.warn(`${name}: ${problems.join('\n')}`);
  }
  openPages = [];
});

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage, timeout: 60_000 });

const REPORT = `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message } } }`;
const TRANSITION = `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { rowVersion } errors { code message } } }`;
const FINDING_STATE = `query($id: ID!) { finding(id: $id) { status rowVersion fixedInVersion { name }
  statusHistory { from to reason } disclosures { audience kind obligationCode summary }
  currentSeverity { cvssVector level aiFactors { capabilityDomain universal } } } }`;

async function findingState(id: string) {
  return (await api('REGULATOR', FINDING_STATE, { id })).finding;
}

/** A fresh REPORTED finding against Fable 5, for one test. */
async function reportedFinding(title: string): Promise<{ id: string; publicId: string }> {
  const data = await api('ANALYST', REPORT, {
    input: {
      affectedVersionIds: [ids['Fable 5']],
      title,
      summary: 'A prompt pattern that leaks the system prompt.',
      category: 'PROMPT_INJECTION',
      discoveredAt: new Date(Date.now() - 7_200_000).toISOString(),
    },
  });
  return data.reportFinding.finding;
}

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
    ['agency', 'Federal AI Safety Office'],
  ] as const) {
    const [row] = await db.query('SELECT id FROM organizations WHERE name = $1', [name]);
    orgs[key] = row.id;
  }
  for (const name of ['Fable 5', 'Mythos 5']) {
    const [row] = await db.query('SELECT id FROM model_versions WHERE name = $1', [name]);
    ids[name] = globalId('ModelVersion', row.id);
  }
  const [fable] = await db.query(`SELECT id FROM models WHERE name = 'Fable'`);
  // Many screens per minute by one token (the axe sweep at two widths): the per-token budget is not under test here.
  server = await startHttpServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
  await api(
    'DEVELOPER',
    `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message } } }`,
    {
      input: {
        modelId: globalId('Model', fable.id),
        name: 'Fable 5.1',
        releasedAt: new Date().toISOString(),
        trainingComputeOps: 8e25,
        weightAvailability: 'API_ONLY',
        capabilityDomains: ['GENERAL', 'CODE'],
      },
    },
    orgs.northwind,
  );
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  await tdb?.destroy();
});

describe('writes in the explorer', () => {
  test('each role sees exactly the controls the API lets it use on a finding', async () => {
    const finding = await reportedFinding('Controls by role');
    const controls = async (role: Role, organization?: string) => {
      const { context, page } = await sessionAs(role, organization);
      await page.goto(`/findings/${finding.publicId}`);
      await page.getByRole('heading', { level: 2, name: 'Summary' }).waitFor();
      // The actions query answers after the page's own; wait until it has (or the panel is absent).
      // Its owner line appears once it has answered, whatever the role (bounded: on a loaded machine
      // networkidle alone was seen to come first).
      await page.getByTestId('finding-owner').waitFor({ timeout: 15_000 }).catch(() => undefined);
      await page.waitForLoadState('networkidle');
      const present = {
        transition: await page.getByRole('form', { name: 'Move the finding' }).count(),
        assess: await page.getByRole('form', { name: 'CVSS v4.0 calculator' }).count(),
        linkFix: await page.getByRole('form', { name: 'Link the fix version' }).count(),
        disclose: await page.getByRole('form', { name: 'Record a disclosure' }).count(),
      };
      await page.goto('/findings');
      await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
      await page.waitForLoadState('networkidle');
      const report = await page.getByRole('link', { name: 'Report a finding' }).count();
      await context.close();
      return { ...present, report };
    };
    expect(await controls('PARTNER_AGENCY', orgs.agency)).toEqual({ transition: 0, assess: 0, linkFix: 0, disclose: 0, report: 0 });
    expect(await controls('ANALYST', orgs.agency)).toEqual({ transition: 1, assess: 1, linkFix: 0, disclose: 0, report: 1 });
    expect(await controls('REGULATOR')).toEqual({ transition: 1, assess: 1, linkFix: 1, disclose: 1, report: 1 });
    expect(await controls('DEVELOPER', orgs.northwind)).toEqual({ transition: 1, assess: 0, linkFix: 1, disclose: 1, report: 1 });
    // Another developer's finding: no controls at all.
    const [other] = await db.query(`SELECT id FROM organizations WHERE kind = 'DEVELOPER' AND name <> 'Northwind AI' LIMIT 1`);
    expect(await controls('DEVELOPER', other.id)).toEqual({ transition: 0, assess: 0, linkFix: 0, disclose: 0, report: 1 });
  });

  test('an analyst reports a finding through the form and lands on it', async () => {
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto('/findings');
    await page.getByRole('link', { name: 'Report a finding' }).click();
    await page.getByRole('heading', { level: 1, name: 'Report a finding' }).waitFor();
    await page.getByRole('checkbox', { name: /Mythos 5 / }).check();
    await page.getByLabel('Title').fill('Tool output smuggles instructions');
    await page.getByLabel('Public summary (no exploit details)').fill('Instructions hidden in tool output are followed.');
    await page.getByLabel('Category').selectOption('PROMPT_INJECTION');
    await page.getByLabel('Prompts').fill('E2E-WRITES-SECRET');
    await page.getByLabel('Identifier').fill('AML.T0051');
    await expectAxeClean(page);
    await shot(page, 'w01-report-finding');
    await page.getByRole('button', { name: 'Report finding' }).click();
    await page.getByRole('heading', { level: 1, name: /Tool output smuggles instructions/ }).waitFor();
    const publicId = decodeURIComponent(page.url().split('/findings/')[1]!);
    const data = await api('ANALYST', `query($p: String!) { findingByPublicId(publicId: $p) { status category affectedVersions { name } restrictedDetails { prompts } references { identifier } } }`, { p: publicId });
    expect(data.findingByPublicId).toEqual({
      status: 'REPORTED',
      category: 'PROMPT_INJECTION',
      affectedVersions: [{ name: 'Mythos 5' }],
      restrictedDetails: { prompts: 'E2E-WRITES-SECRET' },
      references: [{ identifier: 'AML.T0051' }],
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('triage by double click writes one move, and a rejection asks for its reason', async () => {
    const finding = await reportedFinding('Double click triage');
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/findings/${finding.publicId}`);
    const form = page.getByRole('form', { name: 'Move the finding' });
    await form.getByRole('radio', { name: /Rejected/ }).check();
    expect(await form.getByLabel(/Reason \(required\)/).count()).toBe(1);
    await form.getByRole('radio', { name: /^Triaged/ }).check();
    await form.getByRole('button', { name: 'Move to Triaged' }).dblclick();
    await form.getByText('Moved.').waitFor();
    await expectAxeClean(page);
    await shot(page, 'w02-finding-triaged');
    const state = await findingState(finding.id);
    expect(state.status).toBe('TRIAGED');
    expect(state.statusHistory.filter((h: { to: string }) => h.to === 'TRIAGED')).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a move on a stale version shows what changed and re-applies on the current one', async () => {
    const finding = await reportedFinding('Stale rejection');
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/findings/${finding.publicId}`);
    const form = page.getByRole('form', { name: 'Move the finding' });
    await form.getByRole('radio', { name: /Rejected/ }).check();
    await form.getByLabel(/Reason/).fill('Not reproducible on the current release.');
    // Meanwhile the developer triages it through the API.
    const before = await findingState(finding.id);
    await api('DEVELOPER', TRANSITION, { input: { findingId: finding.id, expectedRowVersion: before.rowVersion, to: 'TRIAGED' } }, orgs.northwind);
    await form.getByRole('button', { name: 'Move to Rejected' }).click();
    const stale = page.getByTestId('stale-version');
    await stale.getByText('Status: Reported → Triaged').waitFor();
    await shot(page, 'w03-stale-version');
    expect((await findingState(finding.id)).status).toBe('TRIAGED');
    await stale.getByRole('button', { name: /Re-apply: move to Rejected/ }).click();
    await form.getByText('Moved.').waitFor();
    const after = await findingState(finding.id);
    expect(after.status).toBe('REJECTED');
    expect(after.statusHistory.at(-1)).toEqual({ from: 'TRIAGED', to: 'REJECTED', reason: 'Not reproducible on the current release.' });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the CVSS v4.0 calculator keeps pickers and vector in step, previews the tier and saves the assessment', async () => {
    const finding = await reportedFinding('Calculator assessment');
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/findings/${finding.publicId}`);
    const calc = page.getByRole('form', { name: 'CVSS v4.0 calculator' });
    const vector = calc.getByLabel('CVSS v4.0 vector');
    await calc.getByLabel('Vulnerable System Confidentiality (VC)').selectOption('H');
    expect(await vector.inputValue()).toContain('/VC:H/');
    await vector.fill('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N');
    expect(await calc.getByLabel('Subsequent System Integrity (SI)').inputValue()).toBe('H');
    await vector.fill('CVSS:4.0/AV:Q');
    await calc.getByText(/Not a CVSS v4.0 vector/).waitFor();
    expect(await calc.getByRole('button', { name: 'Save assessment' }).isDisabled()).toBe(true);
    await vector.fill('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N');
    await calc.getByLabel('Capability domain').selectOption('CBRN');
    await calc.getByLabel(/Universal/).check();
    const preview = calc.getByTestId('severity-preview');
    await preview.getByText('CRITICAL', { exact: true }).waitFor();
    await preview.getByText(/Government intervention/).waitFor();
    await expectAxeClean(page);
    await shot(page, 'w04-calculator');
    await calc.getByRole('button', { name: 'Save assessment' }).click();
    await calc.getByText('Assessment saved.').waitFor();
    const state = await findingState(finding.id);
    expect(state.currentSeverity).toEqual({
      cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
      level: 'CRITICAL',
      aiFactors: { capabilityDomain: 'CBRN', universal: true },
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a regulator links the fix version and records a disclosure; a server refusal names the field', async () => {
    const finding = await reportedFinding('Fix and disclosure');
    const { context, page, problems } = await sessionAs('REGULATOR');
    await page.goto(`/findings/${finding.publicId}`);
    const link = page.getByRole('form', { name: 'Link the fix version' });
    // Fable 4 was released before the affected Fable 5: refused, the error shown with its input path.
    await link.getByLabel(/Fixed in version/).selectOption({ label: 'Fable 4' });
    await link.getByRole('button', { name: 'Link fix version' }).click();
    await link.getByTestId('write-errors').getByText(/FIX_PREDATES_AFFECTED at fixedInVersionId/).waitFor();
    expect((await findingState(finding.id)).fixedInVersion).toBeNull();
    await link.getByLabel(/Fixed in version/).selectOption({ label: 'Fable 5.1' });
    await link.getByRole('button', { name: 'Link fix version' }).click();
    await link.getByText('Fix version linked.').waitFor();
    expect((await findingState(finding.id)).fixedInVersion).toEqual({ name: 'Fable 5.1' });
    const disclose = page.getByRole('form', { name: 'Record a disclosure' });
    await disclose.getByLabel('Audience').selectOption('GOVERNMENT');
    await disclose.getByLabel(/What was disclosed/).fill('Government notified of the prompt leak.');
    await disclose.getByRole('button', { name: 'Record disclosure' }).click();
    await disclose.getByText('Disclosure recorded.').waitFor();
    expect((await findingState(finding.id)).disclosures).toEqual([
      { audience: 'GOVERNMENT', kind: 'INITIAL', obligationCode: null, summary: 'Government notified of the prompt leak.' },
    ]);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a regulator sets, replaces and lifts an export override from the matrix; an analyst has no such control', async () => {
    const version = ids['Mythos 5']!;
    const decision = async () =>
      (
        await api(
          'REGULATOR',
          `query($v: ID!) { exportDecisions(first: 1, filter: { modelVersionId: $v, jurisdictionCode: "FR" }) { edges { node { outcome override { outcome justification expiresAt } } } } }`,
          { v: version },
        )
      ).exportDecisions.edges[0]?.node;
    const { context, page, problems } = await sessionAs('REGULATOR');
    await page.goto(`/versions/${encodeURIComponent(version)}?cell=FR`);
    const controls = page.getByTestId('override-controls');
    const setForm = controls.getByRole('form', { name: 'Set an override' });
    await setForm.getByLabel('Outcome to impose').selectOption('RESTRICTED');
    await setForm.getByLabel(/Justification/).fill('Ministerial order pending review.');
    await setForm.getByLabel(/Expires/).fill('2099-01-31T12:00');
    await setForm.getByRole('button', { name: 'Set override' }).click();
    await controls.getByRole('heading', { name: 'Replace the override' }).waitFor();
    expect((await decision()).override).toEqual({ outcome: 'RESTRICTED', justification: 'Ministerial order pending review.', expiresAt: '2099-01-31T12:00:00.000Z' });
    const replace = controls.getByRole('form', { name: 'Replace the override' });
    await replace.getByLabel(/Expires/).fill('2099-06-30T12:00');
    await replace.getByRole('button', { name: 'Replace override' }).click();
    await replace.getByText('Override replaced.').waitFor();
    expect((await decision()).override.expiresAt).toBe('2099-06-30T12:00:00.000Z');
    await expectAxeClean(page);
    await shot(page, 'w05-override');
    const lift = controls.getByRole('form', { name: 'Lift the override' });
    await lift.getByLabel(/Why lift it/).fill('Review completed.');
    await lift.getByRole('button', { name: 'Lift override' }).click();
    await controls.getByRole('heading', { name: 'Override this decision' }).waitFor();
    expect((await decision()).override).toBeNull();
    expect(problems).toEqual([]);
    await context.close();

    const analyst = await sessionAs('ANALYST', orgs.agency);
    await analyst.page.goto(`/versions/${encodeURIComponent(version)}?cell=FR`);
    await analyst.page.getByTestId('cell-detail').waitFor();
    await analyst.page.waitForLoadState('networkidle');
    expect(await analyst.page.getByTestId('override-controls').count()).toBe(0);
    await analyst.context.close();
  });

  test('an analyst moves several findings in one action and sees the result of each', async () => {
    const a = await reportedFinding('Bulkmove alpha');
    const b = await reportedFinding('Bulkmove beta');
    const c = await reportedFinding('Bulkmove gamma');
    const rv = (await findingState(c.id)).rowVersion;
    await api('ANALYST', TRANSITION, { input: { findingId: c.id, expectedRowVersion: rv, to: 'WITHDRAWN', reason: 'Reporter withdrew it.' } });
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto('/findings?q=Bulkmove');
    await page.getByRole('checkbox', { name: 'Select every finding on this page' }).check();
    const bar = page.getByRole('form', { name: 'Move the selected findings' });
    await bar.getByLabel('Move to').selectOption('TRIAGED');
    await bar.getByRole('button', { name: 'Move 3 findings' }).dblclick();
    const results = bar.getByTestId('bulk-results');
    await results.getByText('2 of 3 done.').waitFor();
    expect(await results.textContent()).toContain(`${c.publicId}: You may not move this finding, or it is final.`);
    await expectAxeClean(page);
    await shot(page, 'w07-bulk-triage');
    for (const f of [a, b]) {
      const state = await findingState(f.id);
      expect(state.status).toBe('TRIAGED');
      expect(state.statusHistory.filter((h: { to: string }) => h.to === 'TRIAGED')).toHaveLength(1);
    }
    expect((await findingState(c.id)).status).toBe('WITHDRAWN');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('an analyst takes a finding, then assigns several to a colleague in one action', async () => {
    const a = await reportedFinding('Ownable one');
    const b = await reportedFinding('Ownable two');
    const owner = async (id: string) =>
      (await api('ANALYST', `query($id: ID!) { finding(id: $id) { assignment { assignee } assignmentHistory { assignee } } }`, { id }, orgs.agency)).finding;
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/findings/${a.publicId}`);
    const form = page.getByRole('form', { name: 'Assign the finding' });
    await form.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('finding-owner').getByText('analyst@e2e-writes').waitFor();
    expect((await owner(a.id)).assignment).toEqual({ assignee: 'analyst@e2e-writes' });
    await expectAxeClean(page);
    await page.goto('/findings?q=Ownable');
    await page.getByRole('checkbox', { name: 'Select every finding on this page' }).check();
    const bar = page.getByRole('form', { name: 'Move the selected findings' });
    await bar.getByLabel('Assign to').fill('colleague@oais.example.gov');
    await bar.getByRole('button', { name: 'Assign 2 findings' }).click();
    await bar.getByTestId('bulk-results').getByText('2 of 2 done.').waitFor();
    await page.getByRole('cell', { name: 'colleague@oais.example.gov' }).first().waitFor();
    await shot(page, 'w08-bulk-assign');
    expect(await owner(a.id)).toEqual({ assignment: { assignee: 'colleague@oais.example.gov' }, assignmentHistory: [{ assignee: 'analyst@e2e-writes' }, { assignee: 'colleague@oais.example.gov' }] });
    expect((await owner(b.id)).assignment).toEqual({ assignee: 'colleague@oais.example.gov' });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the live feed names the subject, shows the details as fields and filters by type', async () => {
    const f = await reportedFinding('Live feed subject');
    const { context, page, problems } = await sessionAs('REGULATOR');
    await page.goto('/live');
    await page.locator('.live-indicator.live-subscription, .live-indicator.live-polling').waitFor();
    await api('ANALYST', `mutation($input: AssignFindingInput!) { assignFinding(input: $input) { errors { code message } } }`, {
      input: { findingId: f.id, assignee: 'live-owner@oais.example.gov' },
    }, orgs.agency);
    await page.getByLabel('Event type').selectOption('FINDING_ASSIGNED');
    const item = page.getByRole('list', { name: /Registry events/ }).getByRole('listitem').filter({ hasText: f.publicId });
    await item.waitFor();
    expect(await item.textContent()).toContain(`Finding assigned: ${f.publicId}`);
    expect(await item.textContent()).not.toContain('on Finding');
    await item.getByText('Details').click();
    expect(await item.textContent()).toContain('live-owner@oais.example.gov');
    expect(await item.textContent()).not.toContain('{"');
    expect(await page.getByRole('list', { name: /Registry events/ }).getByRole('listitem').evaluateAll((els) => els.length)).toBeGreaterThan(0);
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the findings list exports as CSV and JSON with the filters applied', async () => {
    await reportedFinding('Exportable, "quoted" one');
    await reportedFinding('Exportable two');
    const { context, page, problems } = await sessionAs('PARTNER_AGENCY', orgs.agency);
    await page.goto('/findings?q=Exportable&sort=publicId&dir=asc');
    await page.getByRole('table', { name: 'Findings' }).waitFor();
    const read = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      return fs.readFileSync((await file.path())!, 'utf8');
    };
    const csv = (await read('Export CSV')).trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^publicId,title,category,status,/);
    expect(csv[1]).toContain('"Exportable, ""quoted"" one"');
    expect(csv[2]).toContain('Exportable two');
    const json = JSON.parse(await read('Export JSON'));
    expect(json.filter.text).toBe('Exportable');
    expect(json.totalCount).toBe(2);
    expect(json.findings.map((f: { title: string }) => f.title)).toEqual(['Exportable, "quoted" one', 'Exportable two']);
    // A partner agency may not move findings: no selection column, no bulk bar.
    expect(await page.getByRole('checkbox', { name: 'Select every finding on this page' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a version has a printable decision report with every jurisdiction, its reasons, policy and history', async () => {
    const { context, page, problems } = await sessionAs('PARTNER_AGENCY', orgs.agency);
    await page.goto(`/versions/${encodeURIComponent(ids['Fable 5']!)}`);
    await page.getByRole('link', { name: 'Printable decision report' }).click();
    const report = page.getByTestId('decision-report');
    await report.getByRole('heading', { level: 1, name: 'Export decision report: Fable 5' }).waitFor();
    const text = (await report.textContent()) ?? '';
    const stored = await api('REGULATOR', `query($v: ID!) { exportDecisions(first: 1, filter: { modelVersionId: $v }) { totalCount edges { node { policyVersion } } } }`, { v: ids['Fable 5'] });
    expect(text).toContain(`${stored.exportDecisions.totalCount} jurisdictions`);
    expect(text).toContain(stored.exportDecisions.edges[0].node.policyVersion);
    expect(text).toContain('Germany (DE)');
    expect(text).toMatch(/History/);
    await expectAxeClean(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    await page.pdf({ path: path.join(ARTIFACTS, 'w09-decision-report.pdf') });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a deadline met late is marked late, not with the on-time badge', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const data = await api('ANALYST', REPORT, {
      input: {
        affectedVersionIds: [ids['Fable 5']],
        title: 'Acknowledged late',
        summary: 'Acknowledged well after its deadline.',
        category: 'JAILBREAK',
        discoveredAt: tenDaysAgo,
        developerAwareAt: tenDaysAgo,
      },
    });
    const f = data.reportFinding.finding;
    await api('ANALYST', `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { errors { code message } } }`, {
      input: {
        findingId: f.id,
        cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N',
        aiFactors: { capabilityDomain: 'GENERAL', universal: false, successRate: 0.5, trials: 10, exploitedInWild: false },
      },
    });
    await api('ANALYST', TRANSITION, { input: { findingId: f.id, expectedRowVersion: (await findingState(f.id)).rowVersion, to: 'TRIAGED' } });
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/findings/${f.publicId}`);
    const ack = page.locator('.clock').filter({ hasText: 'Acknowledge' });
    await ack.getByTestId('met-late').waitFor();
    expect(await ack.textContent()).toMatch(/met \d+ d \d+ h late/);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('ArrowDown in the matrix moves to the cell below, not ten cells on, and a country is found by name', async () => {
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/versions/${encodeURIComponent(ids['Fable 5']!)}`);
    const matrix = page.getByTestId('eligibility-matrix');
    await matrix.waitFor();
    const first = matrix.locator('button.cell').first();
    await first.focus();
    const box = async () =>
      (await page.evaluate(`(() => { const r = document.activeElement.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width }; })()`)) as {
        left: number;
        top: number;
        width: number;
      };
    const from = await box();
    await page.keyboard.press('ArrowDown');
    const to = await box();
    expect(to.top).toBeGreaterThan(from.top);
    expect(Math.abs(to.left - from.left)).toBeLessThan(from.width);
    await page.keyboard.press('ArrowUp');
    expect(await box()).toEqual(from);
    // The matrix can be searched by country name.
    await page.getByLabel('Find a jurisdiction').fill('Germ');
    await page.getByLabel('Find a jurisdiction').press('Enter');
    await page.getByTestId('cell-detail').getByRole('heading', { name: /Germany \(DE\)/ }).waitFor();
    expect(page.url()).toContain('cell=DE');
    await expectAxeClean(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  test.each([
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const)('every screen passes the axe gate and fits the width (%s)', async (label, viewport) => {
    const finding = await reportedFinding(`Axe sweep ${label}`);
    const { context, page } = await sessionAs('REGULATOR', undefined, viewport);
    const screens = [
      ['overview', '/', 'Overview'],
      ['findings', '/findings', 'Findings'],
      ['finding', `/findings/${finding.publicId}`, new RegExp(finding.publicId)],
      ['report', '/findings/new', 'Report a finding'],
      ['versions', '/versions', 'Model versions'],
      ['version', `/versions/${encodeURIComponent(ids['Fable 5']!)}?cell=DE`, 'Fable 5'],
      ['decision-report', `/versions/${encodeURIComponent(ids['Fable 5']!)}/report`, /Export decision report/],
      ['audits', '/audits', 'Audits and auditors'],
      ['decisions', '/decisions', 'Export decisions'],
      ['live', '/live', /Live/],
      ['signin', '/signin', 'Sign in'],
    ] as const;
    const found: Record<string, { axe: string[]; overflow: number }> = {};
    for (const [name, url, heading] of screens) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      found[name] = { axe: await seriousAxeViolations(page), overflow: Math.max(0, overflow) };
      if (overflow > 0) {
        // Name what sticks out, so the failure says where to look.
        (found[name] as Record<string, unknown>).outermost = await page.evaluate(
          `[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 5).map((e) => e.tagName + '.' + e.className)`,
        );
      }
      // The decision report lists every jurisdiction (a page tens of thousands of pixels tall):
      // its first screen is enough of a picture, and a full-page capture took over a minute.
      await shot(page, `w10-${label}-${name}`, name !== 'decision-report');
    }
    const clean = Object.fromEntries(screens.map(([name]) => [name, { axe: [], overflow: 0 }]));
    expect(found).toEqual(clean);
    await context.close();
  }, 300_000);

  test('at phone width the write controls fit the screen and pass the axe gate', async () => {
    const finding = await reportedFinding('Phone width controls');
    const { context, page, problems } = await sessionAs('REGULATOR', undefined, PHONE);
    await page.goto(`/findings/${finding.publicId}`);
    await page.getByRole('form', { name: 'CVSS v4.0 calculator' }).waitFor();
    await page.getByRole('form', { name: 'Move the finding' }).waitFor();
    const overflow = await page.evaluate(
      `[...document.querySelectorAll('form.write-form')].filter((f) => f.getBoundingClientRect().right > window.innerWidth + 1).map((f) => f.getAttribute('aria-label'))`,
    );
    expect(overflow).toEqual([]);
    await expectAxeClean(page);
    await shot(page, 'w06-finding-actions-phone');
    expect(problems).toEqual([]);
    await context.close();
  });
});
