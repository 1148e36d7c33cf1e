import { EXPORT_OUTCOMES, type ExportOutcome } from './enums';

/** ELIGIBLE < CONDITIONAL < RESTRICTED < SUSPENDED < PROHIBITED: worse to the right. */
export function outcomeRank(outcome: ExportOutcome): number {
  return EXPORT_OUTCOMES.indexOf(outcome);
}

/** The worse of two outcomes; outcomes combine by "worst wins". */
export function worseOutcome(a: ExportOutcome, b: ExportOutcome): ExportOutcome {
  return outcomeRank(b) > outcomeRank(a) ? b : a;
}
