/**
 * Webhooks end to end against a real receiver (node:http on 127.0.0.1): delivery of committed
 * writes with verifiable signatures, nothing for rolled-back writes, retries with the same
 * delivery id and catch-up in order, two workers sharing one database without double delivery,
 * what partner and public-only organizations receive, SSRF refusals under production rules, and
 * who may see and change a webhook.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../ormconfig';
import type { WebhookConfig } from '../../../src/config/config';
import { buildSchema } from '../../../src/graphql/schema';
import { registry } from '../../../src/infra/metrics';
import type { Viewer } from '../../../src/modules/access/rules';
import { appendEvent, appendEvents } from '../../../src/modules/events/event-log';
import { useWebhookSettings } from '../../../src/modules/webhooks/settings';
import * as ssrf from '../../../src/modules/webhooks/ssrf';
import { verifyWebhookSignature } from '../../../src/modules/webhooks/signing';
import { retryDelayMs, startWebhookWorker, type WebhookWorker } from '../../../src/modules/webhooks/worker';
import { loadConfig } from '../../../src/config/config';
import { productionEnv } from '../../support/production-env';
import { createGraphQLHarness, type GraphQLHarness } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { createDeveloper, createFinding, createOrganization, type NodeRow } from '../../support/factories';
import { deliveredOnce, startReceiver, type Receiver } from './receiver';

jest.setTimeout(60_000);

const SETTINGS: WebhookConfig = {
  worker: true,
  pollMs: 30,
  timeoutMs: 2_000,
  retryBaseMs: 40,
  retryMaxMs: 300,
  maxAttempts: 50,
  concurrency: 8,
  blockPrivateAddresses: false,
  allowedHosts: [],
  secretOverlapSeconds: 3_600,
};

let tdb: TestDatabase;
let db: DataSource;
let harness: GraphQLHarness;
const schema = buildSchema();
let developer: NodeRow;
let otherDeveloper: NodeRow;
let agency: NodeRow;
let researcher: NodeRow;
let finding: NodeRow;
const workers: WebhookWorker[] = [];
const logged: string[] = [];
afterEach(() => { if (logged.length) console.log(logged.splice(0).slice(0, 5).join("\n")); });
const receivers: Receiver[] = [];
const extraSources: DataSource[] = [];

const as = (org: NodeRow, roles: Viewer['roles']): Viewer => ({ subject: `user@${org.id}`, organizationId: org.id, roles });
const devViewer = () => as(developer, ['DEVELOPER']);
const partnerViewer = () => as(agency, ['PARTNER_AGENCY']);
const regulatorViewer = (): Viewer => ({ subject: 'regulator@gov', organizationId: agency.id, roles: ['REGULATOR'] });

async function gql(query: string, variables: Record<string, unknown>, viewer: Viewer) {
  const res = await harness.executeOperation(db, query, variables, { viewer });
  expect(res.internalErrors).toEqual([]);
  return res;
}

const CREATE = `mutation ($input: CreateWebhookInput!) {
  createWebhook(input: $input) { webhook { id url events status organization { id } } secret errors { code path message } } }`;

async function createHook(viewer: Viewer, input: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await gql(CREATE, { input }, viewer);
  expect(res.errors).toBeUndefined();
  expect(res.data!.createWebhook.errors).toEqual([]);
  return { id: res.data!.createWebhook.webhook.id, secret: res.data!.createWebhook.secret };
}

async function newReceiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

function startWorker(on: DataSource = db, settings: Partial<WebhookConfig> = {}): WebhookWorker {
  const w = startWebhookWorker(on, { ...SETTINGS, ...settings }, { schema, log: (m) => logged.push(m) });
  workers.push(w);
  return w;
}

async function stopWorkers(): Promise<void> {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
}

/** Commits events about the finding in one transaction; returns their sequences. */
async function emit(count: number, type = 'TEST_PING', subjectId = () => finding.id): Promise<string[]> {
  return db.transaction(async (m) => {
    const seqs: string[] = [];
    for (let i = 0; i < count; i++) {
      seqs.push((await appendEvent(m, { actor: 'test', type, subjectType: 'Finding', subjectId: subjectId(), payload: { i } })).seq);
    }
    return seqs;
  });
}

const seqOf = (r: { headers: Record<string, unknown> }) => String(r.headers['x-msr-sequence']);

/** The `verify` function of the receiver example in docs/webhooks.md, as written there. */
function docsVerify(): (secret: string, req: unknown, rawBody: string) => boolean {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/webhooks.md'), 'utf8');
  const block = /```js\n([\s\S]*?function verify[\s\S]*?)```/.exec(doc)![1]!.replace(/^import .*$/m, '');
  return new Function('createHmac', 'timingSafeEqual', `${block}; return verify;`)(createHmac, timingSafeEqual);
}

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  harness = createGraphQLHarness();
  useWebhookSettings(SETTINGS);
  developer = await createDeveloper(db);
  otherDeveloper = await createDeveloper(db);
  agency = await createOrganization(db, { kind: 'AGENCY', name: 'Partner Agency' });
  researcher = await createOrganization(db, { kind: 'RESEARCHER', name: 'Research Group' });
  // Not publicly disclosed; with restricted details.
  finding = await createFinding(db, { developer_id: developer.id, title: 'Tool-output jailbreak' }, { restrictedDetails: { prompts: 'RESTRICTED-PROMPT-TEXT' } });
}, 60_000);

afterEach(async () => {
  await stopWorkers();
  // Webhooks of one test do not receive the next test's events.
  await db.query('DELETE FROM webhooks');
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await harness?.stop();
  await Promise.all(extraSources.map((s) => s.destroy()));
  await tdb?.destroy();
});

test('a committed write is delivered with the documented headers and a signature that verifies', async () => {
  const receiver = await newReceiver();
  const hook = await createHook(devViewer(), { url: receiver.url, events: [] });
  expect(hook.secret).toMatch(/^whsec_/);
  startWorker();
  const [seq] = await emit(1, 'FINDING_STATUS_CHANGED');
  await receiver.waitFor((r) => r.length >= 1);
  const [req] = receiver.requests;
  expect(req!.headers['x-msr-event']).toBe('FINDING_STATUS_CHANGED');
  expect(req!.headers['x-msr-sequence']).toBe(seq);
  expect(req!.headers['x-msr-delivery']).toMatch(/^[0-9a-f-]{36}$/);
  const ts = String(req!.headers['x-msr-timestamp']);
  expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(30);
  const signature = String(req!.headers['x-msr-signature-256']);
  expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(verifyWebhookSignature(hook.secret, signature, ts, req!.body)).toBe(true);
  expect(verifyWebhookSignature('whsec_wrong-secret-wrong-secret', signature, ts, req!.body)).toBe(false);
  expect(verifyWebhookSignature(hook.secret, signature, ts, req!.body + ' ')).toBe(false);
  // The receiver shown in docs/webhooks.md accepts it, and refuses another secret.
  expect(docsVerify()(hook.secret, req, req!.body)).toBe(true);
  expect(docsVerify()('whsec_wrong-secret-wrong-secret', req, req!.body)).toBe(false);
  // A captured delivery replayed later is stale.
  expect(verifyWebhookSignature(hook.secret, signature, ts, req!.body, Number(ts) + 600)).toBe(false);
  const body = JSON.parse(req!.body);
  expect(body.event).toMatchObject({ sequence: seq, type: 'FINDING_STATUS_CHANGED', subjectType: 'Finding' });
  expect(body.subject).toMatchObject({ __typename: 'Finding', publicId: finding.public_id, title: 'Tool-output jailbreak' });

  // The delivery log shows it.
  const log = await gql(`query ($id: ID!) { webhookDeliveries(webhookId: $id) { id eventSequence status attempts responseCode latencyMs } }`, { id: hook.id }, devViewer());
  await receiver.waitFor(() => true);
  const rows = log.data!.webhookDeliveries;
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ id: req!.headers['x-msr-delivery'], eventSequence: seq });
});

test('a rolled-back write delivers nothing; appendEvents batches are delivered in order', async () => {
  const receiver = await newReceiver();
  await createHook(devViewer(), { url: receiver.url, events: ['TEST_PING', 'TEST_BATCH'] });
  startWorker();
  await expect(
    db.transaction(async (m) => {
      await appendEvent(m, { actor: 'test', type: 'TEST_PING', subjectType: 'Finding', subjectId: finding.id, payload: { rolledBack: true } });
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  await db.transaction((m) =>
    appendEvents(
      m,
      [1, 2, 3].map((i) => ({ actor: 'test', type: 'TEST_BATCH', subjectType: 'Finding', subjectId: finding.id, payload: { i } })),
    ),
  );
  await receiver.waitFor((r) => r.length >= 3);
  await new Promise((r) => setTimeout(r, 300)); // time for anything extra to arrive
  expect(receiver.requests.map((r) => r.headers['x-msr-event'])).toEqual(['TEST_BATCH', 'TEST_BATCH', 'TEST_BATCH']);
  expect(receiver.requests.map((r) => JSON.parse(JSON.parse(r.body).event.payload).i)).toEqual([1, 2, 3]);
  expect(receiver.requests.some((r) => r.body.includes('rolledBack'))).toBe(false);
});

test('receiver down for a while: retried with the same delivery id, then every event in order', async () => {
  const receiver = await newReceiver();
  receiver.status = 503;
  const hook = await createHook(devViewer(), { url: receiver.url, events: ['TEST_PING'] });
  startWorker();
  const seqs = await emit(5);
  await receiver.waitFor((r) => r.length >= 4); // several failed attempts
  // Nothing after the first event was attempted while it failed (order per webhook).
  expect(new Set(receiver.requests.map(seqOf))).toEqual(new Set([seqs[0]]));
  expect(new Set(receiver.requests.map((r) => r.headers['x-msr-delivery'])).size).toBe(1);
  const log = await gql(`query ($id: ID!) { webhookDeliveries(webhookId: $id, status: [PENDING]) { eventSequence attempts responseCode lastError } }`, { id: hook.id }, devViewer());
  const head = log.data!.webhookDeliveries.find((d: { eventSequence: string }) => d.eventSequence === seqs[0]);
  expect(head).toMatchObject({ responseCode: 503, lastError: 'HTTP 503' });
  expect(head.attempts).toBeGreaterThanOrEqual(1);

  receiver.status = 200;
  const more = await emit(2);
  await receiver.waitFor((r) => deliveredOnce(r).length >= 7);
  const delivered = deliveredOnce(receiver.requests);
  expect(delivered.map(seqOf)).toEqual([...seqs, ...more]);
  // The retried delivery kept its id: the failed attempts and the success share it.
  const firstId = receiver.requests[0]!.headers['x-msr-delivery'];
  expect(delivered[0]!.headers['x-msr-delivery']).toBe(firstId);
});

test('after the attempt limit the webhook is FAILING with the reason; an update resumes it, redeliver resends the failed one', async () => {
  const receiver = await newReceiver();
  receiver.status = 500;
  const hook = await createHook(devViewer(), { url: receiver.url, events: ['TEST_PING'] });
  const counted = async (outcome: string) =>
    Number((await registry.getSingleMetricAsString('msr_webhook_deliveries_total')).match(new RegExp(`outcome="${outcome}"\\} (\\d+)`))?.[1] ?? 0);
  const before = { retry: await counted('retry_scheduled'), failed: await counted('failed'), delivered: await counted('delivered') };
  startWorker(db, { maxAttempts: 3 });
  const [first, second] = await emit(2);
  const status = async () =>
    (await gql(`{ webhooks { id status failureReason } }`, {}, devViewer())).data!.webhooks.find((w: { id: string }) => w.id === hook.id);
  for (let i = 0; i < 200 && (await status()).status !== 'FAILING'; i++) await new Promise((r) => setTimeout(r, 50));
  const failing = await status();
  expect(failing.status).toBe('FAILING');
  expect(failing.failureReason).toMatch(/failed 3 times; last: HTTP 500/);
  expect(receiver.requests.map(seqOf)).toEqual([first, first, first]);
  // msr_webhook_deliveries_total counts every attempt by outcome.
  expect(await counted('retry_scheduled')).toBe(before.retry + 2);
  expect(await counted('failed')).toBe(before.failed + 1);

  receiver.status = 200;
  const upd = await gql(`mutation ($input: UpdateWebhookInput!) { updateWebhook(input: $input) { webhook { status } errors { code } } }`, { input: { webhookId: hook.id } }, devViewer());
  expect(upd.data!.updateWebhook).toEqual({ webhook: { status: 'ACTIVE' }, errors: [] });
  await receiver.waitFor((r) => deliveredOnce(r).some((x) => seqOf(x) === second));
  const failed = (await gql(`query ($id: ID!) { webhookDeliveries(webhookId: $id, status: [FAILED]) { id eventSequence } }`, { id: hook.id }, devViewer())).data!
    .webhookDeliveries;
  expect(failed).toEqual([{ id: receiver.requests[0]!.headers['x-msr-delivery'], eventSequence: first }]);
  const red = await gql(`mutation ($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { id status attempts } errors { code } } }`, { input: { deliveryId: failed[0].id } }, devViewer());
  expect(red.data!.redeliverWebhook).toEqual({ delivery: { id: failed[0].id, status: 'PENDING', attempts: 0 }, errors: [] });
  await receiver.waitFor((r) => deliveredOnce(r).some((x) => seqOf(x) === first));
  expect(deliveredOnce(receiver.requests).find((x) => seqOf(x) === first)!.headers['x-msr-delivery']).toBe(failed[0].id);
  expect(await counted('delivered')).toBeGreaterThanOrEqual(before.delivered + 2);
});

test('two workers on two connections to one database deliver every event exactly once', async () => {
  const receivers2 = await Promise.all([newReceiver(), newReceiver(), newReceiver()]);
  for (const r of receivers2) await createHook(devViewer(), { url: r.url, events: ['TEST_PING'] });
  const second = createDataSource({ url: tdb.url, poolSize: 5, applicationName: 'msr-test-second-instance' });
  await second.initialize();
  extraSources.push(second);
  startWorker(db);
  startWorker(second);
  const seqs: string[] = [];
  for (let i = 0; i < 10; i++) seqs.push(...(await emit(3)));
  for (const r of receivers2) await r.waitFor((x) => x.length >= seqs.length);
  await new Promise((r) => setTimeout(r, 500)); // any double delivery would arrive meanwhile
  for (const r of receivers2) {
    expect(r.requests.map(seqOf)).toEqual(seqs);
    expect(new Set(r.requests.map((x) => x.headers['x-msr-delivery'])).size).toBe(seqs.length);
  }
});

test('what a partner, a public-only organization and the developer receive: never restricted details', async () => {
  const partner = await newReceiver();
  const dev = await newReceiver();
  const publicOnly = await newReceiver();
  await createHook(partnerViewer(), { url: partner.url, events: [] });
  await createHook(devViewer(), { url: dev.url, events: [] });
  await createHook(as(researcher, ['AUDITOR']), { url: publicOnly.url, events: [] });
  startWorker();
  const [statusSeq] = await emit(1, 'FINDING_STATUS_CHANGED');
  const [readSeq] = await emit(1, 'RESTRICTED_DETAILS_READ');
  const [orgSeq] = await db.transaction(async (m) => [
    (await appendEvent(m, { actor: 'test', type: 'ORGANIZATION_REGISTERED', subjectType: 'Organization', subjectId: otherDeveloper.id, payload: {} })).seq,
  ]);
  await dev.waitFor((r) => r.length >= 3);
  await partner.waitFor((r) => r.some((x) => seqOf(x) === orgSeq));
  await publicOnly.waitFor((r) => r.some((x) => seqOf(x) === orgSeq));
  // The developer sees the read log of its own finding; partners do not; the public sees nothing about an undisclosed finding.
  expect(dev.requests.map(seqOf)).toEqual([statusSeq, readSeq, orgSeq]);
  expect(partner.requests.map(seqOf)).toEqual([statusSeq, orgSeq]);
  expect(publicOnly.requests.map(seqOf)).toEqual([orgSeq]);
  // Partner agencies see an undisclosed finding's summary (docs/access-control.md), never its details.
  const partnerBody = JSON.parse(partner.requests[0]!.body);
  expect(partnerBody.subject).toMatchObject({ __typename: 'Finding', publicId: finding.public_id });
  for (const r of [...partner.requests, ...dev.requests, ...publicOnly.requests]) {
    expect(r.body).not.toContain('RESTRICTED-PROMPT-TEXT');
    expect(r.body).not.toContain('restrictedDetails');
  }
});

test('filters: developer, model version, level, jurisdiction', async () => {
  const mine = await newReceiver();
  const theirs = await newReceiver();
  const assessedHigh = await newReceiver();
  await createHook(regulatorViewer(), { url: mine.url, events: [], filter: { developerId: [developer.globalId] } });
  await createHook(regulatorViewer(), { url: theirs.url, events: [], filter: { developerId: [otherDeveloper.globalId] } });
  await createHook(regulatorViewer(), { url: assessedHigh.url, events: ['FINDING_ASSESSED'], filter: { level: ['HIGH'] } });
  startWorker();
  const [pingSeq] = await emit(1);
  const [highSeq] = await db.transaction(async (m) => [
    (await appendEvent(m, { actor: 'test', type: 'FINDING_ASSESSED', subjectType: 'Finding', subjectId: finding.id, payload: { level: 'HIGH', tier: 'TIER_2' } })).seq,
    (await appendEvent(m, { actor: 'test', type: 'FINDING_ASSESSED', subjectType: 'Finding', subjectId: finding.id, payload: { level: 'LOW', tier: 'TIER_3' } })).seq,
  ]);
  const [otherSeq] = await db.transaction(async (m) => [
    (await appendEvent(m, { actor: 'test', type: 'ORGANIZATION_REGISTERED', subjectType: 'Organization', subjectId: otherDeveloper.id, payload: {} })).seq,
  ]);
  await theirs.waitFor((r) => r.length >= 1);
  await mine.waitFor((r) => r.length >= 3);
  await assessedHigh.waitFor((r) => r.length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  expect(theirs.requests.map(seqOf)).toEqual([otherSeq]);
  expect(mine.requests.map(seqOf)).toHaveLength(3);
  expect(mine.requests.map(seqOf)).not.toContain(otherSeq);
  expect(mine.requests.map(seqOf)[0]).toBe(pingSeq);
  expect(assessedHigh.requests.map(seqOf)).toEqual([highSeq]);
});

test('secret rotation: both signatures during the overlap, the old one verifies until it ends', async () => {
  const receiver = await newReceiver();
  const hook = await createHook(devViewer(), { url: receiver.url, events: ['TEST_PING'], secret: 'first-secret-0123456789' });
  const rot = await gql(
    `mutation ($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret webhook { previousSecretExpiresAt secretRotatedAt } errors { code } } }`,
    { input: { webhookId: hook.id } },
    devViewer(),
  );
  const newSecret = rot.data!.rotateWebhookSecret.secret;
  expect(newSecret).toMatch(/^whsec_/);
  expect(rot.data!.rotateWebhookSecret.webhook.previousSecretExpiresAt).not.toBeNull();
  startWorker();
  await emit(1);
  await receiver.waitFor((r) => r.length >= 1);
  const req = receiver.requests[0]!;
  const header = String(req.headers['x-msr-signature-256']);
  expect(header.split(',')).toHaveLength(2);
  const ts = String(req.headers['x-msr-timestamp']);
  expect(verifyWebhookSignature(newSecret, header, ts, req.body)).toBe(true);
  expect(verifyWebhookSignature('first-secret-0123456789', header, ts, req.body)).toBe(true);
  // Secrets are stored sealed, never in clear.
  const [row] = await db.query(`SELECT encode(secret_ciphertext, 'escape') AS c, encode(previous_secret_ciphertext, 'escape') AS p FROM webhooks WHERE id = $1`, [hook.id]);
  expect(`${row.c}${row.p}`).not.toContain('first-secret');
  expect(`${row.c}${row.p}`).not.toContain(newSecret);
  // The secret is never readable through the API.
  const listed = await gql(`{ webhooks { id } }`, {}, devViewer());
  expect(JSON.stringify(listed.data)).not.toContain('whsec_');
});

describe('SSRF under production rules', () => {
  beforeAll(() => useWebhookSettings({ ...SETTINGS, blockPrivateAddresses: true, allowedHosts: ['allowed.internal.example', '10.9.0.0/16'] }));
  afterAll(() => useWebhookSettings(SETTINGS));

  test.each([
    ['http://127.0.0.1:8080/hook', 'URL_NOT_ALLOWED'],
    ['http://localhost/hook', 'URL_NOT_ALLOWED'],
    ['http://[::1]/hook', 'URL_NOT_ALLOWED'],
    ['http://[::ffff:10.0.0.1]/hook', 'URL_NOT_ALLOWED'],
    ['http://169.254.169.254/latest/meta-data', 'URL_NOT_ALLOWED'],
    ['http://10.1.2.3/hook', 'URL_NOT_ALLOWED'],
    ['http://192.168.0.10/hook', 'URL_NOT_ALLOWED'],
    ['http://100.64.0.1/hook', 'URL_NOT_ALLOWED'],
    ['http://0.0.0.0/hook', 'URL_NOT_ALLOWED'],
    ['ftp://example.com/hook', 'INVALID_URL'],
    ['file:///etc/passwd', 'INVALID_URL'],
    ['https://user:pass@example.com/hook', 'INVALID_URL'],
    ['not a url', 'INVALID_URL'],
  ])('%s is refused (%s)', async (url, code) => {
    const res = await gql(CREATE, { input: { url, events: [] } }, devViewer());
    expect(res.data!.createWebhook.webhook).toBeNull();
    expect(res.data!.createWebhook.errors).toEqual([expect.objectContaining({ code, path: ['url'] })]);
  });

  test('an address inside an allowed range is accepted; the connect-time check refuses a private target', async () => {
    const ok = await gql(CREATE, { input: { url: 'http://10.9.1.1/hook', events: [] } }, devViewer());
    expect(ok.data!.createWebhook.errors).toEqual([]);
    // A webhook written while private addresses were allowed is refused when delivering under production rules.
    const { addressProblem } = ssrf;
    expect(addressProblem({ blockPrivateAddresses: true, allowedHosts: [] }, 'evil.example', '127.0.0.1')).toMatch(/loopback/);
    expect(addressProblem({ blockPrivateAddresses: true, allowedHosts: [] }, 'good.example', '93.184.216.34')).toBeNull();
  });

  test('delivery to a loopback receiver is refused at connect time', async () => {
    const receiver = await newReceiver();
    useWebhookSettings(SETTINGS);
    const hook = await createHook(devViewer(), { url: receiver.url.replace('127.0.0.1', 'localhost'), events: ['TEST_PING'] });
    useWebhookSettings({ ...SETTINGS, blockPrivateAddresses: true });
    startWorker(db, { blockPrivateAddresses: true });
    await emit(1);
    let last: { attempts: number; lastError: string | null } | undefined;
    for (let i = 0; i < 100 && !(last && last.attempts > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      last = (await gql(`query ($id: ID!) { webhookDeliveries(webhookId: $id) { attempts lastError } }`, { id: hook.id }, devViewer())).data!.webhookDeliveries[0];
    }
    expect(last!.lastError).toMatch(/Refused: localhost resolves to 127\.0\.0\.1 \(loopback\)/);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('authorization', () => {
  test('another organization cannot see, change, rotate, redeliver or delete my webhook; regulators see all', async () => {
    const hook = await createHook(devViewer(), { url: 'http://127.0.0.1:9/hook', events: [] });
    const other = as(otherDeveloper, ['DEVELOPER']);
    const listed = await gql(`{ webhooks { id } }`, {}, other);
    expect(listed.data!.webhooks).toEqual([]);
    const log = await gql(`query ($id: ID!) { webhookDeliveries(webhookId: $id) { id } }`, { id: hook.id }, other);
    expect(log.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    for (const [mutation, type, input] of [
      ['updateWebhook', 'UpdateWebhookInput', { webhookId: hook.id, url: 'http://127.0.0.1:10/x' }],
      ['rotateWebhookSecret', 'RotateWebhookSecretInput', { webhookId: hook.id }],
      ['deleteWebhook', 'DeleteWebhookInput', { webhookId: hook.id }],
    ] as const) {
      const res = await gql(`mutation ($input: ${type}!) { ${mutation}(input: $input) { errors { code } } }`, { input }, other);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const anonymous = await harness.executeOperation(db, `{ webhooks { id } }`, {});
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const [stored] = await db.query('SELECT url FROM webhooks WHERE id = $1', [hook.id]);
    expect(stored.url).toBe('http://127.0.0.1:9/hook');
    const reg = await gql(`{ webhooks { id organization { id } } }`, {}, regulatorViewer());
    expect(reg.data!.webhooks).toEqual([{ id: hook.id, organization: { id: developer.globalId } }]);
    // The owner may.
    const del = await gql(`mutation ($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { deletedWebhookId errors { code } } }`, { input: { webhookId: hook.id } }, devViewer());
    expect(del.data!.deleteWebhook).toEqual({ deletedWebhookId: hook.id, errors: [] });
  });

  test('bad input is a typed payload error, not a 500', async () => {
    const res = await gql(CREATE, { input: { url: 'http://127.0.0.1/x', events: ['not an event', 'A', 'A'], secret: 'short', filter: { developerId: ['nope'] } } }, devViewer());
    expect(res.data!.createWebhook.errors.map((e: { code: string; path: string[] }) => [e.code, e.path])).toEqual([
      ['INVALID_EVENT_TYPE', ['events', '0']],
      ['DUPLICATE', ['events', '2']],
      ['INVALID_ID', ['filter', 'developerId', '0']],
      ['INVALID_SECRET', ['secret']],
    ]);
    const upd = await gql(`mutation ($input: UpdateWebhookInput!) { updateWebhook(input: $input) { errors { code path } } }`, { input: { webhookId: 'x' } }, devViewer());
    expect(upd.data!.updateWebhook.errors).toEqual([{ code: 'INVALID_ID', path: ['webhookId'] }]);
  });
});

describe('settings and backoff', () => {
  test('WEBHOOK_* are read in config.ts; bad values name the variable; private addresses stay blocked in production', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks).toMatchObject({ blockPrivateAddresses: false, pollMs: 250, maxAttempts: 12, allowedHosts: [] });
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOWED_HOSTS: ' Hooks.Internal , 10.0.0.0/8 ' }).webhooks.allowedHosts).toEqual(['hooks.internal', '10.0.0.0/8']);
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_POLL_MS: 'soon' })).toThrow(expect.objectContaining({ variable: 'WEBHOOK_POLL_MS' }));
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '10' })).toThrow(expect.objectContaining({ variable: 'WEBHOOK_RETRY_MAX_MS' }));
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOWED_HOSTS: 'http://x/' })).toThrow(expect.objectContaining({ variable: 'WEBHOOK_ALLOWED_HOSTS' }));
    expect(() => loadConfig(productionEnv({ WEBHOOK_BLOCK_PRIVATE: '0' }))).toThrow(expect.objectContaining({ variable: 'WEBHOOK_BLOCK_PRIVATE' }));
    expect(loadConfig(productionEnv()).webhooks.blockPrivateAddresses).toBe(true);
  });

  test('retry delays double with jitter between half and all of the step, up to the cap', () => {
    const cfg = { retryBaseMs: 100, retryMaxMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(cfg, a, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(cfg, a, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
  });
});
