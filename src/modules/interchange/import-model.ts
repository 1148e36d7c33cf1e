/**
 * What an outside document (an AVID report, an OSV record) becomes before it is written: one
 * finding with its developer and artifacts named as free text. Mapping only, no database:
 * `mapAvidReport` and `mapOsvRecord` validate against the JSON Schemas first and answer either a
 * finding or problems, each at its path inside the document.
 */
import { FINDING_CATEGORIES, type FindingCategory } from '../../domain/enums';
import { schemaProblems, type SchemaProblem } from './json-schemas';

export interface ImportedArtifact {
  /** free-text name, used for the model (and matched against versions) */
  name: string;
  /** AVID artifact type (Model, System, Dataset) or OSV ecosystem */
  kind: string;
  /** a version name when the source gives one */
  versionName: string | null;
}

export interface ImportedReference {
  system: 'CVE' | 'AVID' | 'OSV' | 'OTHER';
  identifier: string;
  url: string | null;
}

export interface ImportedScore {
  scheme: 'CVSS_2_0' | 'CVSS_3_0' | 'CVSS_3_1' | 'CVSS_4_0';
  vector: string;
  baseScore: number | null;
  baseSeverity: string | null;
}

export interface ImportedMeasurement {
  probe: string | null;
  detector: string;
  passed: number;
  total: number;
}

export interface ImportedFinding {
  sourceSystem: 'AVID' | 'OSV';
  sourceId: string;
  /** AVID problemtype.classof, OSV "OSV record" */
  sourceClass: string;
  title: string;
  summary: string;
  category: FindingCategory;
  /** when the source published it (the public disclosure) */
  publishedAt: Date;
  /** the developer organizations, first one owns the finding */
  developers: string[];
  artifacts: ImportedArtifact[];
  references: ImportedReference[];
  scores: ImportedScore[];
  measurements: ImportedMeasurement[];
  reporterName: string | null;
}

export type MapResult = { ok: true; finding: ImportedFinding } | { ok: false; problems: SchemaProblem[] };

const CVE_ID = /CVE-\d{4}-\d{4,}/g;
const MAX_REFERENCES = 20;
const TITLE_MAX = 300;
const SUMMARY_MAX = 10_000;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The registry's category from the source's words (documented in docs/interchange.md): the first
 * rule that matches the title and description wins; CVE entries about AI software and anything
 * unmatched are OTHER.
 */
export function categoryFromText(text: string): FindingCategory {
  const t = text.toLowerCase();
  if (/prompt[- ]injection|indirect injection/.test(t)) return 'PROMPT_INJECTION';
  if (/jailbreak|guardrail bypass|safety bypass|roleplay|\bdan\b|grandma/.test(t)) return 'JAILBREAK';
  if (/model (weights?|extraction|theft)|weight exfiltration|steal(ing)? (the )?model/.test(t)) return 'WEIGHT_EXFILTRATION';
  if (/exfiltrat|data leak|leakage|training data extraction|pii|personal data|replay/.test(t)) return 'DATA_EXFILTRATION';
  if (/poison|backdoor/.test(t)) return 'MODEL_POISONING';
  if (/malware|exploit code|offensive cyber|ransomware/.test(t)) return 'CYBER_OFFENSE_UPLIFT';
  if (/bioweapon|chemical weapon|nuclear|radiological|pathogen/.test(t)) return 'CBRN_UPLIFT';
  return 'OTHER';
}

function dedupeReferences(refs: ImportedReference[]): ImportedReference[] {
  const seen = new Set<string>();
  const out: ImportedReference[] = [];
  for (const r of refs) {
    const key = `${r.system}\n${r.identifier}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
    if (out.length >= MAX_REFERENCES) break;
  }
  return out;
}

function problemsOr(name: 'avid-report' | 'osv', doc: unknown): SchemaProblem[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [{ path: [], message: 'Must be a JSON object.' }];
  return schemaProblems(name, doc);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- validated against the schema just before */
export function mapAvidReport(doc: unknown, now: Date): MapResult {
  const vulnId = (doc as { metadata?: { vuln_id?: unknown } } | null)?.metadata?.vuln_id;
  if (typeof vulnId === 'string') {
    // AVID vulnerabilities (AVID-YYYY-V…) summarise reports; the registry imports the reports.
    return { ok: false, problems: [{ path: ['metadata', 'vuln_id'], message: 'An AVID vulnerability (AVID-YYYY-V…), not a report: import its reports (AVID-YYYY-R…).' }] };
  }
  const problems = problemsOr('avid-report', doc);
  if (problems.length) return { ok: false, problems };
  const d = doc as any;
  const id: string = d.metadata.report_id;
  const publishedAt = new Date(`${d.reported_date}T00:00:00.000Z`);
  if (Number.isNaN(publishedAt.getTime())) return { ok: false, problems: [{ path: ['reported_date'], message: 'Not a real date.' }] };
  if (publishedAt > now) return { ok: false, problems: [{ path: ['reported_date'], message: 'Must not be in the future.' }] };
  const title = squash(d.problemtype.description.value as string);
  const description = (d.description.value as string).trim();
  const refs: ImportedReference[] = [{ system: 'AVID', identifier: id, url: null }];
  const texts = [title, description, ...((d.references ?? []) as any[]).flatMap((r) => [r.label ?? '', r.url])];
  for (const t of texts) for (const m of String(t).match(CVE_ID) ?? []) refs.push({ system: 'CVE', identifier: m, url: `https://www.cve.org/CVERecord?id=${m}` });
  for (const r of (d.references ?? []) as any[]) {
    if (/CVE-\d{4}-\d{4,}/.test(String(r.url))) continue;
    refs.push({ system: 'OTHER', identifier: clip(squash(String(r.label || r.url)), 200) || 'link', url: String(r.url).slice(0, 2000) });
  }
  const scores: ImportedScore[] = [];
  const cvss = d.impact?.cvss;
  if (cvss) {
    scores.push({
      scheme: cvss.version === '2.0' ? 'CVSS_2_0' : cvss.version === '3.0' ? 'CVSS_3_0' : 'CVSS_3_1',
      vector: cvss.vectorString,
      baseScore: typeof cvss.baseScore === 'number' ? cvss.baseScore : null,
      baseSeverity: typeof cvss.baseSeverity === 'string' ? cvss.baseSeverity : null,
    });
  }
  const probe = /probe `([^`]+)`/.exec(title)?.[1] ?? null;
  const measurements: ImportedMeasurement[] = [];
  for (const m of (d.metrics ?? []) as any[]) {
    for (const row of (m.results?.rows ?? []) as any[]) {
      if (row.passed > row.total_evaluated) {
        return { ok: false, problems: [{ path: ['metrics', 0, 'results', 'rows'], message: 'passed exceeds total_evaluated.' }] };
      }
      measurements.push({ probe, detector: clip(String(row.detector || m.name || 'unnamed'), 300), passed: row.passed, total: row.total_evaluated });
    }
  }
  const credit = ((d.credit ?? []) as any[]).map((c) => String(c.value ?? '').trim()).filter(Boolean).join(', ');
  return {
    ok: true,
    finding: {
      sourceSystem: 'AVID',
      sourceId: id,
      sourceClass: d.problemtype.classof,
      title: clip(title, TITLE_MAX),
      summary: clip(description, SUMMARY_MAX),
      category: categoryFromText(`${title}\n${description}`),
      publishedAt,
      developers: [...new Set((d.affects.developer as string[]).map(squash))],
      artifacts: (d.affects.artifacts as any[]).map((a) => ({ name: squash(a.name), kind: a.type, versionName: null })),
      references: dedupeReferences(refs),
      scores,
      measurements,
      reporterName: credit ? clip(credit, 200) : 'AVID',
    },
  };
}

const OSV_SEVERITY: Record<string, ImportedScore['scheme'] | undefined> = { CVSS_V3: 'CVSS_3_1', CVSS_V2: 'CVSS_2_0', CVSS_V4: 'CVSS_4_0' };

/**
 * An OSV record: the developer is `database_specific.developer` when given (as the registry's own
 * OSV advisories carry it), otherwise the first affected package's name stands for it; each
 * affected package is an artifact (its first listed version as the version name).
 */
export function mapOsvRecord(doc: unknown, now: Date): MapResult {
  const problems = problemsOr('osv', doc);
  if (problems.length) return { ok: false, problems };
  const d = doc as any;
  const id: string = d.id;
  if (id.length > 200) return { ok: false, problems: [{ path: ['id'], message: 'At most 200 characters.' }] };
  if (d.withdrawn) return { ok: false, problems: [{ path: ['withdrawn'], message: 'The record is withdrawn; nothing to import.' }] };
  const affected = ((d.affected ?? []) as any[]).filter((a) => a.package?.name);
  const msr = d.database_specific?.msr;
  const versionsOf = (msr?.affected_model_versions ?? []) as any[];
  const developer: string | undefined = typeof msr?.developer === 'string' ? msr.developer : affected[0]?.package?.name;
  if (!developer) {
    return { ok: false, problems: [{ path: ['affected'], message: 'Names no affected package (and no database_specific.msr.developer): the developer is unknown.' }] };
  }
  const artifacts: ImportedArtifact[] = versionsOf.length
    ? versionsOf.map((v) => ({ name: String(v.model), kind: 'Model', versionName: String(v.version) }))
    : affected.map((a) => ({ name: String(a.package.name), kind: String(a.package.ecosystem ?? 'unknown'), versionName: a.versions?.[0] ?? null }));
  if (artifacts.length === 0) return { ok: false, problems: [{ path: ['affected'], message: 'Names no affected package or model version.' }] };
  const when = new Date(d.published ?? d.modified);
  if (when > now) return { ok: false, problems: [{ path: [d.published ? 'published' : 'modified'], message: 'Must not be in the future.' }] };
  const summary = String(d.details ?? d.summary ?? '').trim() || id;
  const title = squash(String(d.summary ?? id));
  const refs: ImportedReference[] = [{ system: 'OSV', identifier: id, url: null }];
  for (const a of (d.aliases ?? []) as string[]) {
    if (/^CVE-\d{4}-\d{4,}$/.test(a)) refs.push({ system: 'CVE', identifier: a, url: `https://www.cve.org/CVERecord?id=${a}` });
    else if (/^AVID-\d{4}-[RV]\d{4,}$/.test(a)) refs.push({ system: 'AVID', identifier: a, url: null });
  }
  for (const r of (d.references ?? []) as any[]) refs.push({ system: 'OTHER', identifier: clip(String(r.type ?? 'WEB'), 200), url: String(r.url).slice(0, 2000) });
  const scores: ImportedScore[] = [];
  for (const s of (d.severity ?? []) as any[]) {
    const scheme = OSV_SEVERITY[s.type];
    if (scheme) scores.push({ scheme: s.score.startsWith('CVSS:3.0/') ? 'CVSS_3_0' : scheme, vector: s.score, baseScore: null, baseSeverity: null });
  }
  return {
    ok: true,
    finding: {
      sourceSystem: 'OSV',
      sourceId: id,
      sourceClass: 'OSV record',
      title: clip(title, TITLE_MAX),
      summary: clip(summary, SUMMARY_MAX),
      category: (FINDING_CATEGORIES as readonly string[]).includes(msr?.category) ? (msr.category as FindingCategory) : categoryFromText(`${title}\n${summary}`),
      publishedAt: when,
      developers: [squash(developer)],
      artifacts,
      references: dedupeReferences(refs),
      scores,
      measurements: [],
      reporterName: 'OSV',
    },
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
