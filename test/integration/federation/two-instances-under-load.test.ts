/**
 * Two registry processes (`tsx src/main.ts`) on one database behind Hive Gateway, under load
 * (issue 18). Gateway W writes through a balancer that prefers instance A; gateway R reads and
 * subscribes through one that prefers instance B (both fall back to the other instance, as a
 * Service would). Mid-load, A is killed with SIGKILL:
 *
 * - reads through R never fail, and B keeps serving the writes through W after the failover;
 * - every mutation is retried with its idempotency key until acknowledged: each key wrote once;
 * - nothing acknowledged is lost: every acknowledged finding is in the database, and in both
 *   subscribers' streams exactly once, in order;
 * - the subscriber through W (on A) is cut, and resumes through B with `since` = its last cursor.
 *
 * Loopback only; bounded at 60 s.
 */
import { composeServices } from '@theguild/federation-composition';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { buildSchema } from '../../../src/graphql/schema';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createDeveloper, createModel, createModelVersion } from '../../support/factories';
import { startFailoverProxy, type FailoverProxy } from '../../support/failover-proxy';
import { startHiveGateway, type HiveGateway } from '../../support/hive-gateway';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { sseSubscribe } from '../../support/sse-subscription';
import { sleep, waitFor } from '../../support/subscription-client';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

const WRITES = 40;
const WRITERS = 4;
const FEED = `subscription Feed($since: String) {
  registryEvents(since: $since, filter: { type: ["FINDING_REPORTED"] }) { cursor event { sequence type subjectId } }
}`;
const REPORT = `mutation Report($input: ReportFindingInput!) {
  reportFinding(input: $input) { finding { id publicId title } errors { code message } }
}`;

let tdb: TestDatabase;
let db: DataSource;
let a: ServerProcess;
let b: ServerProcess;
let viaA: FailoverProxy;
let viaB: FailoverProxy;
let gatewayW: HiveGateway;
let gatewayR: HiveGateway;
let versionId: string;
let token: string;

beforeAll(async () => {
  tdb = await createTestDataSource();
  db = tdb.dataSource;
  const developer = await createDeveloper(db, { name: 'Load Labs' });
  const model = await createModel(db, { developer_id: developer.id, name: 'Loadstar' });
  versionId = (await createModelVersion(db, { model_id: model.id, name: 'Loadstar 1' })).globalId;
  const env = { COST_BUDGET_PER_MINUTE: '100000000', DECISION_SWEEP_SECONDS: '0', EVENT_CHECKPOINT_SECONDS: '0' };
  [a, b] = await Promise.all([startServerProcess(tdb.url, env), startServerProcess(tdb.url, env)]);
  viaA = await startFailoverProxy([a.port, b.port]);
  viaB = await startFailoverProxy([b.port, a.port]);
  const sdl = printSubgraphSchema(buildSchema());
  const supergraphFor = (port: number) => {
    const result = composeServices([{ name: 'registry', typeDefs: parse(sdl), url: `http://127.0.0.1:${port}/graphql` }]);
    if (!result.supergraphSdl) throw new Error(JSON.stringify(result.errors));
    return result.supergraphSdl;
  };
  // Subscriptions reach the registry over graphql-ws with the caller's token; no silent
  // re-subscription by the gateway (it would replay from the original `since`): the client resumes.
  const subscriptions = {
    transportEntries: {
      registry: {
        options: {
          subscriptions: {
            kind: 'ws',
            location: '/graphql',
            options: { connectionParams: { authorization: '{context.headers.authorization}' }, retryAttempts: 0 },
          },
        },
      },
    },
  };
  gatewayW = await startHiveGateway(supergraphFor(viaA.port), subscriptions);
  gatewayR = await startHiveGateway(supergraphFor(viaB.port), subscriptions);
  token = await mintDevToken(loadConfig({ NODE_ENV: 'test' }).auth, { subject: 'load@registry.example', roles: ['REGULATOR'] });
}, 45_000);

afterAll(async () => {
  await gatewayW?.stop();
  await gatewayR?.stop();
  await viaA?.stop();
  await viaB?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
  await tdb?.destroy();
});

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5_000),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

/**
 * A subscriber that resumes with `since` = its last cursor whenever its stream ends or fails, and
 * drops a message whose cursor is not after its last (a replay: cursors increase along the log).
 */
function resumingSubscriber(url: string, since: string, stop: AbortSignal) {
  const state = { cursors: [] as string[], subjects: [] as string[], resumes: 0, replayed: 0, last: since };
  const done = (async () => {
    while (!stop.aborted) {
      try {
        for await (const payload of sseSubscribe(url, FEED, { since: state.last }, { authorization: `Bearer ${token}` }, stop)) {
          if (payload.errors) break; // the upstream instance went away: resume
          const message = payload.data.registryEvents;
          if (BigInt(message.cursor) <= BigInt(state.last)) {
            state.replayed++;
            continue;
          }
          state.cursors.push(message.cursor);
          state.subjects.push(message.event.subjectId);
          state.last = message.cursor;
        }
      } catch {
        // connection reset or aborted
      }
      if (stop.aborted) break;
      state.resumes++;
      await sleep(100);
    }
  })();
  return { state, done };
}

test('A is killed mid-load: B keeps serving, retried writes land once, nothing acknowledged is lost, subscribers resume', async () => {
  const started = Date.now();
  const [{ seq: since }] = await db.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM events`);
  const stop = new AbortController();
  const onR = resumingSubscriber(gatewayR.url, since, stop.signal);
  const onW = resumingSubscriber(gatewayW.url, since, stop.signal);
  await sleep(500); // both subscriptions registered (they replay from `since` anyway)

  // Reads through R for the whole run.
  let reads = 0;
  const readErrors: string[] = [];
  let writing = true;
  const reader = (async () => {
    while (writing) {
      try {
        const r = await post(gatewayR.url, `{ findings(first: 5) { totalCount } }`, {});
        if (r.errors) readErrors.push(JSON.stringify(r.errors));
        else reads++;
      } catch (err) {
        readErrors.push(String(err));
      }
    }
  })();

  // Writers through W; each write retried with its idempotency key until acknowledged.
  const acknowledged = new Map<string, { id: string; publicId: string }>();
  let attempts = 0;
  let failedAttempts = 0;
  let next = 0;
  const writer = async () => {
    while (next < WRITES) {
      const i = next++;
      const key = `load-${i}`;
      for (;;) {
        attempts++;
        try {
          const r = await post(gatewayW.url, REPORT, {
            input: { affectedVersionIds: [versionId], title: `Load finding ${i}`, category: 'JAILBREAK', summary: 'Under load.', discoveredAt: '2026-11-20T00:00:00Z', idempotencyKey: key },
          });
          const finding = r.data?.reportFinding?.finding;
          if (finding && !r.errors) {
            acknowledged.set(key, finding);
            break;
          }
        } catch {
          // reset mid-request: the outcome is unknown, so retry with the same key
        }
        failedAttempts++;
        await sleep(50);
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);

  await waitFor(() => acknowledged.size >= WRITES / 4, 20_000, () => `${acknowledged.size} writes acknowledged`);
  // The subscriber on A has seen events before A dies (so a replay, if any, is observable).
  await waitFor(() => onW.state.subjects.length > 0, 10_000, () => 'a first event on the subscriber through W');
  await a.kill('SIGKILL');
  const killedAfter = acknowledged.size;
  await Promise.all(writers);
  writing = false;
  await reader;

  // Every acknowledged write is in the database, once per key.
  expect(acknowledged.size).toBe(WRITES);
  expect(killedAfter).toBeLessThan(WRITES);
  const rows = (await db.query(`SELECT title, count(*)::int AS n FROM findings WHERE title LIKE 'Load finding %' GROUP BY title`)) as { title: string; n: number }[];
  expect(rows).toHaveLength(WRITES);
  expect(rows.every((r) => r.n === 1)).toBe(true);
  // Reads through R (on B) never failed.
  expect(readErrors).toEqual([]);
  expect(reads).toBeGreaterThan(0);

  // Both subscribers end with every acknowledged finding exactly once, in log order.
  const expected = new Set([...acknowledged.values()].map((f) => f.id));
  const complete = (s: { subjects: string[] }) => [...expected].every((id) => s.subjects.includes(id));
  await waitFor(() => complete(onR.state) && complete(onW.state), 15_000, () => `R ${onR.state.subjects.length}, W ${onW.state.subjects.length} of ${WRITES}`);
  stop.abort();
  await Promise.all([onR.done, onW.done]);
  for (const s of [onR.state, onW.state]) {
    expect(s.subjects).toHaveLength(WRITES);
    expect(new Set(s.subjects)).toEqual(expected);
    const seqs = s.cursors.map(BigInt);
    expect(seqs.every((v, i) => i === 0 || v > seqs[i - 1]!)).toBe(true);
  }
  // The subscriber on A was cut: Hive Gateway reconnects upstream (through the balancer, to B) and
  // re-subscribes with the original `since`, so the subscriber sees a replay it drops — or, had the
  // gateway given up, the subscriber resumes with its last cursor. The one on B saw neither.
  expect(onW.state.replayed + onW.state.resumes).toBeGreaterThanOrEqual(1);
  expect(onR.state).toMatchObject({ replayed: 0, resumes: 0 });
  expect(viaA.connectionsTo.get(b.port) ?? 0).toBeGreaterThan(0);
  console.log(
    `two instances under load: ${WRITES} writes (${attempts} attempts, ${failedAttempts} retried; A killed after ${killedAfter}), ${reads} reads without error, ` +
      `subscriber on A: ${onW.state.replayed} replayed message(s) dropped, ${onW.state.resumes} resume(s); ${Date.now() - started} ms`,
  );
}, 60_000);
