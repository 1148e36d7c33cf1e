/** The explanation every domain result carries: a stable code, a sentence, and what it is about. */
export interface ReasonRefs {
  findingIds?: string[];
  findingPublicIds?: string[];
  auditIds?: string[];
  /** e.g. "MSR-2026-0007 NOTIFY_GOVERNMENT due 2026-03-02T10:00:00.000Z" */
  deadline?: string;
}

export interface Reason {
  /** stable, SCREAMING_SNAKE (e.g. OPEN_INTERVENTION_FINDING); clients may switch on it */
  code: string;
  /** one human sentence */
  message: string;
  refs: ReasonRefs;
}

export function reason(code: string, message: string, refs: ReasonRefs = {}): Reason {
  return { code, message, refs };
}
