import type { OverrideFact } from '../../domain';
import type { ExportDecisionEntity } from '../../persistence/entities';
import type { DecisionRowWithOverride } from './write-store';

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

/** The same from a decision row's override columns as stored (`jurisdiction_decisions`). */
export function overrideOfRow(
  row: Pick<DecisionRowWithOverride, 'override_outcome' | 'override_justification' | 'override_by' | 'override_at' | 'override_expires_at'>,
): OverrideFact | null {
  if (!row.override_outcome) return null;
  return {
    outcome: row.override_outcome,
    justification: row.override_justification!,
    setBy: row.override_by!,
    setAt: row.override_at!,
    expiresAt: row.override_expires_at,
    recordedAt: row.override_at!,
  };
}
