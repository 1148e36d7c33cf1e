/**
 * The analyst explorer in a real browser (Debian's Chromium via playwright-core) against the real
 * server with the demo story: the overview, the universal jailbreak, both versions suspended in the
 * matrix with reasons, Mythos 5.1 turning eligible live after a retest made through the API, and a
 * partner agency that never sees restricted details. Screenshots go to test-artifacts/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sign } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { mintDevToken } from '../../src/modules/access/dev-tokens';
import type { Role } from '../../src/modules/access/rules';
import { DEMO_SENTINEL_KEYS } from '../../src/seed/demo-keys';
import { seedDemoData } from '../../src/seed/demo-data';
import { startHttpServer, type HttpServerHandle } from '../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../support/test-database';
import { ARTIFACTS, launchChromium, type LaunchedBrowser } from './browser';

const SECRET_PROMPT = 'E2E-SECRET-JAILBREAK-PROMPT';
const JAILBREAK_VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N';

jest.setTimeout(60_000);

let tdb: TestDatabase;
let db: DataSource;
let server: HttpServerHandle;
let chromium: LaunchedBrowser;
const orgs: Record<string, string> = {};
const ids: Record<string, string> = {};

const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`).toString('base64url');

async function token(role: Role, organization?: string): Promise<string> {
  const auth = loadConfig({ NODE_ENV: 'test' }).auth;
  return mintDevToken(auth, { subject: `${role.toLowerCase()}@e2e`, roles: [role], organizationId: organization ?? null });
}

/** POSTs an operation as the given role, as any API client would; fails on errors. */
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

async function sessionAs(role: Role | null, organization?: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: server.baseUrl });
  if (role) {
    const t = await token(role, organization);
    await context.addInitScript({ content: `localStorage.setItem('msr.token', ${JSON.stringify(t)});` });
  }
  // Anything requested from another origin would break "nothing loaded from outside".
  const problems: string[] = [];
  context.on('request', (req) => {
    if (!req.url().startsWith(server.baseUrl) && !req.url().startsWith('ws://127.0.0.1') && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) {
      problems.push(`outside request: ${req.url()}`);
    }
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  openPages.push({ page, problems });
  return { context, page, problems };
}

/** Pages of the running test, so a failure leaves a screenshot and the page's problems behind. */
let openPages: { page: Page; problems: string[] }[] = [];
afterEach(async () => {
  const name = expect.getState().currentTestName ?? 'test';
  for (const [i, { page, problems }] of openPages.entries()) {
    if (!page.isClosed()) await page.screenshot({ path: path.join(ARTIFACTS, `last-${i}.png`), fullPage: true }).catch(() => undefined);
    if (problems.length) console.warn(`${name}: ${problems.join('\n')}`);
  }
  openPages = [];
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function rowVersion(findingId: string): Promise<number> {
  const data = await api('ANALYST', `query($id: ID!) { finding(id: $id) { rowVersion } }`, { id: findingId });
  return data.finding.rowVersion;
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  for (const [key, name] of [
    ['northwind', 'Northwind AI'],
    ['sentinel', 'Sentinel Assurance'],
    ['agency', 'Federal AI Safety Office'],
  ] as const) {
    const [row] = await db.query('SELECT id FROM organizations WHERE name = $1', [name]);
    orgs[key] = row.id;
  }
  for (const name of ['Fable 5', 'Mythos 5']) {
    const [row] = await db.query('SELECT id FROM model_versions WHERE name = $1', [name]);
    ids[name] = globalId('ModelVersion', row.id);
  }
  const [mythos] = await db.query(`SELECT id FROM models WHERE name = 'Mythos'`);
  ids.Mythos = globalId('Model', mythos.id);
  // Sign-in by picking a demo role. The tour opens every screen within a minute, which spends more
  // than one token's default budget of 50,000 points (the explorer's own queries are priced high:
  // noted on issue 14); this test is about the screens, so the budget is lifted.
  server = await startHttpServer(db, { DEV_TOKENS: '1', COST_BUDGET_PER_MINUTE: '10000000' });
  chromium = await launchChromium();

  // The universal jailbreak is reported and assessed CRITICAL through the API.
  const reported = await api(
    'ANALYST',
    `mutation($input: ReportFindingInput!) { reportFinding(input: $input) { finding { id publicId } errors { code message } } }`,
    {
      input: {
        affectedVersionIds: [ids['Fable 5'], ids['Mythos 5']],
        title: 'Universal jailbreak across Fable and Mythos',
        summary: 'One prompt prefix disables refusals in every domain, including CBRN.',
        category: 'JAILBREAK',
        reporterName: 'Independent researcher',
        discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
        restrictedDetails: { prompts: SECRET_PROMPT, reproductionSteps: 'Prepend the prefix to any request.' },
        references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0054', atlasRelease: 'v4.9.0' }],
      },
    },
  );
  ids.jailbreak = reported.reportFinding.finding.id;
  ids.jailbreakPublicId = reported.reportFinding.finding.publicId;
  await api(
    'ANALYST',
    `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { finding { id } errors { code message } } }`,
    {
      input: {
        findingId: ids.jailbreak,
        cvssVector: JAILBREAK_VECTOR,
        aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
      },
    },
  );
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  await tdb?.destroy();
});

describe('the analyst explorer in a browser', () => {
  test('the overview shows the critical finding, deadlines, suspensions and both charts', async () => {
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Findings over time by severity' }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    const critical = page.getByRole('list', { name: 'Open findings by severity' }).getByRole('link', { name: /Critical/ });
    // The story's universal jailbreak and the demo crisis's (Tessera Labs, MSR-2026-0009).
    expect(await critical.locator('.stat-value').textContent()).toBe('2');
    await page.getByText('Suspended everywhere').first().waitFor();
    expect(await page.getByTestId('viewer-role').textContent()).toBe('ANALYST');
    await shot(page, '01-overview');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('an analyst finds the universal jailbreak and sees its severity, clocks and restricted details', async () => {
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto('/findings');
    await page.getByRole('searchbox').fill('universal');
    await page.getByRole('searchbox').press('Enter');
    await page.getByRole('link', { name: ids.jailbreakPublicId }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(ids.jailbreakPublicId) }).waitFor();
    const body = await page.locator('main').textContent();
    expect(body).toContain('CRITICAL');
    expect(body).toContain('Government intervention');
    expect(body).toContain(JAILBREAK_VECTOR);
    expect(body).toContain('Notify government');
    await page.getByTestId('restricted-details').waitFor();
    expect(await page.getByTestId('restricted-details').textContent()).toContain(SECRET_PROMPT);
    await shot(page, '02-finding');
    expect(page.url()).toContain(`/findings/${ids.jailbreakPublicId}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('both versions are suspended in every jurisdiction of the matrix, with the finding as the reason', async () => {
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    for (const name of ['Fable 5', 'Mythos 5']) {
      await page.goto('/versions');
      await page.getByRole('link', { name, exact: true }).click();
      const matrix = page.getByTestId('eligibility-matrix');
      await matrix.waitFor();
      const outcomes = await matrix.locator('[data-outcome]').evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));
      expect(outcomes.length).toBeGreaterThan(240);
      // Suspended everywhere (the embargoed tier may stay prohibited, which is stricter still).
      expect(outcomes.filter((o) => o !== 'SUSPENDED' && o !== 'PROHIBITED')).toEqual([]);
      const allowed = await matrix.locator('[data-outcome]').evaluateAll((els) =>
        els.filter((e) => e.closest('[role=group]')?.getAttribute('aria-labelledby') !== 'tier-TIER_3').map((e) => e.getAttribute('data-outcome')),
      );
      expect(new Set(allowed)).toEqual(new Set(['SUSPENDED']));
      await matrix.locator('[data-code=DE]').click();
      const detail = page.getByTestId('cell-detail');
      await detail.waitFor();
      const text = await detail.textContent();
      expect(text).toContain('SUSPENDED');
      expect(text).toContain(ids.jailbreakPublicId);
      expect(page.url()).toContain('cell=DE');
      if (name === 'Mythos 5') await shot(page, '03-matrix-mythos-5-suspended');
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  test('after a retest of Mythos 5.1 through the API, its cells turn eligible live on the open page within two seconds', async () => {
    const dev = orgs.northwind;
    const TRANSITION = `mutation($input: TransitionFindingInput!) { transitionFinding(input: $input) { finding { rowVersion } errors { code message } } }`;
    await api('DEVELOPER', TRANSITION, { input: { findingId: ids.jailbreak, expectedRowVersion: await rowVersion(ids.jailbreak), to: 'TRIAGED' } }, dev);
    const registered = await api(
      'DEVELOPER',
      `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { modelVersion { id } errors { code message } } }`,
      {
        input: {
          modelId: ids.Mythos,
          name: 'Mythos 5.1',
          releasedAt: new Date().toISOString(),
          trainingComputeOps: 3e26,
          weightAvailability: 'API_ONLY',
          capabilityDomains: ['GENERAL', 'CODE', 'BIOLOGY'],
        },
      },
      dev,
    );
    ids.mythos51 = registered.registerModelVersion.modelVersion.id;
    await api(
      'DEVELOPER',
      `mutation($input: LinkFixVersionInput!) { linkFixVersion(input: $input) { finding { id } errors { code message } } }`,
      { input: { findingId: ids.jailbreak, expectedRowVersion: await rowVersion(ids.jailbreak), fixedInVersionId: ids.mythos51 } },
      dev,
    );
    await api('DEVELOPER', TRANSITION, { input: { findingId: ids.jailbreak, expectedRowVersion: await rowVersion(ids.jailbreak), to: 'REMEDIATED' } }, dev);

    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto(`/versions/${encodeURIComponent(ids.mythos51)}?cell=DE`);
    const matrix = page.getByTestId('eligibility-matrix');
    await matrix.waitFor();
    expect(await matrix.locator('[data-code=DE]').getAttribute('data-outcome')).not.toBe('ELIGIBLE');
    expect(await page.getByTestId('cell-detail').textContent()).toContain(ids.jailbreakPublicId);
    await shot(page, '04-matrix-mythos-5-1-before-retest');
    await page.locator('.live-indicator.live-subscription, .live-indicator.live-polling').waitFor();

    // The accredited, independent auditor retests the fix and passes it.
    const opened = await api(
      'AUDITOR',
      `mutation($input: OpenAuditInput!) { openAudit(input: $input) { audit { id rowVersion } errors { code message } } }`,
      {
        input: {
          auditorId: globalId('Organization', orgs.sentinel),
          modelVersionId: ids.mythos51,
          kind: 'RETEST',
          scopes: ['JAILBREAK', 'CBRN'],
          retestFindingIds: [ids.jailbreak],
        },
      },
      orgs.sentinel,
    );
    const completion = {
      auditId: opened.openAudit.audit.id,
      expectedRowVersion: opened.openAudit.audit.rowVersion,
      outcome: 'PASS',
      completedAt: new Date().toISOString(),
      retestResults: [{ findingId: ids.jailbreak, result: 'PASS' }],
      attestationSignature: '',
    };
    const payload = await api('AUDITOR', `query($input: CompleteAuditInput!) { auditAttestationPayload(input: $input) }`, { input: completion }, orgs.sentinel);
    completion.attestationSignature = sign(null, Buffer.from(payload.auditAttestationPayload), DEMO_SENTINEL_KEYS.privateKey).toString('base64');
    await api('AUDITOR', `mutation($input: CompleteAuditInput!) { completeAudit(input: $input) { audit { id } errors { code message } } }`, { input: completion }, orgs.sentinel);
    const completedAt = Date.now();

    for (const code of ['DE', 'US', 'IN', 'BR']) {
      await page.waitForSelector(`[data-testid=eligibility-matrix] [data-code=${code}][data-outcome=ELIGIBLE]`, { timeout: Math.max(1, 2000 - (Date.now() - completedAt)) });
    }
    const elapsed = Date.now() - completedAt;
    expect(elapsed).toBeLessThan(2000);
    await page.locator('.live-notice').waitFor();
    await shot(page, '05-matrix-mythos-5-1-eligible-live');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a partner-agency session never shows restricted details', async () => {
    const { context, page, problems } = await sessionAs('PARTNER_AGENCY', orgs.agency);
    await page.goto(`/findings/${ids.jailbreakPublicId}`);
    await page.getByTestId('restricted-hidden').waitFor();
    expect(await page.getByTestId('viewer-role').textContent()).toBe('PARTNER_AGENCY');
    expect(await page.getByTestId('restricted-details').count()).toBe(0);
    expect(await page.content()).not.toContain(SECRET_PROMPT);
    await shot(page, '06-finding-as-partner-agency');
    // Nor on any other screen the partner can open.
    for (const url of ['/', '/findings', '/live', `/versions/${encodeURIComponent(ids['Fable 5'])}`]) {
      await page.goto(url);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.content()).not.toContain(SECRET_PROMPT);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  test('signing in by picking the ANALYST demo role shows the role', async () => {
    const { context, page, problems } = await sessionAs(null);
    await page.goto('/signin');
    expect(await page.getByTestId('viewer-role').textContent()).toMatch(/anonymous|not signed in/i);
    await page.getByTestId('demo-role-ANALYST').click();
    await page.waitForURL(`${server.baseUrl}/`);
    await page.waitForFunction("document.querySelector('[data-testid=viewer-role]')?.textContent === 'ANALYST'");
    // The token is the server's, for the demo analyst of the Office of AI Security, and it works.
    const stored = await page.evaluate<string | null>("localStorage.getItem('msr.token')");
    const claims = JSON.parse(Buffer.from(stored!.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'dev-analyst', roles: ['ANALYST'] });
    await page.goto('/signin');
    await page.getByRole('heading', { name: 'Current session' }).waitFor();
    expect(await page.locator('main').textContent()).toMatch(/Signed in as dev-analyst, role ANALYST/);
    await shot(page, '11-signin-demo-roles');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('audits, decisions, live feed and GraphiQL render, served from this origin only', async () => {
    const { context, page, problems } = await sessionAs('ANALYST', orgs.agency);
    await page.goto('/audits');
    await page.getByRole('table', { name: 'Audits' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Does not count');
    await shot(page, '07-audits');
    // An override set through the API is listed from the server (hasOverride), whatever page is shown.
    await api(
      'REGULATOR',
      `mutation($input: OverrideExportDecisionInput!) { overrideExportDecision(input: $input) { exportDecision { id } errors { code message } } }`,
      { input: { modelVersionId: ids['Fable 5'], jurisdictionCode: 'ZW', outcome: 'PROHIBITED', justification: 'E2E override far down the list.' } },
    );
    await page.goto('/decisions?outcome=SUSPENDED');
    await page.getByRole('table', { name: 'Export decisions' }).waitFor();
    await shot(page, '08-decisions');
    await page.goto('/decisions');
    await page.getByTestId('override-count').waitFor();
    // This one and the demo's precautionary suspension of Lumen 2 in the United States.
    expect(await page.getByTestId('override-count').textContent()).toMatch(/^2 overrides in force/);
    expect(await page.getByRole('list', { name: 'Overrides in force' }).textContent()).toContain('E2E override far down the list.');
    expect(await page.getByRole('list', { name: 'Overrides in force' }).textContent()).toContain('Lumen 2 in United States');
    // The findings table sorts on the server: by id ascending, the first row is the first finding.
    await page.goto('/findings?sort=publicId&dir=asc');
    await page.getByRole('table', { name: 'Findings' }).waitFor();
    expect(await page.getByRole('table', { name: 'Findings' }).locator('tbody tr').first().getByRole('link').first().textContent()).toBe('MSR-2026-0001');
    await page.goto('/live');
    await page.getByRole('list', { name: /Registry events/ }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Export decisions changed');
    await shot(page, '09-live');
    await page.goto('/graphiql');
    await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
    await page.getByText('modelVersions').first().waitFor({ timeout: 15_000 });
    await shot(page, '10-graphiql');
    // Deep links work on a fresh load, but API paths never fall back to the app.
    const res = await page.request.get(`${server.baseUrl}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
    const deep = await page.request.get(`${server.baseUrl}/findings/${ids.jailbreakPublicId}`);
    expect(deep.headers()['content-type']).toContain('text/html');
    expect(problems).toEqual([]);
    await context.close();
  });
});
