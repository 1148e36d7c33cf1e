/**
 * What each subscription delivers, derived from a registry event's type and payload alone. The
 * event types a subscription listens to are listed here, next to how their payload is read, so
 * a new event type (from the write API) is one entry, not a new code path.
 */
import type { EventEntity, FindingEntity, ModelVersionEntity } from '../../persistence/entities';

/** Fields every message carries; `cursor`, `occurredAt` and `actor` come from the event. */
export interface EventMessage {
  event: EventEntity;
}

export type RegistryEventMessage = EventMessage;

export type FindingChangeKind = 'REPORTED' | 'STATUS_CHANGED' | 'SEVERITY_ASSESSED';

export interface FindingChangeMessage extends EventMessage {
  kind: FindingChangeKind;
  finding: FindingEntity;
  previousStatus: string | null;
  status: string | null;
  previousLevel: string | null;
  level: string | null;
  interventionTier: string | null;
}

export interface ExportOutcomeChange {
  modelVersionId: string;
  jurisdictionCode: string;
  tier: string;
  previousOutcome: string | null;
  outcome: string;
}

export interface ExportDecisionChangeMessage extends EventMessage {
  modelVersion: ModelVersionEntity;
  cause: string;
  policyVersion: string;
  changes: ExportOutcomeChange[];
}

export interface ModelVersionAccessChangeMessage extends EventMessage {
  modelVersion: ModelVersionEntity;
  previousStatus: string | null;
  status: string;
  reason: string | null;
}

export interface DeadlineAlertMessage extends EventMessage {
  finding: FindingEntity;
  kind: string;
  state: string;
  dueAt: Date;
  level: string | null;
  policyVersion: string;
}

type Payload = Record<string, unknown>;
const payloadOf = (e: EventEntity): Payload => (e.payload && typeof e.payload === 'object' ? (e.payload as Payload) : {});
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export const FINDING_CHANGE_TYPES: Record<string, FindingChangeKind> = {
  FINDING_REPORTED: 'REPORTED',
  FINDING_STATUS_CHANGED: 'STATUS_CHANGED',
  FINDING_ASSESSED: 'SEVERITY_ASSESSED',
};

/** The finding-independent part of a finding change. */
export function readFindingChange(e: EventEntity): Omit<FindingChangeMessage, 'finding' | 'event'> | null {
  const kind = FINDING_CHANGE_TYPES[e.type];
  if (!kind || e.subjectType !== 'Finding') return null;
  const p = payloadOf(e);
  switch (kind) {
    case 'REPORTED':
      return { kind, previousStatus: null, status: 'REPORTED', previousLevel: null, level: null, interventionTier: null };
    case 'STATUS_CHANGED':
      return { kind, previousStatus: text(p.from), status: text(p.to), previousLevel: null, level: null, interventionTier: null };
    case 'SEVERITY_ASSESSED':
      return { kind, previousStatus: null, status: null, previousLevel: text(p.from), level: text(p.level), interventionTier: text(p.tier) };
  }
}

export const EXPORT_DECISION_TYPES = ['EXPORT_DECISIONS_CHANGED'];

/** Outcome moves of an EXPORT_DECISIONS_CHANGED event (reason-only changes are not moves). */
export function readExportDecisionChange(e: EventEntity): Omit<ExportDecisionChangeMessage, 'modelVersion' | 'event'> | null {
  if (!EXPORT_DECISION_TYPES.includes(e.type) || e.subjectType !== 'ModelVersion') return null;
  const p = payloadOf(e);
  const outcomes = Array.isArray(p.outcomes) ? (p.outcomes as Payload[]) : [];
  const changes = outcomes
    .filter((o) => text(o.jurisdiction) && text(o.to) && o.from !== o.to)
    .map((o) => ({
      modelVersionId: e.subjectId,
      jurisdictionCode: o.jurisdiction as string,
      tier: text(o.tier) ?? 'TIER_2',
      previousOutcome: text(o.from),
      outcome: o.to as string,
    }));
  return { cause: text(p.cause) ?? e.type, policyVersion: text(p.policyVersion) ?? '', changes };
}

export type ExportOverrideChangeKind = 'OVERRIDDEN' | 'LIFTED';

export interface ExportDecisionOverrideMessage extends EventMessage {
  kind: ExportOverrideChangeKind;
  modelVersion: ModelVersionEntity;
  modelVersionId: string;
  /** The ExportDecision the override is on (the event's subject). */
  exportDecisionId: string;
  jurisdictionCode: string;
  outcome: string | null;
  previousOverride: string | null;
  expiresAt: Date | null;
  reason: string | null;
}

/** Overrides placed on and lifted from export decisions, by event type. */
export const EXPORT_OVERRIDE_TYPES: Record<string, ExportOverrideChangeKind> = {
  DECISION_OVERRIDDEN: 'OVERRIDDEN',
  DECISION_OVERRIDE_LIFTED: 'LIFTED',
};

export function readExportOverride(e: EventEntity): Omit<ExportDecisionOverrideMessage, 'modelVersion' | 'event'> | null {
  const kind = EXPORT_OVERRIDE_TYPES[e.type];
  if (!kind || e.subjectType !== 'ExportDecision') return null;
  const p = payloadOf(e);
  const modelVersionId = text(p.modelVersionId);
  const jurisdiction = text(p.jurisdiction);
  if (!modelVersionId || !jurisdiction) return null;
  const expiresAt = kind === 'OVERRIDDEN' ? text(p.expiresAt) : null;
  return {
    kind,
    modelVersionId,
    exportDecisionId: e.subjectId,
    jurisdictionCode: jurisdiction.toUpperCase(),
    outcome: kind === 'OVERRIDDEN' ? text(p.outcome) : null,
    previousOverride: kind === 'OVERRIDDEN' ? text(p.previousOverride) : text(p.liftedOutcome),
    expiresAt: expiresAt ? new Date(expiresAt) : null,
    reason: kind === 'LIFTED' ? text(p.reason) : null,
  };
}

/** Access-status changes of a model version, by event type. */
export const ACCESS_CHANGE_TYPES: Record<string, string> = {
  MODEL_VERSION_SUSPENDED: 'SUSPENDED',
  MODEL_VERSION_REINSTATED: 'ACTIVE',
  MODEL_VERSION_RETIRED: 'RETIRED',
};

export function readAccessChange(e: EventEntity): Omit<ModelVersionAccessChangeMessage, 'modelVersion' | 'event'> | null {
  const implied = ACCESS_CHANGE_TYPES[e.type];
  if (!implied || e.subjectType !== 'ModelVersion') return null;
  const p = payloadOf(e);
  return { previousStatus: text(p.from), status: text(p.to) ?? implied, reason: text(p.reason) };
}

export const DEADLINE_DUE_SOON = 'DEADLINE_DUE_SOON';
export const DEADLINE_OVERDUE = 'DEADLINE_OVERDUE';
export const DEADLINE_ALERT_TYPES = [DEADLINE_DUE_SOON, DEADLINE_OVERDUE];

export function readDeadlineAlert(e: EventEntity): Omit<DeadlineAlertMessage, 'finding' | 'event'> | null {
  if (!DEADLINE_ALERT_TYPES.includes(e.type) || e.subjectType !== 'Finding') return null;
  const p = payloadOf(e);
  const kind = text(p.kind);
  const dueAt = text(p.dueAt);
  if (!kind || !dueAt) return null;
  return {
    kind,
    state: e.type === DEADLINE_OVERDUE ? 'OVERDUE' : 'DUE_SOON',
    dueAt: new Date(dueAt),
    level: text(p.level),
    policyVersion: text(p.policyVersion) ?? '',
  };
}
