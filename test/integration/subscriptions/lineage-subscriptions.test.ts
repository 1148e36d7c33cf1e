/**
 * Subscriptions carry inherited changes (issue 19): a subscriber to a derived version's export
 * decisions hears it move to SUSPENDED when its parent's finding is assessed CRITICAL — the write
 * names only the parent; the descendant's change comes from the same transaction's recompute.
 */
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { recomputeDecisions } from '../../../src/modules/decisions/recompute-decisions';
import { createDeveloper, createFinding, createModel, createModelVersion, createPolicyVersion, insertRow, type NodeRow } from '../../support/factories';
import { startHttpServer, stopHarness, type HttpServerHandle } from '../../support/graphql-harness';
import { connect, sleep, subscribe } from '../../support/subscription-client';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

jest.setTimeout(30_000);

let tdb: TestDatabase;
let db: DataSource;
let server: HttpServerHandle;
let base: NodeRow;
let mini: NodeRow;
let finding: NodeRow;

const token = (roles: ('REGULATOR' | 'ANALYST')[]) =>
  mintDevToken(loadConfig({ NODE_ENV: 'test' }).auth, { subject: `${roles[0]!.toLowerCase()}@lineage-subs`, roles, organizationId: null });

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  await createPolicyVersion(db);
  const dev = await createDeveloper(db, { name: 'Subscribed Labs' });
  const model = await createModel(db, { developer_id: dev.id, name: 'Vega' });
  base = await createModelVersion(db, { model_id: model.id, name: 'Vega 3' });
  mini = await createModelVersion(db, { model_id: model.id, name: 'Vega 3 Mini' });
  await insertRow(db, 'model_version_lineage', { child_version_id: mini.id, parent_version_id: base.id, relation: 'DISTILLATION', declared_by: 'test' });
  finding = await createFinding(db, { developer_id: dev.id, category: 'JAILBREAK', status: 'TRIAGED' }, { statusPath: ['REPORTED', 'TRIAGED'], affectedVersionIds: [base.id] });
  await db.transaction((m) => recomputeDecisions(m, [base.id], { cause: 'TEST', actor: 'test' }));
  server = await startHttpServer(db);
});

afterAll(async () => {
  await server?.stop();
  await stopHarness();
  await tdb?.destroy();
});

test('assessing the parent’s finding CRITICAL reaches the derived version’s subscribers as SUSPENDED', async () => {
  const [{ seq }] = await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM events');
  const client = connect(server.url.replace(/^http/, 'ws'), { connectionParams: { authorization: `Bearer ${await token(['REGULATOR'])}` } });
  try {
    const sub = subscribe(
      client,
      `subscription($filter: ExportDecisionChangeFilter, $since: String) { exportDecisionChanges(filter: $filter, since: $since) {
        cause modelVersion { name } changes { jurisdictionCode tier previousOutcome outcome } } }`,
      { filter: { modelVersionId: [mini.globalId], jurisdictionCode: ['DE'] }, since: seq },
    );
    await sleep(300);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(['ANALYST'])}` },
      body: JSON.stringify({
        query: `mutation($input: AssessFindingSeverityInput!) { assessFindingSeverity(input: $input) { errors { code message } } }`,
        variables: {
          input: {
            findingId: finding.globalId,
            cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N',
            aiFactors: { capabilityDomain: 'CBRN', universal: true, successRate: 0.94, trials: 500, exploitedInWild: false },
          },
        },
      }),
    });
    expect(((await res.json()) as any).data.assessFindingSeverity.errors).toEqual([]);
    const [message] = await sub.take(1, 3_000);
    expect(message).toEqual({
      cause: 'FINDING_ASSESSED',
      modelVersion: { name: 'Vega 3 Mini' },
      changes: [{ jurisdictionCode: 'DE', tier: 'TIER_1', previousOutcome: 'ELIGIBLE', outcome: 'SUSPENDED' }],
    });
  } finally {
    await client.dispose();
  }
});
