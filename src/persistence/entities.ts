/**
 * TypeORM entities: the one description of the tables that the application reads and writes.
 * Tables themselves are created only by migrations (`migrations/`); every column names its type
 * explicitly because tsx does not emit decorator metadata.
 */
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import type {
  AccessStatus,
  AccreditationStatus,
  AuditFindingRole,
  AuditKind,
  AuditOutcome,
  AuditScope,
  AuditStatus,
  CapabilityDomain,
  DisclosureAudience,
  DisclosureKind,
  ExportOutcome,
  FindingCategory,
  FindingStatus,
  InterventionTier,
  OrganizationKind,
  ReferenceSystem,
  RetestResult,
  SeverityLevel,
  WeightAvailability,
} from '../domain/enums';

/** PostgreSQL `numeric` arrives as a string; scores are small decimals, safe as JS numbers. */
const numeric: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: OrganizationKind;
  @Column({ type: 'char', length: 2, name: 'country_code' }) countryCode!: string;
  @Column({ type: 'text', nullable: true }) website!: string | null;
  @Column({ type: 'text', name: 'attestation_public_key', nullable: true }) attestationPublicKey!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

@Entity({ name: 'models' })
export class ModelEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'developer_id' }) developerId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

@Entity({ name: 'model_versions' })
export class ModelVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'model_id' }) modelId!: string;
  @Column({ type: 'uuid', name: 'developer_id' }) developerId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'timestamptz', name: 'released_at', nullable: true }) releasedAt!: Date | null;
  @Column({ type: 'double precision', name: 'training_compute_ops', nullable: true }) trainingComputeOps!: number | null;
  @Column({ type: 'text', name: 'weight_availability' }) weightAvailability!: WeightAvailability;
  @Column({ type: 'text', name: 'capability_domains', array: true, default: () => "'{}'" }) capabilityDomains!: CapabilityDomain[];
  @Column({ type: 'text', name: 'access_status', default: 'ACTIVE' }) accessStatus!: AccessStatus;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

@Entity({ name: 'model_version_status_changes' })
export class ModelVersionStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'model_version_id' }) modelVersionId!: string;
  @Column({ type: 'text', name: 'from_status', nullable: true }) fromStatus!: AccessStatus | null;
  @Column({ type: 'text', name: 'to_status' }) toStatus!: AccessStatus;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}

@Entity({ name: 'findings' })
export class FindingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', name: 'public_id' }) publicId!: string;
  @Column({ type: 'uuid', name: 'developer_id' }) developerId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) summary!: string;
  @Column({ type: 'text' }) category!: FindingCategory;
  @Column({ type: 'text', default: 'REPORTED' }) status!: FindingStatus;
  @Column({ type: 'uuid', name: 'reporter_organization_id', nullable: true }) reporterOrganizationId!: string | null;
  @Column({ type: 'text', name: 'reporter_name', nullable: true }) reporterName!: string | null;
  @Column({ type: 'timestamptz', name: 'discovered_at' }) discoveredAt!: Date;
  @Column({ type: 'timestamptz', name: 'reported_at' }) reportedAt!: Date;
  @Column({ type: 'timestamptz', name: 'developer_aware_at' }) developerAwareAt!: Date;
  @Column({ type: 'uuid', name: 'fixed_in_version_id', nullable: true }) fixedInVersionId!: string | null;
  @Column({ type: 'timestamptz', name: 'fixed_in_version_recorded_at', nullable: true }) fixedInVersionRecordedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

/**
 * Exploit details, sealed (AES-256-GCM, src/infra/details-crypto.ts): read and written only
 * through src/modules/findings/restricted-details-store.ts. The clear columns are legacy, set
 * only on rows written before encryption existed until start-up seals them.
 */
@Entity({ name: 'finding_restricted_details' })
export class FindingRestrictedDetailsEntity {
  @PrimaryColumn({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @Column({ type: 'bytea', nullable: true }) ciphertext!: Buffer | null;
  @Column({ type: 'bytea', nullable: true }) iv!: Buffer | null;
  @Column({ type: 'bytea', name: 'auth_tag', nullable: true }) authTag!: Buffer | null;
  @Column({ type: 'text', name: 'key_id', nullable: true }) keyId!: string | null;
  @Column({ type: 'text', name: 'reproduction_steps', nullable: true }) reproductionSteps!: string | null;
  @Column({ type: 'text', nullable: true }) prompts!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

@Entity({ name: 'finding_affected_versions' })
export class FindingAffectedVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'model_version_id' }) modelVersionId!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}

@Entity({ name: 'finding_references' })
export class FindingReferenceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @Column({ type: 'text' }) system!: ReferenceSystem;
  @Column({ type: 'text' }) identifier!: string;
  @Column({ type: 'text', nullable: true }) url!: string | null;
  @Column({ type: 'text', name: 'atlas_release', nullable: true }) atlasRelease!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

@Entity({ name: 'severity_assessments' })
export class SeverityAssessmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @Column({ type: 'text', name: 'cvss_vector' }) cvssVector!: string;
  @Column({ type: 'numeric', name: 'cvss_score', precision: 3, scale: 1, transformer: numeric }) cvssScore!: number;
  @Column({ type: 'text', name: 'capability_domain' }) capabilityDomain!: CapabilityDomain;
  @Column({ type: 'boolean' }) universal!: boolean;
  @Column({ type: 'double precision', name: 'success_rate' }) successRate!: number;
  @Column({ type: 'integer' }) trials!: number;
  @Column({ type: 'boolean', name: 'exploited_in_wild' }) exploitedInWild!: boolean;
  @Column({ type: 'numeric', precision: 3, scale: 1, transformer: numeric }) score!: number;
  @Column({ type: 'text' }) level!: SeverityLevel;
  @Column({ type: 'text', name: 'intervention_tier' }) interventionTier!: InterventionTier;
  @Column({ type: 'text', name: 'tier_rule' }) tierRule!: string;
  @Column({ type: 'text', name: 'policy_version' }) policyVersion!: string;
  @Column({ type: 'text' }) calculator!: string;
  @Column({ type: 'text', nullable: true }) rationale!: string | null;
  @Column({ type: 'text', name: 'assessed_by' }) assessedBy!: string;
  @Column({ type: 'timestamptz', name: 'assessed_at' }) assessedAt!: Date;
  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}

@Entity({ name: 'finding_status_changes' })
export class FindingStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @Column({ type: 'text', name: 'from_status', nullable: true }) fromStatus!: FindingStatus | null;
  @Column({ type: 'text', name: 'to_status' }) toStatus!: FindingStatus;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}

@Entity({ name: 'disclosures' })
export class DisclosureEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @Column({ type: 'text' }) audience!: DisclosureAudience;
  @Column({ type: 'text' }) kind!: DisclosureKind;
  @Column({ type: 'text', name: 'obligation_code', nullable: true }) obligationCode!: string | null;
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'timestamptz', name: 'disclosed_at' }) disclosedAt!: Date;
  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}

@Entity({ name: 'accreditations' })
export class AccreditationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'auditor_id' }) auditorId!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', array: true }) scopes!: AuditScope[];
  @Column({ type: 'timestamptz', name: 'valid_from' }) validFrom!: Date;
  @Column({ type: 'timestamptz', name: 'valid_until', nullable: true }) validUntil!: Date | null;
  @Column({ type: 'text', default: 'ACTIVE' }) status!: AccreditationStatus;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

@Entity({ name: 'conflicts_of_interest' })
export class ConflictOfInterestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'auditor_id' }) auditorId!: string;
  @Column({ type: 'uuid', name: 'developer_id' }) developerId!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'timestamptz', name: 'period_start' }) periodStart!: Date;
  @Column({ type: 'timestamptz', name: 'period_end', nullable: true }) periodEnd!: Date | null;
  @Column({ type: 'timestamptz', name: 'declared_at', default: () => 'now()' }) declaredAt!: Date;
}

@Entity({ name: 'audits' })
export class AuditEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'auditor_id' }) auditorId!: string;
  @Column({ type: 'uuid', name: 'model_version_id' }) modelVersionId!: string;
  @Column({ type: 'text', default: 'INITIAL' }) kind!: AuditKind;
  @Column({ type: 'text', default: 'OPEN' }) status!: AuditStatus;
  @Column({ type: 'text', array: true }) scopes!: AuditScope[];
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'timestamptz', name: 'started_at' }) startedAt!: Date;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) outcome!: AuditOutcome | null;
  @Column({ type: 'text', name: 'attestation_payload', nullable: true }) attestationPayload!: string | null;
  @Column({ type: 'text', name: 'attestation_signature', nullable: true }) attestationSignature!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

@Entity({ name: 'audit_findings' })
export class AuditFindingEntity {
  @PrimaryColumn({ type: 'uuid', name: 'audit_id' }) auditId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'finding_id' }) findingId!: string;
  @PrimaryColumn({ type: 'text' }) role!: AuditFindingRole;
  @Column({ type: 'text', name: 'retest_result', nullable: true }) retestResult!: RetestResult | null;
}

@Entity({ name: 'jurisdictions' })
export class JurisdictionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'char', length: 2 }) code!: string;
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'policy_versions' })
export class PolicyVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) version!: string;
  @Column({ type: 'timestamptz', name: 'effective_from' }) effectiveFrom!: Date;
  @Column({ type: 'jsonb' }) document!: unknown;
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'text', name: 'published_by' }) publishedBy!: string;
  @Column({ type: 'timestamptz', name: 'published_at', default: () => 'now()' }) publishedAt!: Date;
}

@Entity({ name: 'export_decisions' })
export class ExportDecisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'model_version_id' }) modelVersionId!: string;
  @Column({ type: 'uuid', name: 'jurisdiction_id' }) jurisdictionId!: string;
  @Column({ type: 'text' }) tier!: string;
  @Column({ type: 'text' }) outcome!: ExportOutcome;
  @Column({ type: 'text', name: 'computed_outcome' }) computedOutcome!: ExportOutcome;
  /** The reasons and path to eligibility, stored once per distinct content (`decision_explanations`). */
  @Column({ type: 'text', name: 'explanation_id' }) explanationId!: string;
  /** Digest of the reasons' codes and references (what the history compares); null on migrated rows. */
  @Column({ type: 'text', name: 'reasons_key', nullable: true }) reasonsKey!: string | null;
  @Column({ type: 'text', name: 'policy_version' }) policyVersion!: string;
  @Column({ type: 'timestamptz', name: 'evaluated_at' }) evaluatedAt!: Date;
  @Column({ type: 'text', name: 'override_outcome', nullable: true }) overrideOutcome!: ExportOutcome | null;
  @Column({ type: 'text', name: 'override_justification', nullable: true }) overrideJustification!: string | null;
  @Column({ type: 'text', name: 'override_by', nullable: true }) overrideBy!: string | null;
  @Column({ type: 'timestamptz', name: 'override_at', nullable: true }) overrideAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'override_expires_at', nullable: true }) overrideExpiresAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'integer', name: 'row_version', default: 1 }) rowVersion!: number;
}

/**
 * The reasons and path to eligibility of decisions, stored once per distinct content and named by
 * a digest of it (migrations/1764600000900): a version's 249 decisions share about three.
 */
@Entity({ name: 'decision_explanations' })
export class DecisionExplanationEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) reasons!: unknown;
  @Column({ type: 'jsonb', name: 'path_to_eligibility' }) pathToEligibility!: unknown;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

@Entity({ name: 'export_decision_changes' })
export class ExportDecisionChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'export_decision_id' }) exportDecisionId!: string;
  @Column({ type: 'text' }) outcome!: ExportOutcome;
  @Column({ type: 'text', name: 'computed_outcome' }) computedOutcome!: ExportOutcome;
  @Column({ type: 'text', name: 'explanation_id' }) explanationId!: string;
  @Column({ type: 'text', name: 'policy_version' }) policyVersion!: string;
  @Column({ type: 'text' }) cause!: string;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'timestamptz', name: 'changed_at', default: () => 'now()' }) changedAt!: Date;
}

/** A regulator's change waiting for a second regulator (four eyes; migrations/1764600000800). */
@Entity({ name: 'proposed_changes' })
export class ProposedChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) kind!: 'POLICY_PUBLICATION' | 'EXPORT_OVERRIDE';
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ type: 'jsonb' }) basis!: unknown;
  @Column({ type: 'text', name: 'proposed_by' }) proposedBy!: string;
  @Column({ type: 'timestamptz', name: 'proposed_at' }) proposedAt!: Date;
  @Column({ type: 'text' }) status!: 'PENDING' | 'APPROVED' | 'WITHDRAWN';
  @Column({ type: 'text', name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'uuid', name: 'result_id', nullable: true }) resultId!: string | null;
}

@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS' }) seq!: string;
  @Column({ type: 'uuid' }) id!: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'text', name: 'subject_type' }) subjectType!: string;
  @Column({ type: 'uuid', name: 'subject_id' }) subjectId!: string;
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ type: 'text', name: 'prev_hash', nullable: true }) prevHash!: string | null;
  @Column({ type: 'text' }) hash!: string;
  /** 1: hash over the content and previous hash (rows before the append-only migration); 2: also over `seq`. */
  @Column({ type: 'smallint', name: 'hash_version' }) hashVersion!: number;
}

export const ENTITIES = [
  OrganizationEntity,
  ModelEntity,
  ModelVersionEntity,
  ModelVersionStatusChangeEntity,
  FindingEntity,
  FindingRestrictedDetailsEntity,
  FindingAffectedVersionEntity,
  FindingReferenceEntity,
  SeverityAssessmentEntity,
  FindingStatusChangeEntity,
  DisclosureEntity,
  AccreditationEntity,
  ConflictOfInterestEntity,
  AuditEntity,
  AuditFindingEntity,
  JurisdictionEntity,
  PolicyVersionEntity,
  ExportDecisionEntity,
  ExportDecisionChangeEntity,
  DecisionExplanationEntity,
  ProposedChangeEntity,
  EventEntity,
];
