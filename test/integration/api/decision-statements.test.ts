/**
 * Signed decision statements: `ExportDecision.statement` and `ModelVersion.eligibility { statement }`
 * are compact JWS (EdDSA) that verify with nothing but `GET /.well-known/jwks.json`, say exactly
 * what the decision says, fail when tampered with or checked against another key, and are withheld
 * from viewers who may not see a finding they name. `npm run verify-statement` does the same offline.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { DataSource } from 'typeorm';
import { seedDemoData } from '../../../src/seed/demo-data';
import { registryJwks, verifyDecisionStatement } from '../../../src/modules/signing/decision-statement';
import { keyRingFrom } from '../../../src/modules/signing/registry-key';
import { executeOperation, startHttpServer, stopHarness, type HttpServerHandle } from '../../support/graphql-harness';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { partnerAgency, regulator } from '../../support/viewers';

const run = promisify(execFile);
const NOW = new Date('2026-11-27T10:00:00.000Z');

let testDb: TestDatabase;
let db: DataSource;
let http: HttpServerHandle;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  expect(await seedDemoData(db, NOW)).toBe(true);
  http = await startHttpServer(db);
  const res = await fetch(`${http.baseUrl}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/jwk-set+json');
  jwks = (await res.json()) as JSONWebKeySet;
});

afterAll(async () => {
  await http?.stop();
  await stopHarness();
  await testDb?.destroy();
});

const DECISIONS = `{ exportDecisions(first: 20, filter: { jurisdictionCode: "DE" }) { edges { node {
  id outcome computedOutcome tier policyVersion evaluatedAt statement
  jurisdiction { code } reasons { code findingPublicIds } modelVersion { id name model { name developer { name } } } } } } }`;

function tamper(jws: string, change: (p: Record<string, any>) => void): string {
  const [header, payload, signature] = jws.split('.');
  const p = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  change(p);
  return `${header}.${Buffer.from(JSON.stringify(p)).toString('base64url')}.${signature}`;
}

test('the JWKS publishes the registry signing key as an Ed25519 JWK with its kid', () => {
  expect(jwks.keys.length).toBeGreaterThan(0);
  expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
  expect(jwks.keys[0]).not.toHaveProperty('d');
});

test('a stored decision statement verifies with the JWKS alone and states exactly the decision', async () => {
  const r = await executeOperation<any>(db, DECISIONS, {}, { viewer: partnerAgency(), now: NOW });
  expect(r.errors).toBeUndefined();
  const nodes = r.data!.exportDecisions.edges.map((e: any) => e.node);
  expect(nodes.length).toBeGreaterThan(3);
  const [{ n: head }] = await db.query(`SELECT max(seq)::text n FROM events`);
  for (const d of nodes) {
    expect(decodeProtectedHeader(d.statement)).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0]!.kid, typ: 'msr-decision-statement+jws' });
    const check = await verifyDecisionStatement(d.statement, jwks, NOW);
    if (!check.ok) throw new Error(check.problem);
    expect(check.payload).toMatchObject({
      type: 'msr.decision-statement.v1',
      source: 'stored',
      modelVersion: { id: d.modelVersion.id, name: d.modelVersion.name, model: d.modelVersion.model.name, developer: d.modelVersion.model.developer.name },
      jurisdiction: 'DE',
      tier: d.tier,
      outcome: d.outcome,
      computedOutcome: d.computedOutcome,
      reasonCodes: d.reasons.map((x: any) => x.code),
      findingIds: [...new Set(d.reasons.flatMap((x: any) => x.findingPublicIds))].sort(),
      policyVersion: d.policyVersion,
      evaluatedAt: d.evaluatedAt,
    });
    expect(BigInt(check.payload.eventSequence)).toBeLessThanOrEqual(BigInt(head));
    expect(check.payload.exp - check.payload.iat).toBe(30 * 86_400);
  }
});

test('a tampered statement, another key or an expired one does not verify', async () => {
  const r = await executeOperation<any>(db, DECISIONS, {}, { viewer: regulator(), now: NOW });
  const { statement } = r.data!.exportDecisions.edges[0].node;
  expect((await verifyDecisionStatement(tamper(statement, (p) => (p.outcome = 'ELIGIBLE' === p.outcome ? 'PROHIBITED' : 'ELIGIBLE')), jwks)).ok).toBe(false);
  expect((await verifyDecisionStatement(tamper(statement, (p) => p.reasonCodes.pop()), jwks)).ok).toBe(false);
  const other = keyRingFrom({ privateKey: generateKeyPairSync('ed25519').privateKey, keyId: jwks.keys[0]!.kid!, previousKeys: [] } as any);
  expect((await verifyDecisionStatement(statement, await registryJwks(other))).ok).toBe(false);
  expect(await verifyDecisionStatement(statement, jwks, new Date(NOW.getTime() + 31 * 86_400_000))).toMatchObject({ ok: false, problem: expect.stringContaining('expired') });
});

test('a live and an as-of evaluation are signed as evaluations of their moment', async () => {
  const [v] = await db.query(`SELECT id FROM model_versions WHERE name = 'Mythos 5'`);
  const id = Buffer.from(`ModelVersion:${v.id}`).toString('base64url');
  const past = new Date(NOW.getTime() - 30 * 86_400_000);
  const r = await executeOperation<any>(
    db,
    `query ($id: ID!, $past: DateTime) { modelVersion(id: $id) {
       now: eligibility(jurisdictionCode: "DE") { outcome statement }
       then: eligibility(jurisdictionCode: "DE", asOf: $past) { outcome evaluatedAt statement } } }`,
    { id, past: past.toISOString() },
    { viewer: regulator(), now: NOW },
  );
  expect(r.errors).toBeUndefined();
  const { now, then } = r.data!.modelVersion;
  const live = await verifyDecisionStatement(now.statement, jwks, NOW);
  const replay = await verifyDecisionStatement(then.statement, jwks, NOW);
  if (!live.ok || !replay.ok) throw new Error('statements do not verify');
  expect(live.payload).toMatchObject({ source: 'evaluation', outcome: now.outcome, evaluatedAt: NOW.toISOString() });
  expect(replay.payload).toMatchObject({ source: 'evaluation', outcome: then.outcome, evaluatedAt: past.toISOString() });
  const [{ n }] = await db.query(`SELECT coalesce(max(seq), 0)::text n FROM events WHERE occurred_at <= $1`, [past]);
  expect(replay.payload.eventSequence).toBe(n);
});

test('a viewer who may not see a finding a decision names gets no statement', async () => {
  // Anonymous callers do not see findings before their public disclosure; decisions naming one are withheld.
  const [v] = await db.query(
    `SELECT d.model_version_id AS id FROM export_decisions d JOIN decision_explanations e ON e.id = d.explanation_id, jsonb_array_elements(e.reasons) r,
            jsonb_array_elements_text(r->'refs'->'findingPublicIds') pid, findings f
      WHERE f.public_id = pid AND NOT EXISTS (SELECT 1 FROM disclosures x WHERE x.finding_id = f.id AND x.audience = 'PUBLIC') LIMIT 1`,
  );
  const q = `query ($v: ID) { exportDecisions(first: 100, filter: { modelVersionId: $v }) { edges { node { id statement reasons { findingPublicIds } } } } }`;
  const vars = { v: Buffer.from(`ModelVersion:${v.id}`).toString('base64url') };
  const anonymous = (await executeOperation<any>(db, q, vars, { now: NOW })).data!.exportDecisions.edges.map((e: any) => e.node);
  const full = (await executeOperation<any>(db, q, vars, { viewer: regulator(), now: NOW })).data!.exportDecisions.edges.map((e: any) => e.node);
  const ids = (d: any) => d.reasons.flatMap((x: any) => x.findingPublicIds).join(',');
  let withheld = 0;
  anonymous.forEach((d: any, i: number) => {
    expect(full[i].id).toBe(d.id);
    expect(typeof full[i].statement).toBe('string');
    if (ids(full[i]) !== ids(d)) {
      expect(d.statement).toBeNull();
      withheld++;
    } else expect(typeof d.statement).toBe('string');
  });
  expect(withheld).toBeGreaterThan(0);
});

test('npm run verify-statement verifies offline with a saved JWKS and refuses a tampered statement', async () => {
  const r = await executeOperation<any>(db, DECISIONS, {}, { viewer: regulator(), now: NOW });
  const { statement } = r.data!.exportDecisions.edges[0].node;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msr-jwks-'));
  const file = path.join(dir, 'jwks.json');
  fs.writeFileSync(file, JSON.stringify(jwks));
  const script = path.join(__dirname, '../../../src/scripts/verify-statement.ts');
  const tsx = path.join(__dirname, '../../../node_modules/.bin/tsx');
  const ok = await run(tsx, [script, statement, '--jwks', file, '--at', NOW.toISOString()]);
  expect(ok.stdout).toContain('statement valid');
  await expect(run(tsx, [script, tamper(statement, (p) => (p.jurisdiction = 'FR')), '--jwks', file])).rejects.toMatchObject({ code: 1 });
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
