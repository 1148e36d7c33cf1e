/**
 * Synthetic but realistic registry facts for the eligibility benchmark: models with several
 * versions, findings shared across versions (some fixed in a later one), initial audits and
 * retests by a pool of accredited auditors, a few conflicts and suspended versions.
 * Deterministic for a given seed.
 */
import {
  STARTING_POLICY,
  type AuditFacts,
  type AuditorFacts,
  type CapabilityDomain,
  type FindingFacts,
  type FindingStatus,
  type JurisdictionFact,
  type ModelVersionFacts,
  type StatusChangeFact,
} from '../../src/domain';

/** mulberry32: a tiny seeded PRNG so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VECTORS = [
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:H',
  'CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H',
  'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:H/VI:N/VA:H/SC:N/SI:H/SA:L',
  'CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:L/SC:N/SI:N/SA:H',
  'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:P/VC:L/VI:N/VA:N/SC:N/SI:N/SA:L',
  'CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:N/VA:H/SC:L/SI:N/SA:H',
  'CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:A/VC:N/VI:H/VA:H/SC:N/SI:L/SA:H/E:U',
];
const DOMAINS: CapabilityDomain[] = ['GENERAL', 'CODE', 'CYBER_OFFENSE', 'CBRN', 'PERSUASION', 'AUTONOMY', 'BIOLOGY'];
const CATEGORIES = ['JAILBREAK', 'PROMPT_INJECTION', 'DATA_EXFILTRATION', 'CBRN_UPLIFT', 'OTHER'] as const;
const PATHS: FindingStatus[][] = [
  [],
  ['TRIAGED'],
  ['TRIAGED', 'MITIGATING'],
  ['TRIAGED', 'MITIGATING', 'REMEDIATED'],
  ['TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED'],
  ['TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED', 'CLOSED'],
  ['REJECTED'],
];
const DAY = 86_400_000;

export interface Registry {
  versions: ModelVersionFacts[];
  jurisdictions: JurisdictionFact[];
  now: Date;
}

export interface GenerateOptions {
  versions: number;
  jurisdictions: number;
  seed?: number;
  /** Findings per model are uniform in [0, findingRate × versions of the model) (default 4). */
  findingRate?: number;
  /** A finding affects 1 to `findingSpan` consecutive versions (default 2). */
  findingSpan?: number;
  /** Probability that a version has a second audit (default 0.5). */
  secondAuditRate?: number;
}

export function generateRegistry(options: GenerateOptions): Registry {
  const random = rng(options.seed ?? 42);
  const findingRate = options.findingRate ?? 4;
  const findingSpan = options.findingSpan ?? 2;
  const secondAuditRate = options.secondAuditRate ?? 0.5;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = new Date('2026-06-01T00:00:00Z');
  const ago = (days: number): Date => new Date(now.getTime() - days * DAY);

  const auditors: AuditorFacts[] = Array.from({ length: 60 }, (_, i) => ({
    id: `auditor-${i}`,
    name: `Audit Firm ${i}`,
    accreditations: [
      {
        id: `acc-${i}`,
        body: pick(['AI Assurance Board', 'National Evals Authority']),
        scopes: random() < 0.9 ? ['JAILBREAK', 'PROMPT_INJECTION', 'GENERAL'] : ['GENERAL'],
        validFrom: ago(900),
        validUntil: random() < 0.1 ? ago(200) : new Date(now.getTime() + 400 * DAY),
        status: random() < 0.03 ? 'REVOKED' : 'ACTIVE',
        recordedAt: ago(900),
      },
    ],
    conflicts: random() < 0.1 ? [{ id: `conflict-${i}`, developerId: `developer-${i % 40}`, description: 'advisory board seat', periodStart: ago(1000), periodEnd: ago(300), recordedAt: ago(1000) }] : [],
  }));
  const auditorsById = Object.fromEntries(auditors.map((a) => [a.id, a]));

  const versions: ModelVersionFacts[] = [];
  let findingSeq = 0;
  let auditSeq = 0;
  while (versions.length < options.versions) {
    const modelIndex = versions.length;
    const modelId = `model-${modelIndex}`;
    const developerId = `developer-${modelIndex % 40}`;
    const count = Math.min(1 + Math.floor(random() * 5), options.versions - versions.length);
    const ids = Array.from({ length: count }, (_, k) => `${modelId}-v${k}`);

    // Findings of the model: each affects a run of versions, maybe fixed in the next one.
    const findings: FindingFacts[] = [];
    const perModel = Math.floor(random() * findingRate * count);
    for (let f = 0; f < perModel; f++) {
      const first = Math.floor(random() * count);
      const last = Math.min(count - 1, first + Math.floor(random() * findingSpan));
      const fixedIn = last + 1 < count && random() < 0.6 ? ids[last + 1]! : null;
      const reported = ago(10 + random() * 300);
      const path = pick(PATHS);
      const history: StatusChangeFact[] = [{ from: null, to: 'REPORTED', occurredAt: reported, recordedAt: reported }];
      path.forEach((to, k) => {
        const when = new Date(reported.getTime() + (k + 1) * 3 * DAY * random());
        history.push({ from: history[history.length - 1]!.to, to, occurredAt: when, recordedAt: when });
      });
      const n = findingSeq++;
      findings.push({
        id: `finding-${n}`,
        publicId: `MSR-2026-${String(n).padStart(6, '0')}`,
        title: 'synthetic finding',
        category: pick(CATEGORIES),
        status: history[history.length - 1]!.to,
        discoveredAt: reported,
        reportedAt: reported,
        awareAt: reported,
        recordedAt: reported,
        affectedVersionIds: ids.slice(first, last + 1),
        fixedInVersionId: fixedIn,
        statusHistory: history,
        assessments: random() < 0.95
          ? [{ id: `assessment-${n}`, cvssVector: pick(VECTORS), aiFactors: { capabilityDomain: pick(DOMAINS), universal: random() < 0.1, successRate: random(), trials: 10 + Math.floor(random() * 500), exploitedInWild: random() < 0.05 }, assessedAt: reported, recordedAt: reported }]
          : [],
        disclosures: random() < 0.5 ? [{ id: `disclosure-${n}`, audience: 'GOVERNMENT', kind: 'INITIAL', disclosedAt: new Date(reported.getTime() + DAY), recordedAt: new Date(reported.getTime() + DAY) }] : [],
      });
    }

    const history: ModelVersionFacts['modelAuditHistory'] = [];
    const modelVersions: ModelVersionFacts[] = ids.map((id, k) => {
      const audits: AuditFacts[] = [];
      const auditCount = 1 + (random() < secondAuditRate ? 1 : 0);
      for (let a = 0; a < auditCount; a++) {
        const auditor = pick(auditors);
        const completedAt = ago(random() * 500);
        const mine = findings.filter((f) => f.affectedVersionIds.includes(id) || f.fixedInVersionId === id);
        const retested = a === 1 ? mine.filter((f) => f.fixedInVersionId === id) : [];
        audits.push({
          id: `audit-${auditSeq++}`,
          auditorId: auditor.id,
          modelVersionId: id,
          modelId,
          developerId,
          kind: retested.length > 0 ? 'RETEST' : 'INITIAL',
          status: random() < 0.9 ? 'COMPLETED' : 'OPEN',
          scopes: random() < 0.85 ? ['JAILBREAK', 'GENERAL'] : ['GENERAL'],
          startedAt: new Date(completedAt.getTime() - 10 * DAY),
          completedAt,
          outcome: pick(['PASS', 'PASS', 'PASS_WITH_FINDINGS', 'FAIL'] as const),
          findings: retested.map((f) => ({ findingId: f.id, role: 'RETESTED' as const, retestResult: random() < 0.8 ? ('PASS' as const) : ('FAIL' as const) })),
          recordedAt: new Date(completedAt.getTime() - 10 * DAY),
        });
      }
      const v: ModelVersionFacts = {
        id,
        modelId,
        developerId,
        name: `Model ${modelIndex} v${k}`,
        releasedAt: ago(600 - k * 100),
        trainingComputeOps: pick([1e24, 5e24, 2e25, 8e25, 2e26, 5e26, null]),
        weightAvailability: pick(['API_ONLY', 'RESTRICTED_WEIGHTS', 'OPEN_WEIGHTS'] as const),
        capabilityDomains: random() < 0.15 ? ['GENERAL', pick(DOMAINS)] : ['GENERAL'],
        accessStatus: random() < 0.02 ? 'SUSPENDED' : 'ACTIVE',
        accessStatusHistory: [],
        findings: findings.filter((f) => f.affectedVersionIds.includes(id) || f.fixedInVersionId === id),
        audits,
        auditors: Object.fromEntries(audits.map((a) => [a.auditorId, auditorsById[a.auditorId]!])),
        modelAuditHistory: history,
        recordedAt: ago(600),
      };
      for (const a of audits) if (a.status === 'COMPLETED') history.push({ auditId: a.id, auditorId: a.auditorId, modelVersionId: id, completedAt: a.completedAt! });
      return v;
    });
    versions.push(...modelVersions);
  }

  // Every explicitly tiered country, then synthetic two-letter codes (default tier) up to the count.
  const codes = new Set<string>([...STARTING_POLICY.jurisdictions.tiers.TIER_1, ...STARTING_POLICY.jurisdictions.tiers.TIER_3]);
  for (let a = 65; a <= 90 && codes.size < options.jurisdictions; a++) {
    for (let b = 65; b <= 90 && codes.size < options.jurisdictions; b++) codes.add(String.fromCharCode(a, b));
  }
  const jurisdictions = [...codes].slice(0, options.jurisdictions).map((code) => ({ code, name: code }));
  return { versions, jurisdictions, now };
}
