/**
 * The policy what-if in a real browser: a regulator edits the policy in force (Ireland out of
 * TIER_1), simulates it and sees the decisions that change before publishing; an invalid draft
 * shows its error at the JSON path; publishing the simulated text makes it a policy version.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { mintDevToken } from '../../src/modules/access/dev-tokens';
import { seedDemoData } from '../../src/seed/demo-data';
import { startHttpServer, type HttpServerHandle } from '../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../support/test-database';
import { ARTIFACTS, launchChromium, type LaunchedBrowser } from './browser';

jest.setTimeout(90_000);

let tdb: TestDatabase;
let db: DataSource;
let server: HttpServerHandle;
let chromium: LaunchedBrowser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await seedDemoData(db);
  server = await startHttpServer(db);
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  await tdb?.destroy();
});

async function regulatorPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: server.baseUrl });
  const token = await mintDevToken(loadConfig({ NODE_ENV: 'test' }).auth, { subject: 'regulator@e2e', roles: ['REGULATOR'], organizationId: null });
  await context.addInitScript({ content: `localStorage.setItem('msr.token', ${JSON.stringify(token)});` });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

test('a regulator simulates moving a country out of TIER_1, sees the effect, then publishes it', async () => {
  const { page, problems } = await regulatorPage();
  await page.goto('/policy/what-if');
  const editor = page.getByLabel(/Draft policy document/);
  await editor.waitFor();
  const draft = JSON.parse(await editor.inputValue());
  draft.version = '2026.2-e2e';
  draft.jurisdictions.tiers.TIER_1 = draft.jurisdictions.tiers.TIER_1.filter((c: string) => c !== 'IE');
  await editor.fill(JSON.stringify(draft, null, 2));
  await page.getByRole('button', { name: 'Simulate' }).click();

  await page.getByRole('status').filter({ hasText: 'change outcome' }).waitFor();
  await page.getByText('IE moves from TIER_1 to TIER_2').waitFor();
  const rows = page.locator('table').filter({ hasText: 'Why, after' }).locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  for (const text of await rows.allInnerTexts()) expect(text).toContain('(IE)');
  await page.screenshot({ path: path.join(ARTIFACTS, 'policy-what-if.png'), fullPage: true });

  // Nothing was written by the simulation.
  expect(await db.query(`SELECT 1 FROM policy_versions WHERE version = '2026.2-e2e'`)).toHaveLength(0);

  await page.getByLabel('What changed (summary)').fill('IE to TIER_2 (e2e)');
  await page.getByRole('button', { name: 'Publish policy 2026.2-e2e' }).click();
  await page.getByText('Published policy 2026.2-e2e.').waitFor();
  expect(await db.query(`SELECT summary FROM policy_versions WHERE version = '2026.2-e2e'`)).toEqual([{ summary: 'IE to TIER_2 (e2e)' }]);
  expect(problems).toEqual([]);
});

test('an invalid draft shows its error at the JSON path and no effect', async () => {
  const { page } = await regulatorPage();
  await page.goto('/policy/what-if');
  const editor = page.getByLabel(/Draft policy document/);
  await editor.waitFor();
  const draft = JSON.parse(await editor.inputValue());
  draft.version = '2026.3-e2e';
  draft.timelines.CRITICAL.remediateHours = -1;
  await editor.fill(JSON.stringify(draft));
  await page.getByRole('button', { name: 'Simulate' }).click();
  const errors = page.getByTestId('draft-errors');
  await errors.waitFor();
  expect(await errors.innerText()).toContain('document.timelines.CRITICAL.remediateHours');
  expect(await page.getByRole('button', { name: /Publish policy/ }).count()).toBe(0);
});
