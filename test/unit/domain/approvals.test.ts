/** Four eyes in the policy document: `approvals` is optional, validated, and read by `requiresSecondApproval`. */
import { requiresSecondApproval, STARTING_POLICY, validatePolicyDocument } from '../../../src/domain';

const withApprovals = (approvals: unknown) => ({ ...STARTING_POLICY, approvals });

test('absent approvals require no second regulator', () => {
  expect(STARTING_POLICY.approvals).toBeUndefined();
  expect(requiresSecondApproval(STARTING_POLICY, 'POLICY_PUBLICATION')).toBe(false);
  expect(requiresSecondApproval(STARTING_POLICY, 'EXPORT_OVERRIDE')).toBe(false);
});

test('each kind follows its own setting', () => {
  const policy = withApprovals({ policyPublication: false, exportOverride: true, source: 'Board resolution' });
  const checked = validatePolicyDocument(policy);
  expect(checked.ok).toBe(true);
  if (!checked.ok) return;
  expect(requiresSecondApproval(checked.policy, 'POLICY_PUBLICATION')).toBe(false);
  expect(requiresSecondApproval(checked.policy, 'EXPORT_OVERRIDE')).toBe(true);
});

test('a malformed setting is an error at its path', () => {
  const checked = validatePolicyDocument(withApprovals({ policyPublication: 1, source: '' }));
  expect(checked.ok).toBe(false);
  if (checked.ok) return;
  expect(checked.errors.map((e) => e.path)).toEqual(['approvals.policyPublication', 'approvals.exportOverride', 'approvals.source']);
  expect(validatePolicyDocument(withApprovals([])).ok).toBe(false);
});
