/**
 * Issue 11, defect 2, over the real HTTP server with signed tokens: an auditor reads exploit
 * details only through an OPEN audit it is qualified for *now* — of an affected version, or a
 * RETEST audit of the fix version naming the finding — and no longer once the audit completes
 * (no grace in the starting policy). Opening an audit needs an accreditation in force now, whatever
 * `startedAt` says, and no declared conflict with the developer. `Accreditation.status` derives
 * from the dates.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { STARTING_POLICY } from '../../../src/domain/policy/starting-policy';
import type { Role } from '../../../src/modules/access/rules';
import { postGraphQL, startAccessServer, type AccessServer, type Persona } from '../../support/access-fixture';
import {
  createAccreditation,
  createAudit,
  createAuditFinding,
  createAuditor,
  createDeveloper,
  createFinding,
  createModel,
  createModelVersion,
  createPolicyVersion,
  insertRow,
  type NodeRow,
} from '../../support/factories';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

const DAY = 86_400_000;
/** The server's clock is the real one: every date here is relative to it. */
const daysFromNow = (n: number) => new Date(Date.now() + n * DAY);

let testDb: TestDatabase;
let db: DataSource;
let server: AccessServer;

let lab: NodeRow; // the developer whose findings are read
let otherLab: NodeRow;
let version: NodeRow; // affected by findingFixed and findingOther
let fixVersion: NodeRow; // the fix of findingFixed
let otherLabVersion: NodeRow;
let findingFixed: NodeRow;
let findingOther: NodeRow;
let findingOfOtherLab: NodeRow;
const SECRET: Record<string, string> = {};

const persona = (subject: string, organizationId: string, roles: Role[] = ['AUDITOR']): Persona => ({
  name: subject,
  viewer: { subject, organizationId, roles },
});

async function run(who: Persona | null, query: string, variables: Record<string, unknown> = {}) {
  const token = who ? await server.tokenFor(who) : undefined;
  const res = await postGraphQL(server.url, { query, variables }, token);
  expect(res.body.errors).toBeUndefined();
  return res.body.data;
}

const DETAILS = `query ($id: ID!) { finding(id: $id) { publicId restrictedDetails { prompts } } }`;
async function detailsSeenBy(who: Persona, finding: NodeRow): Promise<string | null> {
  const data = await run(who, DETAILS, { id: finding.globalId });
  expect(data.finding.publicId).toBe(finding.public_id);
  return data.finding.restrictedDetails?.prompts ?? null;
}

const OPEN_AUDIT = `mutation ($input: OpenAuditInput!) {
  openAudit(input: $input) { audit { id status rowVersion } errors { code message path } } }`;

/** Rows a refused write must not have touched. */
async function writeFingerprint(): Promise<Record<string, number>> {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM audits)::int AS audits, (SELECT count(*) FROM audit_findings)::int AS audit_findings,
            (SELECT count(*) FROM events)::int AS events`,
  );
  return row;
}

async function readEventsOf(finding: NodeRow, actor: string): Promise<number> {
  const [row] = await db.query(
    `SELECT count(*)::int AS n FROM events WHERE type = 'RESTRICTED_DETAILS_READ' AND subject_id = $1 AND actor = $2`,
    [finding.id, actor],
  );
  return row.n;
}

/** An auditor organization with an Ed25519 attestation key and, optionally, one accreditation. */
async function auditorWith(accreditation: Record<string, unknown> | null) {
  const keys = generateKeyPairSync('ed25519');
  const org = await createAuditor(db, { attestation_public_key: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  if (accreditation) await createAccreditation(db, { auditor_id: org.id, ...accreditation });
  return { org, keys, who: persona(`user-of-${org.name}`, org.id) };
}

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await createPolicyVersion(db);
  lab = await createDeveloper(db);
  otherLab = await createDeveloper(db);
  const model = await createModel(db, { developer_id: lab.id });
  version = await createModelVersion(db, { model_id: model.id });
  fixVersion = await createModelVersion(db, { model_id: model.id });
  otherLabVersion = await createModelVersion(db, { model_id: (await createModel(db, { developer_id: otherLab.id })).id });
  const withSecret = async (developer: NodeRow, affected: NodeRow, fixedIn: NodeRow | null) => {
    const prompt = `SECRET-PROMPT-${developer.id}-${affected.id}-${fixedIn?.id ?? 'none'}`;
    const f = await createFinding(
      db,
      { developer_id: developer.id, category: 'JAILBREAK', fixed_in_version_id: fixedIn?.id ?? null, fixed_in_version_recorded_at: fixedIn ? new Date() : null },
      { affectedVersionIds: [affected.id], level: 'HIGH', restrictedDetails: { prompts: prompt } },
    );
    SECRET[f.id] = prompt;
    return f;
  };
  findingFixed = await withSecret(lab, version, fixVersion);
  findingOther = await withSecret(lab, version, null);
  findingOfOtherLab = await withSecret(otherLab, otherLabVersion, null);
  server = await startAccessServer(db, { COST_BUDGET_PER_MINUTE: '10000000' });
});

afterAll(async () => {
  await server?.stop();
  await testDb?.destroy();
});

describe('opening an audit', () => {
  test('a lapsed auditor cannot open a backdated audit: NOT_ACCREDITED, nothing written, no details', async () => {
    // Accredited for a year that ended a month ago; startedAt inside that old validity.
    const lapsed = await auditorWith({ valid_from: daysFromNow(-400), valid_until: daysFromNow(-30) });
    const before = await writeFingerprint();
    const data = await run(lapsed.who, OPEN_AUDIT, {
      input: {
        auditorId: lapsed.org.globalId,
        modelVersionId: otherLabVersion.globalId,
        kind: 'INITIAL',
        scopes: ['JAILBREAK'],
        startedAt: daysFromNow(-60).toISOString(),
      },
    });
    expect(data.openAudit.audit).toBeNull();
    expect(data.openAudit.errors).toEqual([expect.objectContaining({ code: 'NOT_ACCREDITED', path: ['scopes', '0'] })]);
    expect(await writeFingerprint()).toEqual(before);
    expect(await detailsSeenBy(lapsed.who, findingOfOtherLab)).toBeNull();
  });

  test('a startedAt before the accreditation came into force is refused on startedAt', async () => {
    const fresh = await auditorWith({ valid_from: daysFromNow(-10), valid_until: null });
    const before = await writeFingerprint();
    const data = await run(fresh.who, OPEN_AUDIT, {
      input: { auditorId: fresh.org.globalId, modelVersionId: version.globalId, kind: 'INITIAL', scopes: ['JAILBREAK'], startedAt: daysFromNow(-20).toISOString() },
    });
    expect(data.openAudit.audit).toBeNull();
    expect(data.openAudit.errors).toEqual([expect.objectContaining({ code: 'STARTED_BEFORE_ACCREDITATION', path: ['startedAt'] })]);
    expect(await writeFingerprint()).toEqual(before);
  });

  test('an auditor with a declared conflict with the developer cannot open an audit of its model', async () => {
    const conflicted = await auditorWith({ valid_from: daysFromNow(-100), valid_until: null });
    const declared = await run(
      conflicted.who,
      `mutation ($input: DeclareConflictOfInterestInput!) { declareConflictOfInterest(input: $input) { errors { code } } }`,
      { input: { auditorId: conflicted.org.globalId, developerId: lab.globalId, description: 'Paid consulting.', periodStart: daysFromNow(-50).toISOString() } },
    );
    expect(declared.declareConflictOfInterest.errors).toEqual([]);
    const before = await writeFingerprint();
    const data = await run(conflicted.who, OPEN_AUDIT, {
      input: { auditorId: conflicted.org.globalId, modelVersionId: version.globalId, kind: 'INITIAL', scopes: ['JAILBREAK'] },
    });
    expect(data.openAudit.audit).toBeNull();
    expect(data.openAudit.errors).toEqual([expect.objectContaining({ code: 'CONFLICT_OF_INTEREST', path: ['auditorId'] })]);
    expect(await writeFingerprint()).toEqual(before);
    expect(await detailsSeenBy(conflicted.who, findingFixed)).toBeNull();
  });
});

test('Accreditation.status derives from the dates; a recorded SUSPENDED stays', async () => {
  const auditor = await createAuditor(db);
  const cases: [body: string, values: Record<string, unknown>, status: string][] = [
    ['Ended', { valid_from: daysFromNow(-400), valid_until: daysFromNow(-1) }, 'EXPIRED'],
    ['Current', { valid_from: daysFromNow(-400), valid_until: daysFromNow(30) }, 'ACTIVE'],
    ['Open-ended', { valid_from: daysFromNow(-1), valid_until: null }, 'ACTIVE'],
    ['Future', { valid_from: daysFromNow(10), valid_until: daysFromNow(400) }, 'NOT_YET_VALID'],
    ['Suspended', { valid_from: daysFromNow(-400), valid_until: daysFromNow(30), status: 'SUSPENDED' }, 'SUSPENDED'],
  ];
  for (const [body, values] of cases) await createAccreditation(db, { auditor_id: auditor.id, body, ...values });
  const data = await run(null, `query ($id: ID!) { organization(id: $id) { accreditations { body status } } }`, { id: auditor.globalId });
  const statusOf = Object.fromEntries(data.organization.accreditations.map((a: any) => [a.body, a.status]));
  expect(statusOf).toEqual(Object.fromEntries(cases.map(([body, , status]) => [body, status])));

  // NOT_YET_VALID is derived, never recorded.
  const before = await writeFingerprint();
  const refused = await run(
    persona('user-regulator', lab.id, ['REGULATOR']),
    `mutation ($input: RegisterAccreditationInput!) { registerAccreditation(input: $input) { errors { code path } } }`,
    { input: { auditorId: auditor.globalId, body: 'Later', scopes: ['JAILBREAK'], validFrom: daysFromNow(10).toISOString(), status: 'NOT_YET_VALID' } },
  );
  expect(refused.registerAccreditation.errors).toEqual([{ code: 'DERIVED_STATUS', path: ['status'] }]);
  expect(await writeFingerprint()).toEqual(before);
});

describe('reading restricted details as an auditor', () => {
  test('an open, qualified audit of an affected version gives the details (and the read is recorded); completion ends it', async () => {
    const auditor = await auditorWith({ valid_from: daysFromNow(-100), valid_until: daysFromNow(300) });
    const opened = await run(auditor.who, OPEN_AUDIT, {
      input: { auditorId: auditor.org.globalId, modelVersionId: version.globalId, kind: 'INITIAL', scopes: ['JAILBREAK', 'GENERAL'] },
    });
    expect(opened.openAudit.errors).toEqual([]);
    expect(opened.openAudit.audit.status).toBe('OPEN');

    expect(await detailsSeenBy(auditor.who, findingFixed)).toBe(SECRET[findingFixed.id]);
    expect(await detailsSeenBy(auditor.who, findingOther)).toBe(SECRET[findingOther.id]);
    expect(await readEventsOf(findingFixed, auditor.who.viewer!.subject!)).toBe(1);
    // Another developer's finding stays out of reach.
    expect(await detailsSeenBy(auditor.who, findingOfOtherLab)).toBeNull();

    // Complete it, signed with the auditor's key, through the API.
    const completion = {
      auditId: opened.openAudit.audit.id,
      expectedRowVersion: opened.openAudit.audit.rowVersion,
      outcome: 'PASS',
      completedAt: new Date().toISOString(),
      attestationSignature: '',
    };
    const { auditAttestationPayload: payload } = await run(auditor.who, `query ($input: CompleteAuditInput!) { auditAttestationPayload(input: $input) }`, {
      input: completion,
    });
    expect(typeof payload).toBe('string');
    const signature = sign(null, Buffer.from(payload, 'utf8'), auditor.keys.privateKey).toString('base64');
    const completed = await run(
      auditor.who,
      `mutation ($input: CompleteAuditInput!) { completeAudit(input: $input) { audit { status } errors { code message path } } }`,
      { input: { ...completion, attestationSignature: signature } },
    );
    expect(completed.completeAudit).toEqual({ audit: { status: 'COMPLETED' }, errors: [] });

    expect(await detailsSeenBy(auditor.who, findingFixed)).toBeNull();
    expect(await readEventsOf(findingFixed, auditor.who.viewer!.subject!)).toBe(1);
  });

  test('a RETEST audit of the fix version naming the finding gives that finding\'s details, not other findings\'', async () => {
    const retester = await auditorWith({ valid_from: daysFromNow(-100), valid_until: null });
    const opened = await run(retester.who, OPEN_AUDIT, {
      input: {
        auditorId: retester.org.globalId,
        modelVersionId: fixVersion.globalId,
        kind: 'RETEST',
        scopes: ['JAILBREAK'],
        retestFindingIds: [findingFixed.globalId],
      },
    });
    expect(opened.openAudit.errors).toEqual([]);
    expect(await detailsSeenBy(retester.who, findingFixed)).toBe(SECRET[findingFixed.id]);
    expect(await detailsSeenBy(retester.who, findingOther)).toBeNull();
    expect(await detailsSeenBy(retester.who, findingOfOtherLab)).toBeNull();
  });

  test('an audit still OPEN gives nothing once the accreditation has lapsed, is suspended, or a conflict is declared', async () => {
    const setups: [label: string, accreditation: Record<string, unknown>, conflict: boolean][] = [
      ['lapsed yesterday', { valid_from: daysFromNow(-400), valid_until: daysFromNow(-1) }, false],
      ['suspended', { valid_from: daysFromNow(-400), valid_until: null, status: 'SUSPENDED' }, false],
      ['conflicted since the audit opened', { valid_from: daysFromNow(-400), valid_until: null }, true],
      ['accredited for other scopes only', { valid_from: daysFromNow(-400), valid_until: null, scopes: ['CBRN'] }, false],
    ];
    for (const [label, accreditation, conflict] of setups) {
      const auditor = await auditorWith(accreditation);
      await createAudit(db, {
        auditor_id: auditor.org.id,
        model_version_id: version.id,
        status: 'OPEN',
        completed_at: null,
        outcome: null,
        started_at: daysFromNow(-30),
      });
      if (conflict) {
        await insertRow(db, 'conflicts_of_interest', { auditor_id: auditor.org.id, developer_id: lab.id, description: 'Hired.', period_start: daysFromNow(-5) });
      }
      expect({ label, details: await detailsSeenBy(auditor.who, findingFixed) }).toEqual({ label, details: null });
    }
    // The control: the same open audit with an accreditation in force gives the details.
    const control = await auditorWith({ valid_from: daysFromNow(-400), valid_until: null });
    await createAudit(db, { auditor_id: control.org.id, model_version_id: version.id, status: 'OPEN', completed_at: null, outcome: null, started_at: daysFromNow(-30) });
    expect(await detailsSeenBy(control.who, findingFixed)).toBe(SECRET[findingFixed.id]);
  });

  test('a policy-set grace keeps access for that long after completion, no longer', async () => {
    const auditor = await auditorWith({ valid_from: daysFromNow(-400), valid_until: null });
    await createAudit(db, { auditor_id: auditor.org.id, model_version_id: version.id, started_at: daysFromNow(-20), completed_at: daysFromNow(-2) });
    const old = await createAudit(db, { auditor_id: auditor.org.id, model_version_id: fixVersion.id, kind: 'RETEST', started_at: daysFromNow(-30), completed_at: daysFromNow(-10) });
    await createAuditFinding(db, { audit_id: old.id, finding_id: findingFixed.id, role: 'RETESTED', retest_result: 'PASS' });
    expect(await detailsSeenBy(auditor.who, findingOther)).toBeNull();

    // A later policy version with a 7-day grace (published directly; the rule reads the policy in force).
    const version2 = `${STARTING_POLICY.version}-grace`;
    const effectiveFrom = daysFromNow(-1).toISOString();
    await createPolicyVersion(db, {
      version: version2,
      effective_from: new Date(effectiveFrom),
      document: { ...STARTING_POLICY, version: version2, effectiveFrom, audits: { ...STARTING_POLICY.audits, restrictedAccessGrace: { days: 7, source: 'Test grace.' } } },
    });
    // Completed two days ago (within the grace): the audit of an affected version gives findingOther.
    expect(await detailsSeenBy(auditor.who, findingOther)).toBe(SECRET[findingOther.id]);
    // findingFixed is reachable through both audits: the recent one (affected version) suffices...
    expect(await detailsSeenBy(auditor.who, findingFixed)).toBe(SECRET[findingFixed.id]);
    // ...while the retest that completed ten days ago (beyond the grace) alone would not.
    const onlyOld = await auditorWith({ valid_from: daysFromNow(-400), valid_until: null });
    const old2 = await createAudit(db, { auditor_id: onlyOld.org.id, model_version_id: fixVersion.id, kind: 'RETEST', started_at: daysFromNow(-30), completed_at: daysFromNow(-10) });
    await createAuditFinding(db, { audit_id: old2.id, finding_id: findingFixed.id, role: 'RETESTED', retest_result: 'PASS' });
    expect(await detailsSeenBy(onlyOld.who, findingFixed)).toBeNull();
  });
});
