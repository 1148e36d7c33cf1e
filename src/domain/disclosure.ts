import { deadlineState, type DeadlineState } from './deadlines';
import type { DisclosureAudience, DisclosureKind, SeverityLevel } from './enums';
import type { FindingFacts } from './facts';
import { firstReached, isDismissed, lastReopenedAt, PROGRESS_REMEDIATED } from './finding-lifecycle';
import type { PolicyDocument } from './policy/policy-document';
import { reason, type Reason } from './reason';
import { assessmentsInOrder, conditionHolds, severityOfAssessment, severityOfFinding } from './severity';
import { HOUR_MS, iso } from './time';

export interface DisclosureRef {
  disclosureId: string;
  kind: DisclosureKind;
  disclosedAt: Date;
}

export interface DisclosureObligation {
  /** the policy clock's code, e.g. GOVERNMENT_NOTIFICATION, PUBLIC_DISCLOSURE */
  code: string;
  description: string;
  audience: DisclosureAudience;
  /** the policy's citation for this clock */
  source: string;
  required: boolean;
  clockStart: Date | null;
  dueAt: Date | null;
  /** MET when satisfied; NOT_APPLICABLE when not required */
  state: DeadlineState;
  /** the first disclosure to the audience, which satisfied the obligation */
  satisfiedBy: DisclosureRef | null;
  /** later disclosures to the same audience (kind AMENDED, or repeated INITIALs) */
  amendments: DisclosureRef[];
  /** the severity changed after the satisfying disclosure and no later amendment reports it */
  amendmentOutstanding: boolean;
  secondsRemaining: number | null;
  secondsOverdue: number | null;
  reasons: Reason[];
  policyVersion: string;
}

/**
 * Every disclosure clock of the policy for one finding at `now`. Several can run at once; each
 * says whether it is required (its condition holds for the current assessment), when it is due,
 * which disclosures satisfied it, and whether it is overdue. Any disclosure to the clock's
 * audience satisfies it; later ones are listed as amendments.
 */
export function computeDisclosureObligations(finding: FindingFacts, policy: PolicyDocument, now: Date): DisclosureObligation[] {
  const refs = { findingIds: [finding.id], findingPublicIds: [finding.publicId] };
  const severity = severityOfFinding(finding, policy);
  const dismissed = isDismissed(finding.status);
  const assessed = severity.kind === 'ASSESSED' ? severity.result : null;
  const aiFactors = severity.kind === 'UNASSESSED' ? null : severity.assessment.aiFactors;
  const reopenedAt = lastReopenedAt(finding, now);
  const remediatedAt = firstReached(finding, PROGRESS_REMEDIATED, reopenedAt, now);

  return policy.disclosureClocks.map((clock): DisclosureObligation => {
    const matching = finding.disclosures
      .filter((d) => d.audience === clock.audience && d.disclosedAt.getTime() <= now.getTime())
      .sort((a, b) => a.disclosedAt.getTime() - b.disclosedAt.getTime() || (a.kind === 'INITIAL' ? -1 : 1) - (b.kind === 'INITIAL' ? -1 : 1));
    const toRef = (d: (typeof matching)[number]): DisclosureRef => ({ disclosureId: d.id, kind: d.kind, disclosedAt: d.disclosedAt });
    const satisfiedBy = matching.length > 0 ? toRef(matching[0]!) : null;
    const amendments = matching.slice(1).map(toRef);
    const base = {
      code: clock.code,
      description: clock.description,
      audience: clock.audience,
      source: clock.source,
      satisfiedBy,
      amendments,
      policyVersion: policy.version,
    };
    const notRequired = (code: string, message: string): DisclosureObligation => ({
      ...base,
      required: false,
      clockStart: null,
      dueAt: null,
      state: 'NOT_APPLICABLE',
      amendmentOutstanding: false,
      secondsRemaining: null,
      secondsOverdue: null,
      reasons: [reason(code, message, refs)],
    });

    if (dismissed) return notRequired('FINDING_DISMISSED', `${finding.publicId} is ${finding.status}; ${clock.code} does not apply.`);

    const applies =
      Object.keys(clock.when).length === 0 ||
      (aiFactors !== null &&
        conditionHolds(clock.when, {
          level: assessed?.level ?? null,
          aiFactors,
          category: finding.category,
          interventionTier: assessed?.interventionTier ?? null,
          successRateLowerBound: assessed?.successRateLowerBound ?? 0,
        }));
    if (!applies) {
      return notRequired('DISCLOSURE_NOT_REQUIRED', `${clock.description} The condition does not hold for ${finding.publicId}.`);
    }

    let hours: number | null;
    if (clock.timelineField) {
      if (!assessed) return notRequired('UNASSESSED_FINDING', `${finding.publicId} is not assessed; ${clock.code} waits for its level.`);
      hours = policy.timelines[assessed.level][clock.timelineField];
      if (hours === null) {
        return notRequired('DISCLOSURE_NOT_REQUIRED', `The policy requires no ${clock.code} for ${assessed.level} findings.`);
      }
    } else {
      hours = clock.durationHours!;
    }

    const clockStart = clock.start === 'AWARE' ? finding.awareAt : finding.reportedAt;
    let dueAt = new Date(clockStart.getTime() + hours * HOUR_MS);
    const reasons: Reason[] = [reason(clock.code, `${clock.description} (${clock.source})`, refs)];
    if (clock.afterRemediationHours != null && remediatedAt) {
      const sooner = new Date(remediatedAt.getTime() + clock.afterRemediationHours * HOUR_MS);
      if (sooner.getTime() < dueAt.getTime()) {
        dueAt = sooner;
        reasons.push(reason('DUE_AFTER_REMEDIATION', `Remediated ${iso(remediatedAt)}, so due ${clock.afterRemediationHours} h later.`, refs));
      }
    }
    const state = deadlineState('NOTIFY_GOVERNMENT', clockStart, hours, satisfiedBy?.disclosedAt ?? null, now, policy, dueAt);
    if (state.state === 'OVERDUE') {
      reasons.push(
        reason('DISCLOSURE_OVERDUE', `${finding.publicId}: ${clock.code} to ${clock.audience} was due ${iso(dueAt)} and has not been made.`, {
          ...refs,
          deadline: `${finding.publicId} ${clock.code} due ${iso(dueAt)}`,
        }),
      );
    }

    const amendmentOutstanding = satisfiedBy !== null && needsAmendment(finding, policy, satisfiedBy.disclosedAt, matching);
    if (amendmentOutstanding) {
      reasons.push(
        reason('DISCLOSURE_AMENDMENT_OUTSTANDING', `${finding.publicId}: the severity changed after the ${clock.audience} disclosure and no amended disclosure reports it.`, refs),
      );
    }

    return {
      ...base,
      required: true,
      clockStart,
      dueAt,
      state: state.state,
      amendmentOutstanding,
      secondsRemaining: state.secondsRemaining,
      secondsOverdue: state.secondsOverdue,
      reasons,
    };
  });
}

/** True when the level changed after `disclosedAt` and no later disclosure followed the change. */
function needsAmendment(
  finding: FindingFacts,
  policy: PolicyDocument,
  disclosedAt: Date,
  disclosures: { disclosedAt: Date }[],
): boolean {
  let levelAtDisclosure: SeverityLevel | null = null;
  let lastChangeAt: Date | null = null;
  let previous: SeverityLevel | null = null;
  for (const a of assessmentsInOrder(finding)) {
    const s = severityOfAssessment(a, finding.category, policy);
    if (s.kind !== 'ASSESSED') continue;
    if (a.assessedAt.getTime() <= disclosedAt.getTime()) levelAtDisclosure = s.result.level;
    else if (s.result.level !== previous) lastChangeAt = a.assessedAt;
    previous = s.result.level;
  }
  if (lastChangeAt === null || previous === levelAtDisclosure) return false;
  const changeAt = lastChangeAt.getTime();
  return !disclosures.some((d) => d.disclosedAt.getTime() >= changeAt);
}
