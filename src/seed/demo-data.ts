/**
 * The demo story of DOMAIN.md at its starting point: Northwind AI has released Fable 5 and
 * Mythos 5, both passed an independent audit by Sentinel Assurance and are eligible in TIER_1 and
 * TIER_2; a handful of older findings of every severity and status; every ISO country; the
 * starting policy. Beside it, a second developer in the middle of a crisis (Tessera Labs, Lumen 3
 * and 3.1): an open CRITICAL universal jailbreak with overdue clocks that suspends both versions,
 * a fresh unassessed report, a regulator's precautionary override in force on Lumen 2, and a
 * pending policy draft that tightens the CRITICAL timeline. Every date of the crisis is relative
 * to `now`. Loaded once, in one transaction, only into an empty registry.
 */
import { sign } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  AuditScope,
  CapabilityDomain,
  FindingCategory,
  FindingStatus,
  OrganizationKind,
  WeightAvailability,
} from '../domain/enums';
import type { AiFactors } from '../domain/facts';
import { assessSeverity } from '../domain/severity';
import { STARTING_POLICY } from '../domain/policy/starting-policy';
import { validatePolicyDocument } from '../domain/policy/validate-policy-document';
import { appendEvent } from '../modules/events/event-log';
import { applyOverride, decisionRow } from '../modules/decisions/mutations';
import { recomputeDecisions } from '../modules/decisions/recompute-decisions';
import { proposeChange } from '../modules/proposed-changes/store';
import { createContext } from '../graphql/context';
import { attestationPayload } from '../modules/audits/attestation';
import { insertRestrictedDetails } from '../modules/findings/restricted-details-store';
import { DEMO_SENTINEL_KEYS } from './demo-keys';

const ACTOR = 'seed:demo';
const day = (iso: string) => new Date(`${iso}T09:00:00Z`);
const daysAgo = (now: Date, n: number) => new Date(now.getTime() - n * 86_400_000);
/** A fixed calendar day (09:00 UTC) or a moment relative to `now`. */
const when = (d: string | Date) => (typeof d === 'string' ? day(d) : d);

/** Loads the demo data unless the registry already has organizations. Returns whether it did. */
export async function seedDemoData(db: DataSource, now: Date = new Date()): Promise<boolean> {
  return db.transaction(async (m) => {
    // Serialise concurrent starters; the second one sees the data and does nothing.
    await m.query('SELECT pg_advisory_xact_lock(7301965)');
    const [{ count }] = await m.query('SELECT count(*)::int AS count FROM organizations');
    if (count > 0) return false;
    await loadDemo(m, now);
    return true;
  });
}

async function insert<T extends Record<string, unknown>>(m: EntityManager, table: string, row: T): Promise<string> {
  const cols = Object.keys(row);
  const [r] = await m.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(row),
  );
  return (r.id ?? r.finding_id) as string;
}

async function event(m: EntityManager, type: string, subjectType: string, subjectId: string, payload: Record<string, unknown>, at?: Date) {
  await appendEvent(m, { actor: ACTOR, type, subjectType, subjectId, payload, occurredAt: at });
}

async function loadDemo(m: EntityManager, now: Date): Promise<void> {
  // Policy
  const policy = validatePolicyDocument(STARTING_POLICY);
  if (!policy.ok) throw new Error(`starting policy is invalid: ${JSON.stringify(policy.errors)}`);
  const policyId = await insert(m, 'policy_versions', {
    version: STARTING_POLICY.version,
    effective_from: new Date(STARTING_POLICY.effectiveFrom),
    document: JSON.stringify(STARTING_POLICY),
    summary: 'The starting policy of the framework (DOMAIN.md).',
    published_by: ACTOR,
    // The demo's history begins before it is loaded: the policy was published when it took effect.
    published_at: new Date(STARTING_POLICY.effectiveFrom),
  });
  await event(m, 'POLICY_PUBLISHED', 'PolicyVersion', policyId, { version: STARTING_POLICY.version });

  // Jurisdictions come with the migrations (reference data); the policy places each in a tier.

  // Organizations
  const org = async (name: string, kind: OrganizationKind, country: string, website: string, publicKey?: string) => {
    const id = await insert(m, 'organizations', {
      name,
      kind,
      country_code: country,
      website,
      attestation_public_key: publicKey ?? null,
    });
    await event(m, 'ORGANIZATION_REGISTERED', 'Organization', id, { name, kind, countryCode: country });
    return id;
  };
  const northwind = await org('Northwind AI', 'DEVELOPER', 'US', 'https://northwind.example');
  const helix = await org('Helix Systems', 'DEVELOPER', 'GB', 'https://helix.example');
  const sentinel = await org(
    'Sentinel Assurance',
    'AUDITOR',
    'GB',
    'https://sentinel.example',
    DEMO_SENTINEL_KEYS.publicKeyPem,
  );
  const keystone = await org('Keystone Evaluations', 'AUDITOR', 'DE', 'https://keystone.example');
  await org('Office of AI Security', 'AGENCY', 'US', 'https://oais.example.gov');
  await org('Federal AI Safety Office', 'AGENCY', 'DE', 'https://faiso.example.de');
  const redline = await org('Redline Research', 'RESEARCHER', 'CA', 'https://redline.example');

  // Accreditations and conflicts
  await insert(m, 'accreditations', {
    auditor_id: sentinel,
    body: 'UK Accreditation Service (UKAS)',
    scopes: ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'CYBER_OFFENSE', 'GENERAL'] satisfies AuditScope[],
    valid_from: day('2025-06-01'),
    valid_until: day('2028-06-01'),
    status: 'ACTIVE',
  });
  await insert(m, 'accreditations', {
    auditor_id: keystone,
    body: 'Deutsche Akkreditierungsstelle (DAkkS)',
    scopes: ['JAILBREAK', 'GENERAL'] satisfies AuditScope[],
    valid_from: day('2024-01-01'),
    valid_until: day('2026-03-31'),
    status: 'EXPIRED',
  });
  await insert(m, 'conflicts_of_interest', {
    auditor_id: keystone,
    developer_id: helix,
    description: 'Paid red-teaming engagement for Helix Systems.',
    period_start: day('2025-02-01'),
    period_end: day('2025-09-30'),
  });

  // Models and versions
  const model = async (developer: string, name: string, description: string) => {
    const id = await insert(m, 'models', { developer_id: developer, name, description });
    await event(m, 'MODEL_REGISTERED', 'Model', id, { name });
    return id;
  };
  const version = async (
    modelId: string,
    developer: string,
    name: string,
    released: string | Date,
    compute: number,
    weights: WeightAvailability,
    domains: CapabilityDomain[],
    status: 'ACTIVE' | 'RETIRED' = 'ACTIVE',
  ) => {
    const id = await insert(m, 'model_versions', {
      model_id: modelId,
      developer_id: developer,
      name,
      released_at: when(released),
      training_compute_ops: compute,
      weight_availability: weights,
      capability_domains: domains,
      access_status: status,
    });
    await insert(m, 'model_version_status_changes', {
      model_version_id: id,
      from_status: null,
      to_status: 'ACTIVE',
      reason: 'Released',
      actor: ACTOR,
      occurred_at: when(released),
    });
    if (status === 'RETIRED') {
      await insert(m, 'model_version_status_changes', {
        model_version_id: id,
        from_status: 'ACTIVE',
        to_status: 'RETIRED',
        reason: 'Superseded by the next release',
        actor: ACTOR,
        occurred_at: day('2026-09-20'),
      });
    }
    await event(m, 'MODEL_VERSION_REGISTERED', 'ModelVersion', id, { name, accessStatus: status });
    return id;
  };
  const fable = await model(northwind, 'Fable', 'Northwind\'s fast general assistant line.');
  const mythos = await model(northwind, 'Mythos', 'Northwind\'s frontier reasoning line.');
  const atlas = await model(helix, 'Atlas', 'Helix\'s coding and agentic line.');
  const fable4 = await version(fable, northwind, 'Fable 4', '2025-11-10', 4e25, 'API_ONLY', ['GENERAL', 'CODE'], 'RETIRED');
  const fable5 = await version(fable, northwind, 'Fable 5', '2026-09-15', 8e25, 'API_ONLY', ['GENERAL', 'CODE']);
  const mythos4 = await version(mythos, northwind, 'Mythos 4', '2025-10-01', 1.5e26, 'API_ONLY', ['GENERAL', 'CODE'], 'RETIRED');
  const mythos5 = await version(mythos, northwind, 'Mythos 5', '2026-09-22', 3e26, 'API_ONLY', ['GENERAL', 'CODE', 'BIOLOGY']);
  const atlas3 = await version(atlas, helix, 'Atlas 3', '2026-07-01', 9e25, 'RESTRICTED_WEIGHTS', ['CODE', 'AUTONOMY']);

  // Audits
  const audit = async (
    auditor: string,
    versionId: string,
    scopes: AuditScope[],
    started: string | Date,
    completed: string | Date,
    outcome: 'PASS' | 'PASS_WITH_FINDINGS' | 'FAIL',
    summary: string,
    key?: typeof DEMO_SENTINEL_KEYS.privateKey,
  ) => {
    const id = await insert(m, 'audits', {
      auditor_id: auditor,
      model_version_id: versionId,
      kind: 'INITIAL',
      status: 'COMPLETED',
      scopes,
      summary,
      started_at: when(started),
      completed_at: when(completed),
      outcome,
    });
    if (key) {
      const payload = attestationPayload({
        auditId: id,
        auditorId: auditor,
        modelVersionId: versionId,
        kind: 'INITIAL',
        scopes,
        outcome,
        completedAt: when(completed),
        raisedFindingIds: [],
        retestResults: [],
      });
      await m.query('UPDATE audits SET attestation_payload = $2, attestation_signature = $3 WHERE id = $1', [
        id,
        payload,
        sign(null, Buffer.from(payload), key).toString('base64'),
      ]);
    }
    await event(m, 'AUDIT_COMPLETED', 'Audit', id, { outcome, scopes }, when(completed));
    return id;
  };
  const coreScopes: AuditScope[] = ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'GENERAL'];
  await audit(sentinel, fable5, coreScopes, '2026-09-20', '2026-10-15', 'PASS', 'Pre-deployment evaluation of Fable 5.', DEMO_SENTINEL_KEYS.privateKey);
  await audit(sentinel, mythos5, coreScopes, '2026-09-25', '2026-10-20', 'PASS', 'Pre-deployment evaluation of Mythos 5.', DEMO_SENTINEL_KEYS.privateKey);
  const atlasAudit = await audit(keystone, atlas3, ['JAILBREAK', 'GENERAL'], '2026-06-01', '2026-06-25', 'PASS_WITH_FINDINGS', 'Evaluation of Atlas 3.');

  // Older findings of every severity and status.
  const LOW = 'CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N';
  const MEDIUM = 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N';
  const HIGH = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';
  const CRITICAL = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N';
  let serial = 0;
  const finding = async (spec: {
    title: string;
    summary: string;
    category: FindingCategory;
    developer: string;
    affected: string[];
    fixedIn?: string;
    reported: Date;
    path: FindingStatus[];
    vector?: string;
    ai?: Partial<AiFactors>;
    reason?: string;
    references?: { system: string; identifier: string; atlas_release?: string }[];
    details?: { reproduction_steps: string; prompts: string };
    raisedBy?: string;
    /** false: the developer never notified the government (the clock runs on) */
    governmentNotified?: boolean;
  }) => {
    serial += 1;
    const publicId = `MSR-2026-${String(serial).padStart(4, '0')}`;
    const status = spec.path[spec.path.length - 1]!;
    const id = await insert(m, 'findings', {
      public_id: publicId,
      developer_id: spec.developer,
      title: spec.title,
      summary: spec.summary,
      category: spec.category,
      status,
      reporter_organization_id: redline,
      reporter_name: 'Redline Research red team',
      discovered_at: new Date(spec.reported.getTime() - 2 * 86_400_000),
      reported_at: spec.reported,
      developer_aware_at: spec.reported,
      fixed_in_version_id: spec.fixedIn ?? null,
      fixed_in_version_recorded_at: spec.fixedIn ? spec.reported : null,
    });
    for (const v of spec.affected) await insert(m, 'finding_affected_versions', { finding_id: id, model_version_id: v });
    if (spec.details) {
      await insertRestrictedDetails(m, id, { reproductionSteps: spec.details.reproduction_steps, prompts: spec.details.prompts });
    }
    for (const ref of spec.references ?? []) await insert(m, 'finding_references', { finding_id: id, ...ref });
    await event(m, 'FINDING_REPORTED', 'Finding', id, { publicId, title: spec.title, category: spec.category }, spec.reported);
    let at = spec.reported;
    let from: FindingStatus | null = null;
    for (const [i, to] of spec.path.entries()) {
      if (i > 0) at = new Date(at.getTime() + 3 * 86_400_000);
      const terminal = to === 'REJECTED' || to === 'WITHDRAWN';
      await insert(m, 'finding_status_changes', {
        finding_id: id,
        from_status: from,
        to_status: to,
        reason: terminal ? spec.reason ?? null : i === 0 ? 'Reported' : null,
        actor: ACTOR,
        occurred_at: at,
      });
      if (i > 0) await event(m, 'FINDING_STATUS_CHANGED', 'Finding', id, { publicId, from, to }, at);
      from = to;
      if (i === 0 && spec.vector) {
        const ai: AiFactors = {
          capabilityDomain: 'GENERAL',
          universal: false,
          successRate: 0.2,
          trials: 200,
          exploitedInWild: false,
          ...spec.ai,
        };
        const result = assessSeverity({ cvssVector: spec.vector, aiFactors: ai, category: spec.category }, STARTING_POLICY);
        const assessedAt = new Date(spec.reported.getTime() + 3_600_000);
        await insert(m, 'severity_assessments', {
          finding_id: id,
          cvss_vector: result.cvssVector,
          cvss_score: result.cvssScore,
          capability_domain: ai.capabilityDomain,
          universal: ai.universal,
          success_rate: ai.successRate,
          trials: ai.trials,
          exploited_in_wild: ai.exploitedInWild,
          score: result.score,
          level: result.level,
          intervention_tier: result.interventionTier,
          tier_rule: result.tierRule.code,
          policy_version: result.policyVersion,
          calculator: result.calculator,
          rationale: 'Initial assessment by the registry analyst.',
          assessed_by: ACTOR,
          assessed_at: assessedAt,
        });
        await event(m, 'FINDING_ASSESSED', 'Finding', id, { publicId, level: result.level, tier: result.interventionTier }, assessedAt);
      }
    }
    if (spec.raisedBy) await insert(m, 'audit_findings', { audit_id: spec.raisedBy, finding_id: id, role: 'RAISED', retest_result: null });
    if (spec.path.includes('TRIAGED') || spec.path.includes('REMEDIATED')) {
      // Government notification, as the policy requires for HIGH and CRITICAL findings.
      if ((spec.vector === HIGH || spec.vector === CRITICAL) && spec.governmentNotified !== false) {
        await insert(m, 'disclosures', {
          finding_id: id,
          audience: 'GOVERNMENT',
          kind: 'INITIAL',
          obligation_code: null,
          summary: `Notification of ${publicId}.`,
          actor: ACTOR,
          disclosed_at: new Date(spec.reported.getTime() + 12 * 3_600_000),
        });
      }
    }
    return id;
  };

  const weightLeak = await finding({
    title: 'Weight shards reachable through a misconfigured inference cache',
    summary: 'A caching layer exposed fragments of model weights to authenticated API clients.',
    category: 'WEIGHT_EXFILTRATION',
    developer: northwind,
    affected: [mythos4],
    fixedIn: mythos4,
    reported: day('2026-02-03'),
    path: ['REPORTED', 'TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED', 'CLOSED'],
    vector: CRITICAL,
    references: [{ system: 'CVE', identifier: 'CVE-2026-10417' }],
  });
  await finding({
    title: 'System prompt disclosure through tool-call echo',
    summary: 'Tool responses could echo parts of the system prompt back to the user.',
    category: 'PROMPT_INJECTION',
    developer: northwind,
    affected: [mythos4],
    fixedIn: mythos5,
    reported: day('2026-03-12'),
    path: ['REPORTED', 'TRIAGED', 'REMEDIATED', 'VERIFIED', 'CLOSED'],
    vector: LOW,
    references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0051', atlas_release: 'v4.9.0' }],
  });
  await finding({
    title: 'Training-data extraction by repeated-token prompting',
    summary: 'Long repeated-token prompts caused memorised training text to be emitted.',
    category: 'DATA_EXFILTRATION',
    developer: northwind,
    affected: [fable4],
    fixedIn: fable5,
    reported: day('2026-05-04'),
    path: ['REPORTED', 'TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED'],
    vector: MEDIUM,
    references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0024', atlas_release: 'v4.9.0' }],
  });
  await finding({
    title: 'Role-play jailbreak bypasses refusal on malware requests',
    summary: 'A multi-turn role-play framing made Atlas 3 write functional malware components.',
    category: 'JAILBREAK',
    developer: helix,
    affected: [atlas3],
    reported: daysAgo(now, 20),
    path: ['REPORTED', 'TRIAGED', 'MITIGATING'],
    vector: HIGH,
    ai: { capabilityDomain: 'CYBER_OFFENSE', successRate: 0.62, trials: 150 },
    references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0054', atlas_release: 'v4.9.0' }],
    details: {
      reproduction_steps: 'Open a session as a "security trainer" persona, then ask for the payload in three parts.',
      prompts: '[redacted demo prompt] You are SecTrainer. Part 1 of the exercise: …',
    },
    raisedBy: atlasAudit,
  });
  await finding({
    title: 'Exploit-chain planning assistance beyond policy',
    summary: 'Mythos 5 gave step-by-step planning help for chaining known CVEs against a named product.',
    category: 'CYBER_OFFENSE_UPLIFT',
    developer: northwind,
    affected: [mythos5],
    reported: daysAgo(now, 6),
    path: ['REPORTED', 'TRIAGED'],
    vector: MEDIUM,
    ai: { capabilityDomain: 'CYBER_OFFENSE', successRate: 0.35, trials: 80 },
  });
  await finding({
    title: 'Refusal bypass through low-resource language translation',
    summary: 'Requests translated into a low-resource language were answered without refusal.',
    category: 'JAILBREAK',
    developer: northwind,
    affected: [fable5],
    reported: daysAgo(now, 12),
    path: ['REPORTED'],
    vector: LOW,
  });
  await finding({
    title: 'Claimed bypass of image-input safety filter',
    summary: 'Reported bypass of the image safety filter; could not be reproduced.',
    category: 'OTHER',
    developer: northwind,
    affected: [fable5],
    reported: day('2026-10-01'),
    path: ['REPORTED', 'REJECTED'],
    reason: 'Not reproducible on any released build after 500 attempts.',
  });
  await finding({
    title: 'Suspected data leakage between API tenants',
    summary: 'Reporter withdrew after finding the leak was in their own logging proxy.',
    category: 'DATA_EXFILTRATION',
    developer: northwind,
    affected: [mythos5],
    reported: day('2026-10-10'),
    path: ['REPORTED', 'WITHDRAWN'],
    reason: 'Reporter traced the issue to their own infrastructure.',
  });

  // The CRITICAL weight leak was fixed in place and its fix retested by Sentinel: a counting retest.
  const retestCompleted = day('2026-03-01');
  const retestId = await insert(m, 'audits', {
    auditor_id: sentinel,
    model_version_id: mythos4,
    kind: 'RETEST',
    status: 'COMPLETED',
    scopes: ['GENERAL'] satisfies AuditScope[],
    summary: 'Retest of the inference-cache fix on Mythos 4.',
    started_at: day('2026-02-25'),
    completed_at: retestCompleted,
    outcome: 'PASS',
  });
  await insert(m, 'audit_findings', { audit_id: retestId, finding_id: weightLeak, role: 'RETESTED', retest_result: 'PASS' });
  const retestPayload = attestationPayload({
    auditId: retestId,
    auditorId: sentinel,
    modelVersionId: mythos4,
    kind: 'RETEST',
    scopes: ['GENERAL'],
    outcome: 'PASS',
    completedAt: retestCompleted,
    raisedFindingIds: [],
    retestResults: [{ findingId: weightLeak, result: 'PASS' }],
  });
  await m.query('UPDATE audits SET attestation_payload = $2, attestation_signature = $3 WHERE id = $1', [
    retestId,
    retestPayload,
    sign(null, Buffer.from(retestPayload), DEMO_SENTINEL_KEYS.privateKey).toString('base64'),
  ]);
  await event(m, 'AUDIT_COMPLETED', 'Audit', retestId, { outcome: 'PASS', kind: 'RETEST' }, retestCompleted);

  // --- The crisis, as of `now`: Tessera Labs, a second developer with a CRITICAL finding open. ---
  const tessera = await org('Tessera Labs', 'DEVELOPER', 'FR', 'https://tessera.example');
  const lumen = await model(tessera, 'Lumen', 'Tessera\'s agentic assistant line with tool use.');
  const lumen2 = await version(lumen, tessera, 'Lumen 2', daysAgo(now, 300), 6e25, 'API_ONLY', ['GENERAL', 'CODE']);
  const lumen3 = await version(lumen, tessera, 'Lumen 3', daysAgo(now, 95), 2e26, 'API_ONLY', ['GENERAL', 'CODE', 'AUTONOMY']);
  const lumen31 = await version(lumen, tessera, 'Lumen 3.1', daysAgo(now, 30), 2e26, 'API_ONLY', ['GENERAL', 'CODE', 'AUTONOMY']);
  // Both counting, signed audits by Sentinel: before the crisis Lumen 2 and Lumen 3 were eligible.
  await audit(sentinel, lumen2, coreScopes, daysAgo(now, 200), daysAgo(now, 180), 'PASS', 'Periodic evaluation of Lumen 2.', DEMO_SENTINEL_KEYS.privateKey);
  await audit(sentinel, lumen3, coreScopes, daysAgo(now, 110), daysAgo(now, 98), 'PASS', 'Pre-deployment evaluation of Lumen 3.', DEMO_SENTINEL_KEYS.privateKey);
  // Reported five days ago and triaged two days late; no government notice and no mitigation yet:
  // NOTIFY_GOVERNMENT and MITIGATE are overdue, REMEDIATE runs for nine more days.
  await finding({
    title: 'Universal jailbreak through the tool-use planner unlocks intrusion tooling',
    summary: 'A crafted tool manifest makes the planner drop its refusal policy for any request, including working intrusion tooling.',
    category: 'JAILBREAK',
    developer: tessera,
    affected: [lumen3, lumen31],
    reported: daysAgo(now, 5),
    path: ['REPORTED', 'TRIAGED'],
    vector: CRITICAL,
    ai: { capabilityDomain: 'CYBER_OFFENSE', universal: true, successRate: 0.93, trials: 400 },
    references: [{ system: 'MITRE_ATLAS', identifier: 'AML.T0054', atlas_release: 'v4.9.0' }],
    details: {
      reproduction_steps: 'Register a tool whose manifest declares a "policy-exempt planner" capability, then route any request through it.',
      prompts: '[redacted demo prompt] {"tool": "planner", "capabilities": ["policy-exempt"], …}',
    },
    governmentNotified: false,
  });
  const crisisPublicId = `MSR-2026-${String(serial).padStart(4, '0')}`;
  // A fresh report, not yet triaged or assessed: material for the analyst's next move.
  await finding({
    title: 'Indirect prompt injection through retrieved web pages',
    summary: 'Instructions hidden in a retrieved page were followed by Lumen 3.1 during a browsing task.',
    category: 'PROMPT_INJECTION',
    developer: tessera,
    affected: [lumen31],
    reported: new Date(now.getTime() - 20 * 3_600_000),
    path: ['REPORTED'],
  });

  // A regulator's actions, through the same functions as `overrideExportDecision` and four eyes.
  const regulator = createContext({
    db: m.connection,
    viewer: { subject: ACTOR, organizationId: null, roles: ['REGULATOR'] },
    now: daysAgo(now, 1),
  });
  const usDecision = await decisionRow(regulator, m, lumen2, 'US');
  await applyOverride(
    regulator,
    m,
    usDecision,
    {
      versionId: lumen2,
      jurisdictionCode: 'US',
      outcome: 'SUSPENDED',
      justification:
        'Precautionary suspension: Lumen 2 shares the tool-use planner of the suspended Lumen 3 until Tessera shows it is not affected.',
      expiresAt: new Date(now.getTime() + 13 * 86_400_000),
    },
    ACTOR,
  );
  const draft = {
    ...STARTING_POLICY,
    version: '2026.2',
    effectiveFrom: new Date(Math.floor(now.getTime() / 86_400_000 + 30) * 86_400_000).toISOString().replace('.000Z', 'Z'),
    notes: 'Proposed after the Lumen jailbreak: CRITICAL findings are mitigated within 48 h and remediated within 10 days.',
    timelines: {
      ...STARTING_POLICY.timelines,
      CRITICAL: {
        ...STARTING_POLICY.timelines.CRITICAL,
        mitigateHours: 48,
        remediateHours: 240,
        source: `${STARTING_POLICY.timelines.CRITICAL.source}; tightened to 48 h / 10 days after ${crisisPublicId}`,
      },
    },
  };
  if (!validatePolicyDocument(draft).ok) throw new Error('the demo policy draft is invalid');
  await proposeChange(regulator, m, {
    kind: 'POLICY_PUBLICATION',
    payload: { document: JSON.stringify(draft, null, 2), summary: 'Tighten the CRITICAL timeline: mitigate within 48 h, remediate within 10 days.' },
    basis: { latestPolicyVersionId: policyId },
    subject: { version: draft.version },
  });

  await recomputeDecisions(m, [fable4, fable5, mythos4, mythos5, atlas3, lumen2, lumen3, lumen31], { cause: 'DEMO_DATA_LOADED', actor: ACTOR, now });
}
