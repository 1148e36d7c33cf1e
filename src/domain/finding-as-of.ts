import type { FindingFacts } from './facts';

/**
 * One finding as the registry knew it at `at` (the same rules as `factsAsOf` applies to a
 * version's findings): null when it was not yet recorded; otherwise only the status changes,
 * assessments and disclosures recorded (and occurred) by then, the status rolled back to the last
 * of those, and a fix version recorded later unset. Pure: the input is not modified.
 */
export function findingFactsAsOf(finding: FindingFacts, at: Date): FindingFacts | null {
  const t = at.getTime();
  const known = (d: Date): boolean => d.getTime() <= t;
  if (!known(finding.recordedAt)) return null;
  const statusHistory = finding.statusHistory.filter((s) => known(s.recordedAt) && known(s.occurredAt));
  const fixHidden = finding.fixedInVersionRecordedAt != null && !known(finding.fixedInVersionRecordedAt);
  return {
    ...finding,
    status: statusHistory.length > 0 ? statusHistory[statusHistory.length - 1]!.to : 'REPORTED',
    fixedInVersionId: fixHidden ? null : finding.fixedInVersionId,
    statusHistory,
    assessments: finding.assessments.filter((a) => known(a.recordedAt) && known(a.assessedAt)),
    disclosures: finding.disclosures.filter((d) => known(d.recordedAt) && known(d.disclosedAt)),
  };
}
