/**
 * The write side of organizations, auditors' accreditations and declared conflicts of interest:
 * every statement their use cases (mutations.ts, accreditation-lifecycle.ts) write, and the rows
 * they lock and read. Each column list is written once; an accreditation's `row_version` moves
 * only through `updateVersionedRow`.
 */
import type { EntityManager } from 'typeorm';
import type { AccreditationChangeFact, AccreditationStatus, AuditScope, OrganizationKind } from '../../domain';
import { updateVersionedRow } from '../shared/versioned-rows';
import { prepared } from '../../persistence/prepared-statements';

// --- organizations ---------------------------------------------------------------------------

export interface NewOrganization {
  name: string;
  kind: OrganizationKind;
  countryCode: string;
  website: string | null;
  attestationPublicKey: string | null;
}

/** A new organization; its id. */
export async function insertOrganization(tx: EntityManager, o: NewOrganization): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO organizations (name, kind, country_code, website, attestation_public_key) VALUES ($1, $2, $3, $4, $5) RETURNING id`),
    [o.name, o.kind, o.countryCode, o.website, o.attestationPublicKey],
  );
  return row.id;
}

/** Versions whose decisions can depend on this auditor's standing: those it audited. */
export async function versionsAuditedBy(tx: EntityManager, auditorId: string): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(prepared('SELECT DISTINCT model_version_id AS id FROM audits WHERE auditor_id = $1'), [auditorId]);
  return rows.map((r) => r.id);
}

// --- accreditations --------------------------------------------------------------------------

export interface NewAccreditation {
  auditorId: string;
  body: string;
  scopes: AuditScope[];
  validFrom: Date;
  validUntil: Date | null;
  status: AccreditationStatus;
}

/** A new accreditation; its id. */
export async function insertAccreditation(tx: EntityManager, a: NewAccreditation): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO accreditations (auditor_id, body, scopes, valid_from, valid_until, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`),
    [a.auditorId, a.body, a.scopes, a.validFrom, a.validUntil, a.status],
  );
  return row.id;
}

export interface LockedAccreditation {
  id: string;
  auditor_id: string;
  status: AccreditationStatus;
  valid_from: Date;
  valid_until: Date | null;
}

/** The accreditation's standing, its row locked; null when there is none with this id. */
export async function lockAccreditation(tx: EntityManager, id: string): Promise<LockedAccreditation | null> {
  const [row]: LockedAccreditation[] = await tx.query(
    prepared('SELECT id, auditor_id, status, valid_from, valid_until FROM accreditations WHERE id = $1 FOR UPDATE'),
    [id],
  );
  return row ?? null;
}

/** One change as the domain knows it (`AccreditationChangeFact`), for this accreditation. */
export interface NewAccreditationChange extends AccreditationChangeFact {
  accreditationId: string;
}

/** One change of an accreditation, as `Accreditation.history` lists it. */
export async function insertAccreditationChange(tx: EntityManager, c: NewAccreditationChange): Promise<void> {
  await tx.query(
    prepared(`INSERT INTO accreditation_changes (accreditation_id, action, previous_status, previous_valid_until, status, valid_until, reason, actor, effective_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
    [c.accreditationId, c.action, c.previousStatus, c.previousValidUntil, c.status, c.validUntil, c.reason, c.actor, c.effectiveAt,
      c.recordedAt],
  );
}

/** The accreditation's current standing (its history row is `insertAccreditationChange`). */
export function setAccreditationStanding(
  tx: EntityManager,
  id: string,
  standing: { status: AccreditationStatus; validUntil: Date | null },
): Promise<void> {
  return updateVersionedRow(tx, 'accreditations', id, { status: standing.status, valid_until: standing.validUntil });
}

// --- conflicts of interest -------------------------------------------------------------------

export interface NewConflictOfInterest {
  auditorId: string;
  developerId: string;
  description: string;
  periodStart: Date;
  periodEnd: Date | null;
}

/** A declared conflict of interest; its id. */
export async function insertConflictOfInterest(tx: EntityManager, c: NewConflictOfInterest): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO conflicts_of_interest (auditor_id, developer_id, description, period_start, period_end)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`),
    [c.auditorId, c.developerId, c.description, c.periodStart, c.periodEnd],
  );
  return row.id;
}

export interface LockedConflictOfInterest {
  id: string;
  auditor_id: string;
  developer_id: string;
  period_start: Date;
  period_end: Date | null;
}

/** The conflict's period, its row locked; null when there is none with this id. */
export async function lockConflictOfInterest(tx: EntityManager, id: string): Promise<LockedConflictOfInterest | null> {
  const [row]: LockedConflictOfInterest[] = await tx.query(
    prepared('SELECT id, auditor_id, developer_id, period_start, period_end FROM conflicts_of_interest WHERE id = $1 FOR UPDATE'),
    [id],
  );
  return row ?? null;
}

export interface NewConflictEnd {
  conflictId: string;
  previousPeriodEnd: Date | null;
  periodEnd: Date;
  reason: string;
  actor: string;
  recordedAt: Date;
}

/**
 * A conflict's new end: the history row, then the current period (conflicts carry no
 * `row_version`). Two statements, in this order.
 */
export async function recordConflictEnd(tx: EntityManager, c: NewConflictEnd): Promise<void> {
  await tx.query(
    prepared(`INSERT INTO conflict_of_interest_changes (conflict_id, previous_period_end, period_end, reason, actor, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`),
    [c.conflictId, c.previousPeriodEnd, c.periodEnd, c.reason, c.actor, c.recordedAt],
  );
  await tx.query(prepared('UPDATE conflicts_of_interest SET period_end = $2 WHERE id = $1'), [c.conflictId, c.periodEnd]);
}
