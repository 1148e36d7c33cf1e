import type { OverrideFact } from '../../domain';
import type { ExportDecisionEntity } from '../../persistence/entities';

/** The override recorded on a stored decision (active or not), as the engine's fact. */
export function storedOverride(d: ExportDecisionEntity): OverrideFact | null {
  if (!d.overrideOutcome) return null;
  return {
    outcome: d.overrideOutcome,
    justification: d.overrideJustification!,
    setBy: d.overrideBy!,
    setAt: d.overrideAt!,
    expiresAt: d.overrideExpiresAt,
    recordedAt: d.overrideAt!,
  };
}
