import {
  ACCESS_STATUSES,
  ACCREDITATION_STATUSES,
  AUDIT_SCOPES,
  CAPABILITY_DOMAINS,
  DISCLOSURE_AUDIENCES,
  EXPORT_OUTCOMES,
  FINDING_CATEGORIES,
  INTERVENTION_TIERS,
  JURISDICTION_TIERS,
  SEVERITY_LEVELS,
} from '../enums';
import { LINEAGE_RELATIONS } from '../lineage';
import type { PolicyDocument } from './policy-document';

export interface PolicyValidationError {
  /** dotted path into the document, e.g. `timelines.CRITICAL.remediateHours` */
  path: string;
  message: string;
}

export type PolicyValidationResult =
  | { ok: true; policy: PolicyDocument }
  | { ok: false; errors: PolicyValidationError[] };

type Obj = Record<string, unknown>;

const CODE = /^[A-Z][A-Z0-9_]*$/;
const ISO_ALPHA2 = /^[A-Z]{2}$/;

/**
 * Checks that `doc` is a well-formed policy document: every field present with the right type,
 * every enum value known, bands ordered, the last intervention rule unconditional, and so on.
 * Reports every error with its path rather than stopping at the first.
 */
export function validatePolicyDocument(doc: unknown): PolicyValidationResult {
  const errors: PolicyValidationError[] = [];
  const fail = (path: string, message: string): void => {
    errors.push({ path, message });
  };

  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const obj = (v: unknown, path: string): Obj | null => {
    if (isObj(v)) return v;
    fail(path, 'must be an object');
    return null;
  };
  const str = (o: Obj, key: string, path: string): string | null => {
    const v = o[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
    fail(join(path, key), 'must be a non-empty string');
    return null;
  };
  const code = (o: Obj, key: string, path: string): void => {
    const v = str(o, key, path);
    if (v !== null && !CODE.test(v)) fail(join(path, key), 'must be SCREAMING_SNAKE_CASE');
  };
  const num = (o: Obj, key: string, path: string, opts: { min?: number; max?: number; nullable?: boolean; optional?: boolean } = {}): number | null => {
    const v = o[key];
    if (v === undefined && opts.optional) return null;
    if (v === null && opts.nullable) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail(join(path, key), opts.nullable ? 'must be a number or null' : 'must be a finite number');
      return null;
    }
    if (opts.min !== undefined && v < opts.min) fail(join(path, key), `must be at least ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) fail(join(path, key), `must be at most ${opts.max}`);
    return v;
  };
  const bool = (o: Obj, key: string, path: string, optional = false): void => {
    const v = o[key];
    if (v === undefined && optional) return;
    if (typeof v !== 'boolean') fail(join(path, key), 'must be a boolean');
  };
  const oneOf = <T extends string>(o: Obj, key: string, path: string, values: readonly T[], nullable = false): T | null => {
    const v = o[key];
    if (v === null && nullable) return null;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    fail(join(path, key), `must be one of ${values.join(', ')}${nullable ? ' or null' : ''}`);
    return null;
  };
  const list = (o: Obj, key: string, path: string, optional = false): unknown[] | null => {
    const v = o[key];
    if (v === undefined && optional) return null;
    if (Array.isArray(v)) return v;
    fail(join(path, key), 'must be an array');
    return null;
  };
  const enumList = <T extends string>(o: Obj, key: string, path: string, values: readonly T[], opts: { optional?: boolean; nonEmpty?: boolean } = {}): T[] | null => {
    const l = list(o, key, path, opts.optional);
    if (l === null) return null;
    if (opts.nonEmpty && l.length === 0) fail(join(path, key), 'must not be empty');
    l.forEach((v, i) => {
      if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
        fail(`${join(path, key)}.${i}`, `must be one of ${values.join(', ')}`);
      }
    });
    return l as T[];
  };
  const source = (o: Obj, path: string): void => {
    str(o, 'source', path);
  };
  const condition = (v: unknown, path: string, opts: { allowLevels: boolean; allowInterventionTiers: boolean }): void => {
    const c = obj(v, path);
    if (!c) return;
    const known = ['levels', 'capabilityDomains', 'categories', 'universal', 'exploitedInWild', 'minSuccessRateLowerBound'];
    if (opts.allowInterventionTiers) known.push('interventionTiers');
    for (const key of Object.keys(c)) {
      if (!known.includes(key)) fail(join(path, key), 'is not a known condition');
    }
    if (c.levels !== undefined) {
      if (!opts.allowLevels) fail(join(path, 'levels'), 'cannot be used here (the level depends on the score)');
      else enumList(c, 'levels', path, SEVERITY_LEVELS, { nonEmpty: true });
    }
    enumList(c, 'capabilityDomains', path, CAPABILITY_DOMAINS, { optional: true, nonEmpty: true });
    enumList(c, 'categories', path, FINDING_CATEGORIES, { optional: true, nonEmpty: true });
    if (opts.allowInterventionTiers) enumList(c, 'interventionTiers', path, INTERVENTION_TIERS, { optional: true, nonEmpty: true });
    bool(c, 'universal', path, true);
    bool(c, 'exploitedInWild', path, true);
    num(c, 'minSuccessRateLowerBound', path, { min: 0, max: 1, optional: true });
  };

  const root = obj(doc, '$');
  if (!root) return { ok: false, errors };

  str(root, 'version', '');
  const effectiveFrom = str(root, 'effectiveFrom', '');
  if (effectiveFrom !== null && !isIsoInstant(effectiveFrom)) {
    fail('effectiveFrom', 'must be an ISO 8601 instant with a time zone, e.g. 2026-01-01T00:00:00Z');
  }
  str(root, 'title', '');
  if (root.notes !== undefined && typeof root.notes !== 'string') fail('notes', 'must be a string');

  // severity
  const severity = obj(root.severity, 'severity');
  if (severity) {
    const bands = list(severity, 'bands', 'severity');
    if (bands) {
      const seen = new Set<string>();
      let previous = -Infinity;
      bands.forEach((b, i) => {
        const p = `severity.bands.${i}`;
        const band = obj(b, p);
        if (!band) return;
        const level = oneOf(band, 'level', p, SEVERITY_LEVELS);
        if (level) {
          if (seen.has(level)) fail(join(p, 'level'), `${level} appears more than once`);
          seen.add(level);
        }
        const min = num(band, 'minScore', p, { min: 0, max: 10 });
        if (min !== null) {
          if (i === 0 && min !== 0) fail(join(p, 'minScore'), 'the first band must start at 0');
          if (min <= previous) fail(join(p, 'minScore'), 'bands must be in ascending order of minScore');
          previous = min;
        }
        source(band, p);
      });
      for (const level of SEVERITY_LEVELS) {
        if (!seen.has(level)) fail('severity.bands', `has no band for ${level}`);
      }
    }
    const conf = obj(severity.successRateConfidence, 'severity.successRateConfidence');
    if (conf) {
      num(conf, 'z', 'severity.successRateConfidence', { min: 0 });
      source(conf, 'severity.successRateConfidence');
    }
    const adjustments = list(severity, 'scoreAdjustments', 'severity');
    adjustments?.forEach((a, i) => {
      const p = `severity.scoreAdjustments.${i}`;
      const adj = obj(a, p);
      if (!adj) return;
      code(adj, 'code', p);
      str(adj, 'description', p);
      condition(adj.when, join(p, 'when'), { allowLevels: false, allowInterventionTiers: false });
      num(adj, 'delta', p, { min: -10, max: 10 });
      source(adj, p);
    });
  }

  // intervention rules
  const rules = list(root, 'interventionRules', '');
  if (rules) {
    if (rules.length === 0) fail('interventionRules', 'must not be empty');
    rules.forEach((r, i) => {
      const p = `interventionRules.${i}`;
      const rule = obj(r, p);
      if (!rule) return;
      code(rule, 'code', p);
      str(rule, 'description', p);
      oneOf(rule, 'tier', p, INTERVENTION_TIERS);
      condition(rule.when, join(p, 'when'), { allowLevels: true, allowInterventionTiers: false });
      source(rule, p);
      if (i === rules.length - 1 && isObj(rule.when) && Object.keys(rule.when).length > 0) {
        fail(join(p, 'when'), 'the last intervention rule must be unconditional ({}) so every finding gets a tier');
      }
    });
  }

  // timelines
  const timelines = obj(root.timelines, 'timelines');
  if (timelines) {
    for (const level of SEVERITY_LEVELS) {
      const p = `timelines.${level}`;
      const row = obj(timelines[level], p);
      if (!row) continue;
      for (const key of ['acknowledgeHours', 'notifyGovernmentHours', 'mitigateHours', 'remediateHours']) {
        num(row, key, p, { min: 0, nullable: true });
      }
      source(row, p);
    }
  }

  const dueSoon = obj(root.dueSoon, 'dueSoon');
  if (dueSoon) {
    num(dueSoon, 'hours', 'dueSoon', { min: 0 });
    num(dueSoon, 'fractionOfDuration', 'dueSoon', { min: 0, max: 1 });
    source(dueSoon, 'dueSoon');
  }
  const reopening = obj(root.reopening, 'reopening');
  if (reopening) {
    bool(reopening, 'restartsClocks', 'reopening');
    source(reopening, 'reopening');
  }

  // disclosure clocks
  const clocks = list(root, 'disclosureClocks', '');
  if (clocks) {
    const codes = new Set<string>();
    clocks.forEach((c, i) => {
      const p = `disclosureClocks.${i}`;
      const clock = obj(c, p);
      if (!clock) return;
      code(clock, 'code', p);
      if (typeof clock.code === 'string') {
        if (codes.has(clock.code)) fail(join(p, 'code'), `${clock.code} appears more than once`);
        codes.add(clock.code);
      }
      str(clock, 'description', p);
      oneOf(clock, 'audience', p, DISCLOSURE_AUDIENCES);
      condition(clock.when, join(p, 'when'), { allowLevels: true, allowInterventionTiers: true });
      oneOf(clock, 'start', p, ['AWARE', 'REPORTED'] as const);
      const hasDuration = clock.durationHours !== undefined;
      const hasField = clock.timelineField !== undefined;
      if (hasDuration === hasField) fail(p, 'needs exactly one of durationHours and timelineField');
      if (hasDuration) num(clock, 'durationHours', p, { min: 0 });
      if (hasField) oneOf(clock, 'timelineField', p, ['notifyGovernmentHours'] as const);
      num(clock, 'afterRemediationHours', p, { min: 0, nullable: true, optional: true });
      source(clock, p);
    });
  }

  const remediation = obj(root.remediation, 'remediation');
  if (remediation) {
    enumList(remediation, 'retestRequiredLevels', 'remediation', SEVERITY_LEVELS);
    bool(remediation, 'fixVersionRequired', 'remediation');
    source(remediation, 'remediation');
  }

  // approvals (optional: four eyes)
  if (root.approvals !== undefined) {
    const approvals = obj(root.approvals, 'approvals');
    if (approvals) {
      bool(approvals, 'policyPublication', 'approvals');
      bool(approvals, 'exportOverride', 'approvals');
      source(approvals, 'approvals');
    }
  }

  // inheritance (optional: model lineage, issue 19)
  if (root.inheritance !== undefined) {
    const inheritance = obj(root.inheritance, 'inheritance');
    if (inheritance) {
      source(inheritance, 'inheritance');
      const rules = list(inheritance, 'rules', 'inheritance');
      rules?.forEach((r, i) => {
        const p = `inheritance.rules.${i}`;
        const rule = obj(r, p);
        if (!rule) return;
        code(rule, 'code', p);
        str(rule, 'description', p);
        source(rule, p);
        enumList(rule, 'relations', p, LINEAGE_RELATIONS, { nonEmpty: true });
        if (rule.categories !== 'ALL') enumList(rule, 'categories', p, FINDING_CATEGORIES, { nonEmpty: true });
      });
      if (inheritance.trainingCompute !== undefined) {
        const compute = obj(inheritance.trainingCompute, 'inheritance.trainingCompute');
        if (compute) {
          enumList(compute, 'relations', 'inheritance.trainingCompute', LINEAGE_RELATIONS);
          source(compute, 'inheritance.trainingCompute');
        }
      }
    }
  }

  // audits
  const audits = obj(root.audits, 'audits');
  if (audits) {
    const coverage = obj(audits.scopeCoverage, 'audits.scopeCoverage');
    if (coverage) {
      for (const scope of AUDIT_SCOPES) {
        enumList(coverage, scope, 'audits.scopeCoverage', AUDIT_SCOPES, { nonEmpty: true });
      }
    }
    enumList(audits, 'disqualifyingAccreditationStatuses', 'audits', ACCREDITATION_STATUSES);
    const lookback = obj(audits.conflictLookback, 'audits.conflictLookback');
    if (lookback) {
      num(lookback, 'months', 'audits.conflictLookback', { min: 0 });
      source(lookback, 'audits.conflictLookback');
    }
    const rotation = obj(audits.rotation, 'audits.rotation');
    if (rotation) {
      const max = num(rotation, 'maxConsecutiveAudits', 'audits.rotation', { min: 1 });
      if (max !== null && !Number.isInteger(max)) fail('audits.rotation.maxConsecutiveAudits', 'must be an integer');
      source(rotation, 'audits.rotation');
    }
    if (audits.restrictedAccessGrace !== undefined) {
      const grace = obj(audits.restrictedAccessGrace, 'audits.restrictedAccessGrace');
      if (grace) {
        num(grace, 'days', 'audits.restrictedAccessGrace', { min: 0, max: 365 });
        source(grace, 'audits.restrictedAccessGrace');
      }
    }
    source(audits, 'audits');
  }

  // jurisdictions
  const jurisdictions = obj(root.jurisdictions, 'jurisdictions');
  if (jurisdictions) {
    const tiers = obj(jurisdictions.tiers, 'jurisdictions.tiers');
    if (tiers) {
      const placed = new Map<string, string>();
      for (const tier of JURISDICTION_TIERS) {
        const codes = list(tiers, tier, 'jurisdictions.tiers');
        codes?.forEach((c, i) => {
          const p = `jurisdictions.tiers.${tier}.${i}`;
          if (typeof c !== 'string' || !ISO_ALPHA2.test(c)) {
            fail(p, 'must be an ISO 3166-1 alpha-2 code in upper case');
            return;
          }
          const other = placed.get(c);
          if (other) fail(p, `${c} is already placed in ${other}`);
          placed.set(c, tier);
        });
      }
    }
    oneOf(jurisdictions, 'defaultTier', 'jurisdictions', JURISDICTION_TIERS);
    source(jurisdictions, 'jurisdictions');
  }

  // eligibility
  const eligibility = obj(root.eligibility, 'eligibility');
  if (eligibility) {
    const suspension = obj(eligibility.suspension, 'eligibility.suspension');
    if (suspension) {
      enumList(suspension, 'interventionTiers', 'eligibility.suspension', INTERVENTION_TIERS);
      enumList(suspension, 'accessStatuses', 'eligibility.suspension', ACCESS_STATUSES);
      oneOf(suspension, 'outcome', 'eligibility.suspension', EXPORT_OUTCOMES);
      source(suspension, 'eligibility.suspension');
    }
    const missed = obj(eligibility.missedDeadlines, 'eligibility.missedDeadlines');
    if (missed) {
      oneOf(missed, 'outcome', 'eligibility.missedDeadlines', EXPORT_OUTCOMES, true);
      source(missed, 'eligibility.missedDeadlines');
    }
    const tiers = obj(eligibility.tiers, 'eligibility.tiers');
    if (tiers) {
      for (const tier of JURISDICTION_TIERS) {
        const tierRules = list(tiers, tier, 'eligibility.tiers');
        tierRules?.forEach((r, i) => {
          const p = `eligibility.tiers.${tier}.${i}`;
          const rule = obj(r, p);
          if (!rule) return;
          code(rule, 'code', p);
          str(rule, 'description', p);
          oneOf(rule, 'outcome', p, EXPORT_OUTCOMES);
          source(rule, p);
          const kind = oneOf(rule, 'kind', p, ['ALWAYS', 'COMPUTE_ABOVE', 'CAPABILITY_DOMAINS', 'OPEN_FINDINGS', 'COUNTING_AUDIT'] as const);
          switch (kind) {
            case 'COMPUTE_ABOVE':
              num(rule, 'thresholdOps', p, { min: 0 });
              break;
            case 'CAPABILITY_DOMAINS':
              enumList(rule, 'domains', p, CAPABILITY_DOMAINS, { nonEmpty: true });
              break;
            case 'OPEN_FINDINGS':
              enumList(rule, 'levels', p, SEVERITY_LEVELS, { nonEmpty: true });
              oneOf(rule, 'outcomeWhenMitigated', p, EXPORT_OUTCOMES, true);
              break;
            case 'COUNTING_AUDIT':
              num(rule, 'maxAgeMonths', p, { min: 0 });
              enumList(rule, 'requiredScopes', p, AUDIT_SCOPES);
              break;
            default:
              break;
          }
        });
      }
    }
  }

  return errors.length === 0 ? { ok: true, policy: doc as PolicyDocument } : { ok: false, errors };
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isIsoInstant(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
}
