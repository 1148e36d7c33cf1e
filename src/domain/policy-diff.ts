/**
 * What changed between two policy documents: rules, numbers, settings and the jurisdictions that
 * moved tier, each with the `source` that backs it. Pure and deterministic (document order).
 */
import type { JurisdictionTier } from './enums';
import type { PolicyDocument } from './policy/policy-document';

export type PolicyChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED';
/** RULE: a keyed rule or band (added, removed, reordered or one of its fields); TIER: a jurisdiction moved; NUMBER; SETTING: anything else. */
export type PolicyChangeCategory = 'RULE' | 'NUMBER' | 'TIER' | 'SETTING';

export interface PolicyChange {
  /** path into the document, e.g. ["timelines", "CRITICAL", "remediateHours"]; keyed list items by their key */
  path: string[];
  kind: PolicyChangeKind;
  category: PolicyChangeCategory;
  /** the value before / after (JSON-compatible); undefined when absent on that side */
  before: unknown;
  after: unknown;
  /** the `source` of the nearest enclosing object (the new document's, else the old one's) */
  source: string | null;
  /** one line, e.g. "timelines.CRITICAL.remediateHours: 2160 → 720" */
  summary: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lists of objects are matched by the first of these keys that every element carries. */
const LIST_KEYS = ['code', 'level'] as const;

/** Sections whose entries are rules (their additions, removals and fields are RULE changes). */
const RULE_SECTIONS = new Set(['interventionRules', 'disclosureClocks', 'scoreAdjustments', 'bands', 'tiers', 'rules']);

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function listKey(items: unknown[]): (typeof LIST_KEYS)[number] | null {
  if (items.length === 0) return null;
  for (const key of LIST_KEYS) if (items.every((i) => isObj(i) && typeof i[key] === 'string')) return key;
  return null;
}

/** Where a jurisdiction stands under a policy: its explicit tier, else the default. */
function tierOf(policy: PolicyDocument, code: string): JurisdictionTier {
  for (const [tier, codes] of Object.entries(policy.jurisdictions.tiers) as [JurisdictionTier, string[]][]) {
    if (codes.some((c) => c.toUpperCase() === code)) return tier;
  }
  return policy.jurisdictions.defaultTier;
}

/**
 * The changes from `from` to `to`. Jurisdiction tier lists are reported as moves of single
 * countries (explicitly placed on either side, compared with each side's default tier); lists of
 * rules are matched by `code` (bands by `level`), and a change of their order — which matters for
 * intervention rules, where the first match wins — is one RULE change of the list.
 */
export function diffPolicies(from: PolicyDocument, to: PolicyDocument): PolicyChange[] {
  const out: PolicyChange[] = [];
  const push = (path: string[], kind: PolicyChangeKind, before: unknown, after: unknown, source: string | null, category?: PolicyChangeCategory) => {
    const inRule = path.some((p) => RULE_SECTIONS.has(p)) && path[0] !== 'jurisdictions';
    const cat: PolicyChangeCategory =
      category ?? (inRule ? 'RULE' : typeof before === 'number' || typeof after === 'number' ? 'NUMBER' : 'SETTING');
    const what = kind === 'ADDED' ? `added ${show(after)}` : kind === 'REMOVED' ? `removed ${show(before)}` : `${show(before)} → ${show(after)}`;
    out.push({ path, kind, category: cat, before, after, source, summary: `${path.join('.')}: ${what}` });
  };

  const walk = (path: string[], a: unknown, b: unknown, sourceA: string | null, sourceB: string | null): void => {
    if (equal(a, b)) return;
    if (a === undefined) return push(path, 'ADDED', undefined, b, sourceOf(b) ?? sourceB);
    if (b === undefined) return push(path, 'REMOVED', a, undefined, sourceOf(a) ?? sourceA);
    if (isObj(a) && isObj(b)) {
      const sa = sourceOf(a) ?? sourceA;
      const sb = sourceOf(b) ?? sourceB;
      const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
      for (const key of keys) {
        if (path.length === 0 && key === 'jurisdictions') continue; // below
        walk([...path, key], a[key], b[key], sa, sb);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const key = listKey([...a, ...b]);
      if (key) {
        const before = new Map(a.map((i) => [(i as Obj)[key] as string, i]));
        const after = new Map(b.map((i) => [(i as Obj)[key] as string, i]));
        for (const [k, item] of after) walk([...path, k], before.get(k), item, sourceA, sourceB);
        for (const [k, item] of before) if (!after.has(k)) walk([...path, k], item, undefined, sourceA, sourceB);
        const common = (m: Map<string, unknown>, other: Map<string, unknown>) => [...m.keys()].filter((k) => other.has(k));
        const orderA = common(before, after);
        const orderB = common(after, before);
        if (!equal(orderA, orderB)) {
          push(path, 'CHANGED', orderA, orderB, sourceB ?? sourceA, 'RULE');
          out[out.length - 1]!.summary = `${path.join('.')}: order ${orderA.join(', ')} → ${orderB.join(', ')}`;
        }
        return;
      }
      if ([...a, ...b].every((i) => !isObj(i) && !Array.isArray(i))) {
        // A set of plain values (levels, scopes, domains): one change of the whole list.
        return push(path, 'CHANGED', a, b, sourceB ?? sourceA);
      }
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) walk([...path, String(i)], a[i], b[i], sourceA, sourceB);
      return;
    }
    push(path, 'CHANGED', a, b, sourceB ?? sourceA);
  };

  walk([], from, to, null, null);

  // Jurisdictions: the default tier and its source as settings, then every country that moved.
  const ja = from.jurisdictions;
  const jb = to.jurisdictions;
  const jsource = jb.source ?? ja.source ?? null;
  if (ja.defaultTier !== jb.defaultTier) push(['jurisdictions', 'defaultTier'], 'CHANGED', ja.defaultTier, jb.defaultTier, jsource, 'TIER');
  if (ja.source !== jb.source) push(['jurisdictions', 'source'], 'CHANGED', ja.source, jb.source, jsource, 'SETTING');
  const codes = new Set<string>();
  for (const list of [...Object.values(ja.tiers), ...Object.values(jb.tiers)]) for (const c of list) codes.add(c.toUpperCase());
  for (const code of [...codes].sort()) {
    const before = tierOf(from, code);
    const after = tierOf(to, code);
    if (before === after) continue;
    out.push({
      path: ['jurisdictions', code],
      kind: 'CHANGED',
      category: 'TIER',
      before,
      after,
      source: jsource,
      summary: `${code} moves from ${before} to ${after}`,
    });
  }
  return out;
}

function sourceOf(v: unknown): string | null {
  return isObj(v) && typeof v.source === 'string' ? v.source : null;
}
