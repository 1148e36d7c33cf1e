/**
 * The write side of models and model versions: every statement their use cases (mutations.ts)
 * write, one function per thing recorded, each column list written once. A version's
 * `row_version` moves only through `updateVersionedRow`.
 */
import type { EntityManager } from 'typeorm';
import type { AccessStatus, CapabilityDomain, WeightAvailability } from '../../domain';
import { updateVersionedRow } from '../shared/versioned-rows';
import { prepared } from '../../persistence/prepared-statements';

export interface NewModel {
  developerId: string;
  name: string;
  description: string | null;
}

/** A new model; its id. */
export async function insertModel(tx: EntityManager, m: NewModel): Promise<string> {
  const [row] = await tx.query(prepared('INSERT INTO models (developer_id, name, description) VALUES ($1, $2, $3) RETURNING id'), [
    m.developerId,
    m.name,
    m.description,
  ]);
  return row.id;
}

/** What of a version its developer states (and `updateModelVersion` changes). */
export interface VersionCharacteristics {
  weightAvailability: WeightAvailability;
  trainingComputeOps: number | null;
  capabilityDomains: CapabilityDomain[];
}

export interface NewModelVersion extends VersionCharacteristics {
  modelId: string;
  developerId: string;
  name: string;
  releasedAt: Date | null;
}

/** A new version, ACTIVE (the default; its first history row is `insertAccessStatusChange`); its id. */
export async function insertModelVersion(tx: EntityManager, v: NewModelVersion): Promise<string> {
  const [row] = await tx.query(
    prepared(`INSERT INTO model_versions (model_id, developer_id, name, released_at, training_compute_ops, weight_availability, capability_domains)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`),
    [v.modelId, v.developerId, v.name, v.releasedAt, v.trainingComputeOps, v.weightAvailability, v.capabilityDomains],
  );
  return row.id;
}

export function setVersionCharacteristics(tx: EntityManager, versionId: string, c: VersionCharacteristics): Promise<void> {
  return updateVersionedRow(tx, 'model_versions', versionId, {
    weight_availability: c.weightAvailability,
    training_compute_ops: c.trainingComputeOps,
    capability_domains: c.capabilityDomains,
  });
}

/** The version's current access status (its history row is `insertAccessStatusChange`). */
export function setAccessStatus(tx: EntityManager, versionId: string, status: AccessStatus): Promise<void> {
  return updateVersionedRow(tx, 'model_versions', versionId, { access_status: status });
}

export interface NewAccessStatusChange {
  modelVersionId: string;
  from: AccessStatus | null;
  to: AccessStatus;
  reason: string;
  actor: string;
  occurredAt: Date;
}

/** One change of access status, as `ModelVersion.accessStatusHistory` lists it. */
export async function insertAccessStatusChange(tx: EntityManager, c: NewAccessStatusChange): Promise<void> {
  await tx.query(
    prepared(`INSERT INTO model_version_status_changes (model_version_id, from_status, to_status, reason, actor, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6)`),
    [c.modelVersionId, c.from, c.to, c.reason, c.actor, c.occurredAt],
  );
}
