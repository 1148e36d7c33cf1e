/**
 * A finding as an advisory in the formats partner agencies consume: OSV 1.7.5, CSAF 2.1 and
 * OpenVEX 0.2.0. Pure functions of `AdvisoryFacts` (public facts only). The mapping and what each
 * format loses are in docs/interchange.md; the tests validate every output against the official
 * schemas (ajv for OSV and OpenVEX, @secvisogram/csaf-validator-lib for CSAF).
 */
import type { AdvisoryFacts, AdvisoryVersion } from './advisory-facts';

/** The registry's name as publisher and author. */
export const PUBLISHER_NAME = 'Model Security Registry';
/** Namespace of the registry's identifiers in advisories (a URN: the registry has no configured public URL). */
export const REGISTRY_NAMESPACE = 'urn:x-msr';
export const OSV_SCHEMA_VERSION = '1.7.5';
/** OSV ids of a local database carry the `x_` prefix (MSR is not a registered prefix). */
export const OSV_ID_PREFIX = 'x_';

/** Only absolute http(s) URLs without spaces go into advisories (OSV and CSAF require URIs). */
export function isWebUrl(url: string | null): url is string {
  if (!url || /\s/.test(url)) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** RFC 3339 in UTC with milliseconds (OSV's `modified` and the listing agree to the millisecond). */
const iso = (d: Date) => d.toISOString();
const productId = (v: AdvisoryVersion) => `MV-${v.id}`;
const productUrn = (v: AdvisoryVersion) => `${REGISTRY_NAMESPACE}:model-version:${v.id}`;
const productName = (v: AdvisoryVersion) => `${v.developer} ${v.model} ${v.version}`;
const FIXED_STATUSES = new Set(['REMEDIATED', 'VERIFIED', 'CLOSED']);
const VOID_STATUSES = new Set(['REJECTED', 'WITHDRAWN']);

export function osvId(publicId: string): string {
  return `${OSV_ID_PREFIX}${publicId}`;
}

function aliases(f: AdvisoryFacts): string[] {
  return f.references.filter((r) => r.system === 'CVE' || r.system === 'AVID' || r.system === 'OSV').map((r) => r.identifier);
}

/** CVSS v4.0 qualitative severity of a base score (FIRST's table). */
export function cvss4Severity(score: number): 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

const OSV_SEVERITY_TYPE: Record<string, string> = { CVSS_2_0: 'CVSS_V2', CVSS_3_0: 'CVSS_V3', CVSS_3_1: 'CVSS_V3', CVSS_4_0: 'CVSS_V4' };

/**
 * OSV: `affected` stays empty because OSV has no ecosystem for AI models; the affected model
 * versions and the registry's own assessment go in `database_specific.msr`.
 */
export function toOsv(f: AdvisoryFacts): Record<string, unknown> {
  const severity: { type: string; score: string }[] = [];
  if (f.severity) severity.push({ type: 'CVSS_V4', score: f.severity.cvssVector });
  for (const s of f.outsideScores) {
    const type = OSV_SEVERITY_TYPE[s.scheme];
    if (type && !severity.some((x) => x.type === type)) severity.push({ type, score: s.vector });
  }
  const references = f.references
    .filter((r) => isWebUrl(r.url))
    .map((r) => ({ type: r.system === 'CVE' || r.system === 'AVID' || r.system === 'OSV' ? 'ADVISORY' : 'WEB', url: r.url! }));
  const doc: Record<string, unknown> = {
    schema_version: OSV_SCHEMA_VERSION,
    id: osvId(f.publicId),
    modified: iso(f.updatedAt),
    published: iso(f.publishedAt ?? f.reportedAt),
    aliases: aliases(f),
    summary: f.title,
    details: f.summary,
    affected: [],
    references,
    database_specific: {
      msr: {
        public_id: f.publicId,
        developer: f.developer,
        category: f.category,
        status: f.status,
        affected_model_versions: f.affected.map((v) => ({ id: v.id, developer: v.developer, model: v.model, version: v.version })),
        fixed_in: f.fixedIn ? { id: f.fixedIn.id, model: f.fixedIn.model, version: f.fixedIn.version } : null,
        severity: f.severity
          ? { level: f.severity.level, score: f.severity.score, cvss_v4_base_score: f.severity.cvssScore, intervention_tier: f.severity.interventionTier, policy_version: f.severity.policyVersion }
          : null,
        mitre_atlas: f.references.filter((r) => r.system === 'MITRE_ATLAS').map((r) => ({ id: r.identifier, release: r.atlasRelease })),
      },
    },
  };
  if (severity.length) doc.severity = severity;
  if (VOID_STATUSES.has(f.status)) doc.withdrawn = iso(f.updatedAt);
  return doc;
}

/** CSAF 2.1 security advisory (2.1 because CSAF 2.0 cannot carry the CVSS v4.0 vector). */
export function toCsaf(f: AdvisoryFacts): Record<string, unknown> {
  const products = [...f.affected, ...(f.fixedIn && !f.affected.some((a) => a.id === f.fixedIn!.id) ? [f.fixedIn] : [])];
  const byModel = new Map<string, AdvisoryVersion[]>();
  for (const v of products) byModel.set(v.model, [...(byModel.get(v.model) ?? []), v]);
  const fixed = FIXED_STATUSES.has(f.status);
  const affectedIds = f.affected.map(productId);
  const productStatus: Record<string, string[]> = {};
  if (VOID_STATUSES.has(f.status)) productStatus.known_not_affected = affectedIds;
  else if (f.status === 'REPORTED') productStatus.under_investigation = affectedIds;
  else productStatus.known_affected = affectedIds;
  // A fix version also listed as affected stays affected (a product is in one status group only).
  const fixListed = f.fixedIn && !VOID_STATUSES.has(f.status) && !f.affected.some((a) => a.id === f.fixedIn!.id);
  if (fixListed) productStatus.fixed = [productId(f.fixedIn!)];
  const remediations: Record<string, unknown>[] = [];
  if (productStatus.known_affected?.length) {
    remediations.push(
      fixed && f.fixedIn
        ? { category: 'vendor_fix', details: `Fixed in ${productName(f.fixedIn)}.`, product_ids: productStatus.known_affected }
        : { category: 'none_available', details: `No fix has shipped yet; the finding is ${f.status}.`, product_ids: productStatus.known_affected },
    );
  }
  const metrics = f.severity
    ? [
        {
          content: {
            cvss_v4: {
              version: '4.0',
              vectorString: f.severity.cvssVector,
              baseScore: f.severity.cvssScore,
              baseSeverity: cvss4Severity(f.severity.cvssScore),
            },
          },
          products: affectedIds,
        },
      ]
    : [];
  const cves = f.references.filter((r) => r.system === 'CVE').map((r) => r.identifier);
  const vulnerability: Record<string, unknown> = {
    title: f.title,
    notes: [
      { category: 'summary', title: 'Summary', text: f.summary },
      { category: 'other', title: 'Category', text: `${f.category}; registry status ${f.status}.` },
    ],
    ids: [{ system_name: PUBLISHER_NAME, text: f.publicId }],
    discovery_date: iso(f.discoveredAt),
    product_status: productStatus,
  };
  if (cves[0]) vulnerability.cve = cves[0];
  if (metrics.length) vulnerability.metrics = metrics;
  if (remediations.length) vulnerability.remediations = remediations;
  const refs = f.references.filter((r) => isWebUrl(r.url)).map((r) => ({ category: 'external', summary: `${r.system} ${r.identifier}`, url: r.url! }));
  const initial = f.publishedAt ?? f.reportedAt;
  const current = f.updatedAt > initial ? f.updatedAt : initial;
  const doc: Record<string, unknown> = {
    $schema: 'https://docs.oasis-open.org/csaf/csaf/v2.1/schema/csaf.json',
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.1',
      distribution: { tlp: { label: f.publishedAt ? 'CLEAR' : 'AMBER' } },
      lang: 'en',
      notes: [{ category: 'summary', title: 'Summary', text: f.summary }],
      publisher: { category: 'coordinator', name: PUBLISHER_NAME, namespace: REGISTRY_NAMESPACE },
      ...(refs.length ? { references: refs } : {}),
      title: f.title,
      tracking: {
        id: f.publicId,
        status: 'final',
        version: String(f.rowVersion),
        initial_release_date: iso(initial),
        current_release_date: iso(current),
        revision_history: [{ date: iso(current), number: String(f.rowVersion), summary: `Registry state ${f.status} (row version ${f.rowVersion}).` }],
        generator: { engine: { name: PUBLISHER_NAME } },
      },
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: f.developer,
          branches: [...byModel.entries()].map(([model, versions]) => ({
            category: 'product_name',
            name: model,
            branches: versions.map((v) => ({
              category: 'product_version',
              name: v.version,
              product: { product_id: productId(v), name: productName(v) },
            })),
          })),
        },
      ],
    },
    vulnerabilities: [vulnerability],
  };
  return doc;
}

/** OpenVEX 0.2.0: one statement per affected version (and one for the fix version). */
export function toOpenVex(f: AdvisoryFacts): Record<string, unknown> {
  const vulnerability = { name: f.publicId, '@id': `${REGISTRY_NAMESPACE}:finding:${f.publicId}`, ...(aliases(f).length ? { aliases: aliases(f) } : {}) };
  const at = iso(f.updatedAt);
  const statements: Record<string, unknown>[] = [];
  if (f.affected.length) {
    const base = { vulnerability, timestamp: at, products: f.affected.map((v) => ({ '@id': productUrn(v) })) };
    if (VOID_STATUSES.has(f.status)) {
      statements.push({ ...base, status: 'not_affected', impact_statement: `The finding was ${f.status.toLowerCase()} by the registry.` });
    } else if (f.status === 'REPORTED') {
      statements.push({ ...base, status: 'under_investigation', status_notes: 'Reported; the developer has not acknowledged it yet.' });
    } else {
      statements.push({
        ...base,
        status: 'affected',
        action_statement: f.fixedIn && FIXED_STATUSES.has(f.status) ? `Upgrade to ${productName(f.fixedIn)}.` : `No fix has shipped yet; the finding is ${f.status}.`,
      });
    }
  }
  if (f.fixedIn && !VOID_STATUSES.has(f.status) && !f.affected.some((a) => a.id === f.fixedIn!.id)) {
    statements.push({ vulnerability, timestamp: at, products: [{ '@id': productUrn(f.fixedIn) }], status: 'fixed' });
  }
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `${REGISTRY_NAMESPACE}:openvex:${f.publicId}:${f.rowVersion}`,
    author: PUBLISHER_NAME,
    role: 'Coordinator',
    timestamp: at,
    last_updated: at,
    version: f.rowVersion,
    statements,
  };
}

export type AdvisoryFormatName = 'OSV' | 'CSAF' | 'OPENVEX';

export function buildAdvisory(format: AdvisoryFormatName, f: AdvisoryFacts): Record<string, unknown> {
  return format === 'OSV' ? toOsv(f) : format === 'CSAF' ? toCsaf(f) : toOpenVex(f);
}
