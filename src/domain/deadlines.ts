import type { SeverityLevel } from './enums';
import type { FindingFacts } from './facts';
import {
  firstReached,
  isDismissed,
  lastReopenedAt,
  PROGRESS_MITIGATING,
  PROGRESS_REMEDIATED,
  PROGRESS_TRIAGED,
} from './finding-lifecycle';
import type { PolicyDocument, TimelineRow } from './policy/policy-document';
import { reason, type Reason } from './reason';
import { assessmentsInOrder, severityOfAssessment, severityOfFinding } from './severity';
import { HOUR_MS, iso } from './time';

export const DEADLINE_KINDS = ['ACKNOWLEDGE', 'NOTIFY_GOVERNMENT', 'MITIGATE', 'REMEDIATE'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATES = ['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'MET', 'NOT_APPLICABLE'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export interface Deadline {
  kind: DeadlineKind;
  /** null when NOT_APPLICABLE */
  clockStart: Date | null;
  dueAt: Date | null;
  durationHours: number | null;
  state: DeadlineState;
  /** when the obligation was met (MET only) */
  metAt: Date | null;
  /** whole seconds left until dueAt (ON_TRACK and DUE_SOON) */
  secondsRemaining: number | null;
  /** whole seconds past dueAt (OVERDUE), or how late it was met (MET late; 0 when on time) */
  secondsOverdue: number | null;
  /** one sentence: why this state */
  note: string;
}

export interface SeverityChange {
  from: SeverityLevel | null;
  to: SeverityLevel;
  at: Date;
}

export interface DeadlineSet {
  findingId: string;
  findingPublicId: string;
  level: SeverityLevel | null;
  /** ACKNOWLEDGE, NOTIFY_GOVERNMENT, MITIGATE, REMEDIATE, always in that order */
  deadlines: Deadline[];
  /** the last change of level between assessments, when there was one */
  severityChange: SeverityChange | null;
  /** e.g. "recomputed after severity changed from HIGH to CRITICAL" */
  notes: string[];
  reasons: Reason[];
  policyVersion: string;
  evaluatedAt: Date;
}

const TIMELINE_FIELD: Record<DeadlineKind, keyof Omit<TimelineRow, 'source'>> = {
  ACKNOWLEDGE: 'acknowledgeHours',
  NOTIFY_GOVERNMENT: 'notifyGovernmentHours',
  MITIGATE: 'mitigateHours',
  REMEDIATE: 'remediateHours',
};

function notApplicable(kind: DeadlineKind, note: string): Deadline {
  return {
    kind,
    clockStart: null,
    dueAt: null,
    durationHours: null,
    state: 'NOT_APPLICABLE',
    metAt: null,
    secondsRemaining: null,
    secondsOverdue: null,
    note,
  };
}

/**
 * The response deadlines of one finding at `now`, from the policy's timeline for its current
 * level. Clocks start when the developer became aware (`awareAt`); when the policy says a
 * re-opening restarts clocks, MITIGATE and REMEDIATE restart at the last re-opening.
 *
 * Met means: ACKNOWLEDGE — first move to TRIAGED or later; NOTIFY_GOVERNMENT — a GOVERNMENT
 * disclosure; MITIGATE — reaching MITIGATING or later; REMEDIATE — reaching REMEDIATED or later
 * (after a re-opening, only moves after it count for MITIGATE and REMEDIATE). Events after `now`
 * are ignored. A deadline is OVERDUE from one millisecond after dueAt; DUE_SOON when the time left
 * is at most min(policy.dueSoon.hours, fraction × duration).
 */
export function computeDeadlines(finding: FindingFacts, policy: PolicyDocument, now: Date): DeadlineSet {
  const notes: string[] = [];
  const reasons: Reason[] = [];
  const base = {
    findingId: finding.id,
    findingPublicId: finding.publicId,
    policyVersion: policy.version,
    evaluatedAt: now,
  };
  const refs = { findingIds: [finding.id], findingPublicIds: [finding.publicId] };

  if (isDismissed(finding.status)) {
    const note = `${finding.publicId} is ${finding.status}; no deadlines apply.`;
    reasons.push(reason('FINDING_DISMISSED', note, refs));
    return {
      ...base,
      level: null,
      deadlines: DEADLINE_KINDS.map((k) => notApplicable(k, note)),
      severityChange: null,
      notes,
      reasons,
    };
  }

  const severity = severityOfFinding(finding, policy);
  if (severity.kind !== 'ASSESSED') {
    const note =
      severity.kind === 'UNASSESSED'
        ? `${finding.publicId} has no severity assessment yet; deadlines start to apply once it is assessed.`
        : `${finding.publicId} has an invalid assessment (${severity.error.message}); deadlines cannot be computed.`;
    reasons.push(reason(severity.kind === 'UNASSESSED' ? 'UNASSESSED_FINDING' : 'INVALID_ASSESSMENT', note, refs));
    return {
      ...base,
      level: null,
      deadlines: DEADLINE_KINDS.map((k) => notApplicable(k, note)),
      severityChange: null,
      notes,
      reasons,
    };
  }

  const level = severity.result.level;
  const severityChange = lastSeverityChange(finding, policy);
  if (severityChange) {
    const message = `Deadlines recomputed after severity changed from ${severityChange.from ?? 'unassessed'} to ${severityChange.to} on ${iso(severityChange.at)}.`;
    notes.push(`recomputed after severity changed from ${severityChange.from ?? 'unassessed'} to ${severityChange.to}`);
    reasons.push(reason('SEVERITY_CHANGED', message, refs));
  }

  const reopenedAt = lastReopenedAt(finding, now);
  const restart = reopenedAt !== null && policy.reopening.restartsClocks;
  if (reopenedAt) {
    const message = restart
      ? `${finding.publicId} was re-opened on ${iso(reopenedAt)}; the policy restarts its mitigate and remediate clocks.`
      : `${finding.publicId} was re-opened on ${iso(reopenedAt)}; the policy keeps its original clocks.`;
    notes.push(message);
    reasons.push(reason('FINDING_REOPENED', message, refs));
  }

  const deadlines = rawDeadlines(finding, policy, level, reopenedAt, now).map((raw) =>
    raw.hours === null
      ? notApplicable(raw.kind, `The policy sets no ${raw.kind} deadline for ${level} findings.`)
      : deadlineState(raw.kind, raw.clockStart!, raw.hours, raw.metAt, now, policy),
  );
  for (const d of deadlines) {
    if (d.state === 'OVERDUE') reasons.push(missedDeadlineReason(finding, d.kind, d.dueAt!, d.secondsOverdue!));
  }

  return { ...base, level, deadlines, severityChange, notes, reasons };
}

interface RawDeadline {
  kind: DeadlineKind;
  hours: number | null;
  clockStart: Date | null;
  metAt: Date | null;
}

/** Clock start, duration and met time per kind, without any message: the hot path of eligibility. */
function rawDeadlines(finding: FindingFacts, policy: PolicyDocument, level: SeverityLevel, reopenedAt: Date | null, now: Date): RawDeadline[] {
  const row = policy.timelines[level];
  const restart = reopenedAt !== null && policy.reopening.restartsClocks;
  return DEADLINE_KINDS.map((kind) => {
    const hours = row[TIMELINE_FIELD[kind]];
    if (hours === null) return { kind, hours, clockStart: null, metAt: null };
    const episodic = kind === 'MITIGATE' || kind === 'REMEDIATE';
    const clockStart = episodic && restart ? reopenedAt! : finding.awareAt;
    return { kind, hours, clockStart, metAt: metAtFor(kind, finding, episodic ? reopenedAt : null, now) };
  });
}

function missedDeadlineReason(finding: FindingFacts, kind: DeadlineKind, dueAt: Date, secondsOverdue: number): Reason {
  return reason('MISSED_DEADLINE', `${finding.publicId}: ${kind} was due ${iso(dueAt)} and is ${formatDuration(secondsOverdue)} overdue.`, {
    findingIds: [finding.id],
    findingPublicIds: [finding.publicId],
    deadline: `${finding.publicId} ${kind} due ${iso(dueAt)}`,
  });
}

const missedCache = new WeakMap<FindingFacts, { policy: PolicyDocument; now: number; reasons: Reason[] }>();

/**
 * Only the MISSED_DEADLINE reasons of `computeDeadlines`, computed without building the other
 * messages and memoised per finding object for one (policy, now) — findings are shared by the
 * versions they affect, so a matrix run computes each once.
 */
export function missedDeadlines(finding: FindingFacts, policy: PolicyDocument, now: Date): Reason[] {
  const cached = missedCache.get(finding);
  if (cached && cached.policy === policy && cached.now === now.getTime()) return cached.reasons;
  const reasons: Reason[] = [];
  if (!isDismissed(finding.status)) {
    const severity = severityOfFinding(finding, policy);
    if (severity.kind === 'ASSESSED') {
      const t = now.getTime();
      for (const raw of rawDeadlines(finding, policy, severity.result.level, lastReopenedAt(finding, now), now)) {
        if (raw.hours === null || raw.metAt !== null) continue;
        const due = raw.clockStart!.getTime() + raw.hours * HOUR_MS;
        if (t > due) reasons.push(missedDeadlineReason(finding, raw.kind, new Date(due), Math.floor((t - due) / 1000)));
      }
    }
  }
  missedCache.set(finding, { policy, now: now.getTime(), reasons });
  return reasons;
}

function metAtFor(kind: DeadlineKind, finding: FindingFacts, since: Date | null, now: Date): Date | null {
  switch (kind) {
    case 'ACKNOWLEDGE':
      return firstReached(finding, PROGRESS_TRIAGED, null, now);
    case 'MITIGATE':
      return firstReached(finding, PROGRESS_MITIGATING, since, now);
    case 'REMEDIATE':
      return firstReached(finding, PROGRESS_REMEDIATED, since, now);
    case 'NOTIFY_GOVERNMENT': {
      let first: Date | null = null;
      for (const d of finding.disclosures) {
        if (d.audience !== 'GOVERNMENT' || d.disclosedAt.getTime() > now.getTime()) continue;
        if (first === null || d.disclosedAt.getTime() < first.getTime()) first = d.disclosedAt;
      }
      return first;
    }
  }
}

/** The state of one clock; shared with disclosure obligations. */
export function deadlineState(
  kind: DeadlineKind,
  clockStart: Date,
  hours: number,
  metAt: Date | null,
  now: Date,
  policy: PolicyDocument,
  dueAtOverride?: Date,
): Deadline {
  const dueAt = dueAtOverride ?? new Date(clockStart.getTime() + hours * HOUR_MS);
  const due = dueAt.getTime();
  const common = { kind, clockStart, dueAt, durationHours: hours };
  if (metAt) {
    const late = Math.max(0, Math.floor((metAt.getTime() - due) / 1000));
    return {
      ...common,
      state: 'MET',
      metAt,
      secondsRemaining: null,
      secondsOverdue: late,
      note: late > 0 ? `Met ${iso(metAt)}, ${formatDuration(late)} late.` : `Met ${iso(metAt)}, on time.`,
    };
  }
  const left = due - now.getTime();
  if (left < 0) {
    const overdue = Math.floor(-left / 1000);
    return { ...common, state: 'OVERDUE', metAt: null, secondsRemaining: null, secondsOverdue: overdue, note: `Overdue by ${formatDuration(overdue)}.` };
  }
  const windowMs = Math.min(policy.dueSoon.hours, policy.dueSoon.fractionOfDuration * hours) * HOUR_MS;
  const remaining = Math.floor(left / 1000);
  return {
    ...common,
    state: left <= windowMs ? 'DUE_SOON' : 'ON_TRACK',
    metAt: null,
    secondsRemaining: remaining,
    secondsOverdue: null,
    note: `Due ${iso(dueAt)}, ${formatDuration(remaining)} left.`,
  };
}

/** The most recent change of level between consecutive valid assessments, if any. */
export function lastSeverityChange(finding: FindingFacts, policy: PolicyDocument): SeverityChange | null {
  if (finding.assessments.length < 2) return null;
  let previous: SeverityLevel | null = null;
  let change: SeverityChange | null = null;
  let first = true;
  for (const assessment of assessmentsInOrder(finding)) {
    const s = severityOfAssessment(assessment, finding.category, policy);
    if (s.kind !== 'ASSESSED') continue;
    if (!first && s.result.level !== previous) change = { from: previous, to: s.result.level, at: assessment.assessedAt };
    previous = s.result.level;
    first = false;
  }
  return change;
}

/** "2d 3h", "5h 10m", "42s": for messages only. */
export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${seconds % 60}s`;
  return `${seconds}s`;
}
