/**
 * A registry process (`tsx src/main.ts`, its own webhook worker) killed with SIGKILL in the middle
 * of a delivery: nothing is lost — a second process takes over once the lease expires and sends
 * the unacknowledged delivery again with the same X-MSR-Delivery id, then the rest in order.
 */
import type { DataSource } from 'typeorm';
import { appendEvent } from '../../../src/modules/events/event-log';
import { useWebhookSettings } from '../../../src/modules/webhooks/settings';
import { createGraphQLHarness, type GraphQLHarness } from '../../support/graphql-harness';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createDeveloper, createFinding, type NodeRow } from '../../support/factories';
import { deliveredOnce, startReceiver, type Receiver } from './receiver';

jest.setTimeout(180_000);

const ENV = { WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '1500', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_MS: '200' };

let tdb: TestDatabase;
let db: DataSource;
let harness: GraphQLHarness;
let receiver: Receiver;
let developer: NodeRow;
let finding: NodeRow;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  harness = createGraphQLHarness();
  useWebhookSettings({
    worker: false,
    pollMs: 50,
    timeoutMs: 1500,
    retryBaseMs: 50,
    retryMaxMs: 200,
    maxAttempts: 50,
    concurrency: 4,
    blockPrivateAddresses: false,
    allowedHosts: [],
    secretOverlapSeconds: 0,
  });
  developer = await createDeveloper(db);
  finding = await createFinding(db, { developer_id: developer.id });
  receiver = await startReceiver();
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill('SIGKILL').catch(() => null)));
  await receiver?.close();
  await harness?.stop();
  await tdb?.destroy();
});

test('SIGKILL mid-delivery: the next instance redelivers with the same id, then the rest in order', async () => {
  const res = await harness.executeOperation(
    db,
    `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } errors { code } } }`,
    { input: { url: receiver.url, events: ['TEST_PING'] } },
    { viewer: { subject: 'dev@example', organizationId: developer.id, roles: ['DEVELOPER'] } },
  );
  expect(res.data!.createWebhook.errors).toEqual([]);
  receiver.status = -1; // the first request is held open: the instance dies waiting for it
  const a = await startServerProcess(tdb.url, ENV, 90_000);
  processes.push(a);
  const seqs = await db.transaction(async (m) => {
    const out: string[] = [];
    for (let i = 0; i < 4; i++) out.push((await appendEvent(m, { actor: 'test', type: 'TEST_PING', subjectType: 'Finding', subjectId: finding.id, payload: { i } })).seq);
    return out;
  });
  await receiver.waitFor((r) => r.length >= 1, 60_000);
  await a.kill('SIGKILL');
  const held = receiver.requests[0]!;
  expect(held.headers['x-msr-sequence']).toBe(seqs[0]);

  receiver.status = 200;
  const b = await startServerProcess(tdb.url, ENV, 90_000);
  processes.push(b);
  await receiver.waitFor((r) => deliveredOnce(r).length >= seqs.length, 60_000);
  const delivered = deliveredOnce(receiver.requests);
  expect(delivered.map((r) => r.headers['x-msr-sequence'])).toEqual(seqs);
  // The duplicate of the interrupted delivery carries its id.
  expect(delivered[0]!.headers['x-msr-delivery']).toBe(held.headers['x-msr-delivery']);
  expect(delivered[0]!.body).toBe(held.body);
  expect(await b.stop()).toBe(0);
});
