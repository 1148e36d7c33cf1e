/**
 * Reads a policy document sent as JSON text: size, JSON syntax and the domain's validation, each
 * problem with its path under `document` (for example `["document", "timelines", "CRITICAL",
 * "remediateHours"]`). The one reader for publishing and for the what-if.
 */
import { validatePolicyDocument, type PolicyDocument } from '../../domain';
import { problem } from '../shared/unit-of-work';

export const MAX_POLICY_BYTES = 200_000;

export interface PolicyDraftProblem {
  code: string;
  message: string;
  path: string[];
}

export type PolicyDraftResult = { ok: true; policy: PolicyDocument } | { ok: false; problems: PolicyDraftProblem[] };

/** `timelines.CRITICAL.remediateHours` / `eligibility.tiers.TIER_1[2].code` as path segments. */
export function policyPathSegments(path: string): string[] {
  return path.split(/\.|\[|\]/).filter((s) => s !== '');
}

export function readPolicyDraft(text: string, field = 'document'): PolicyDraftResult {
  if (text.length > MAX_POLICY_BYTES) {
    return { ok: false, problems: [problem('TOO_LONG', `The document must be at most ${MAX_POLICY_BYTES} characters.`, [field])] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [problem('INVALID_JSON', `Not valid JSON: ${(err as Error).message}`, [field])] };
  }
  const validation = validatePolicyDocument(parsed);
  if (!validation.ok) {
    return {
      ok: false,
      problems: validation.errors.map((e) => problem('INVALID_POLICY', e.message, [field, ...policyPathSegments(e.path)])),
    };
  }
  return { ok: true, policy: validation.policy };
}
