/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Whether a model version may currently be offered. */
export type AccessStatus =
  /** Offered normally (subject to export decisions per jurisdiction). */
  | 'ACTIVE'
  /** Withdrawn from service by the developer. */
  | 'RETIRED'
  /** Suspended everywhere (by the developer or a regulator). */
  | 'SUSPENDED';

/** The standing of an accreditation. */
export type AccreditationStatus =
  /** In force (within its validity dates). */
  | 'ACTIVE'
  /** Past its validity and not renewed. */
  | 'EXPIRED'
  /**
   * Registered, but its validity has not begun (before `validFrom`). Derived from the dates, never
   * recorded: not accepted by `registerAccreditation`.
   */
  | 'NOT_YET_VALID'
  /** Withdrawn by the accrediting body. */
  | 'REVOKED'
  /** Temporarily suspended by the accrediting body. */
  | 'SUSPENDED';

/** AI-specific factors for a severity preview. */
export type AiFactorsInput = {
  /** The capability domain the flaw gives uplift in. */
  capabilityDomain: CapabilityDomain;
  /** Whether the exploit was seen used in the wild. */
  exploitedInWild: boolean;
  /** Measured success rate, between 0 and 1. */
  successRate: number;
  /** Number of trials behind the success rate. */
  trials: number;
  /** Whether the exploit works across prompts and topics. */
  universal: boolean;
};

/** Input of `assessFindingSeverity`. */
export type AssessFindingSeverityInput = {
  /** The AI-specific factors. */
  aiFactors: AiFactorsInput;
  /** A CVSS v4.0 vector. */
  cvssVector: string;
  /** The finding (global id). */
  findingId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The assessor's rationale (at most 4,000 characters). */
  rationale?: string | null | undefined;
};

/** Input of `assignFinding`. */
export type AssignFindingInput = {
  /**
   * The owner: a person of your own government organization, as the identity provider names them
   * (1-200 characters, for example `analyst@oais.example.gov`); null to unassign.
   */
  assignee?: string | null | undefined;
  /** The finding (global id). */
  findingId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-").
   */
  idempotencyKey?: string | null | undefined;
  /** Why, or what is expected (at most 4,000 characters). */
  note?: string | null | undefined;
};

/** Filters for `Query.audits`; all given conditions must hold. */
export type AuditFilter = {
  /** Only audits by this auditor (global id of an Organization). */
  auditorId?: string | number | null | undefined;
  /** Only audits of this kind. */
  kind?: AuditKind | null | undefined;
  /** Only audits of this model version (global id). */
  modelVersionId?: string | number | null | undefined;
  /** Only audits with one of these outcomes. */
  outcome?: Array<AuditOutcome> | null | undefined;
  /** Only audits with this status. */
  status?: AuditStatus | null | undefined;
};

/** How an audit relates to a finding. */
export type AuditFindingRole =
  /** The audit raised the finding. */
  | 'RAISED'
  /** The audit retested the finding's fix. */
  | 'RETESTED';

/** Whether an audit is a first evaluation or a retest of fixes. */
export type AuditKind =
  /** A full evaluation of a model version. */
  | 'INITIAL'
  /** A retest of the fixes for specific findings. */
  | 'RETEST';

/** The result of a completed audit. */
export type AuditOutcome =
  /** Failed. */
  | 'FAIL'
  /** Passed with no findings. */
  | 'PASS'
  /** Passed, but raised findings. */
  | 'PASS_WITH_FINDINGS';

/** A scope an auditor may be accredited for, and that an audit covers. */
export type AuditScope =
  /** Chemical, biological, radiological and nuclear uplift. */
  | 'CBRN'
  /** Offensive cyber capability uplift. */
  | 'CYBER_OFFENSE'
  /** Exfiltration of training or user data. */
  | 'DATA_SECURITY'
  /** General safety and security evaluation. */
  | 'GENERAL'
  /** Jailbreaks: bypassing the model's safety behaviour. */
  | 'JAILBREAK'
  /** Prompt injection through untrusted content. */
  | 'PROMPT_INJECTION'
  /** Security of model weights against theft. */
  | 'WEIGHT_SECURITY';

/** Whether an audit is still running. */
export type AuditStatus =
  /** Completed with an outcome. */
  | 'COMPLETED'
  /** Opened, not yet completed. */
  | 'OPEN';

/** How a version is affected by a finding in its blast radius. */
export type BlastRadiusReach =
  /** The finding lists the version as affected. */
  | 'DIRECT'
  /** The version derives from an affected version along relations that carry the finding. */
  | 'INHERITED';

/** A capability domain in which a model version is strong enough to matter for security. */
export type CapabilityDomain =
  /** Autonomous, long-horizon agency. */
  | 'AUTONOMY'
  /** Biology and life sciences. */
  | 'BIOLOGY'
  /** Chemical, biological, radiological and nuclear knowledge. */
  | 'CBRN'
  /** Software engineering. */
  | 'CODE'
  /** Offensive cyber operations. */
  | 'CYBER_OFFENSE'
  /** General-purpose assistance. */
  | 'GENERAL'
  /** Persuasion and influence. */
  | 'PERSUASION';

/** Input of `completeAudit`. */
export type CompleteAuditInput = {
  /**
   * Ed25519 signature (base64) by the auditor's key over the payload `auditAttestationPayload`
   * returns for this input.
   */
  attestationSignature: string;
  /** The audit (global id). */
  auditId: string | number;
  /** When it completed; not in the future, not before it started. */
  completedAt: string;
  /** The `rowVersion` you read; a stale one is a STALE_VERSION error. */
  expectedRowVersion: number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The outcome. */
  outcome: AuditOutcome;
  /** Findings the audit raised (global ids). */
  raisedFindingIds?: Array<string | number> | null | undefined;
  /** Results for the retested findings (one per retested finding). */
  retestResults?: Array<RetestResultInput> | null | undefined;
};

/** A closed interval of time; either end may be left open. */
export type DateTimeRange = {
  /** Inclusive lower bound. */
  from?: string | null | undefined;
  /** Exclusive upper bound. */
  to?: string | null | undefined;
};

/** A response obligation of a finding. */
export type DeadlineKind =
  /** The developer acknowledges (triages) the finding. */
  | 'ACKNOWLEDGE'
  /** A mitigation is in place. */
  | 'MITIGATE'
  /** The government is notified. */
  | 'NOTIFY_GOVERNMENT'
  /** A fix ships. */
  | 'REMEDIATE';

/** Where a deadline stands. */
export type DeadlineState =
  /** Running, inside the policy's warning window. */
  | 'DUE_SOON'
  /** Met (see `metAt`). */
  | 'MET'
  /** Does not apply (for example no timeline for this severity, or a rejected finding). */
  | 'NOT_APPLICABLE'
  /** Running, with time to spare. */
  | 'ON_TRACK'
  /** Past due and not met. */
  | 'OVERDUE';

/** Input of `declareConflictOfInterest`. */
export type DeclareConflictOfInterestInput = {
  /** The auditor declaring (global id). */
  auditorId: string | number;
  /** What the conflict is. */
  description: string;
  /** The developer it is conflicted with (global id). */
  developerId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** When it ended; null while ongoing. */
  periodEnd?: string | null | undefined;
  /** When the conflicting relationship began. */
  periodStart: string;
};

/** Input of `declareLineage`. */
export type DeclareLineageInput = {
  /** The derived version (global id); its developer or a regulator declares. */
  childVersionId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-").
   */
  idempotencyKey?: string | null | undefined;
  /** Anything worth recording (at most 4,000 characters). */
  note?: string | null | undefined;
  /** The version it derives from (global id); a parent may belong to another developer. */
  parentVersionId: string | number;
  /** How it was derived. */
  relation: LineageRelation;
};

/** To whom a disclosure was made. */
export type DisclosureAudience =
  /** The registry's government (the regulator). */
  | 'GOVERNMENT'
  /** Partner agencies of other governments. */
  | 'PARTNER_AGENCIES'
  /** The public. */
  | 'PUBLIC';

/** Whether a disclosure is the first or an update. */
export type DisclosureKind =
  /** An amendment of an earlier disclosure. */
  | 'AMENDED'
  /** The first disclosure to this audience. */
  | 'INITIAL';

/** Filters for `Query.exportDecisions`; all given conditions must hold. */
export type ExportDecisionFilter = {
  /**
   * True: only decisions with a regulator override in force now (the ones whose `override` is not
   * null); false: only decisions without one (never overridden, lifted, expired or not yet in force).
   */
  hasOverride?: boolean | null | undefined;
  /** Only decisions for this jurisdiction (ISO 3166-1 alpha-2 code). */
  jurisdictionCode?: string | null | undefined;
  /** Only decisions for this model version (global id). */
  modelVersionId?: string | number | null | undefined;
  /** Only decisions with one of these outcomes in force. */
  outcome?: Array<ExportOutcome> | null | undefined;
  /** Only decisions in this tier. */
  tier?: JurisdictionTier | null | undefined;
};

/** Whether a model version may be offered in a jurisdiction. */
export type ExportOutcome =
  /** May be offered under conditions (for example a mitigation in place). */
  | 'CONDITIONAL'
  /** May be offered. */
  | 'ELIGIBLE'
  /** May not be offered at all under the policy. */
  | 'PROHIBITED'
  /** May not be offered until the listed requirements are met. */
  | 'RESTRICTED'
  /** Suspended because of an open intervention-tier finding or a suspended version. */
  | 'SUSPENDED';

/** The kind of security flaw. */
export type FindingCategory =
  /** Meaningful uplift toward chemical, biological, radiological or nuclear harm. */
  | 'CBRN_UPLIFT'
  /** Meaningful uplift toward offensive cyber operations. */
  | 'CYBER_OFFENSE_UPLIFT'
  /** Extraction of training or user data. */
  | 'DATA_EXFILTRATION'
  /** Bypass of the model's safety behaviour. */
  | 'JAILBREAK'
  /** Poisoning of training data or fine-tuning. */
  | 'MODEL_POISONING'
  /** Anything else. */
  | 'OTHER'
  /** Instructions smuggled in through untrusted content. */
  | 'PROMPT_INJECTION'
  /** Theft or extraction of model weights. */
  | 'WEIGHT_EXFILTRATION';

/** Filters for `Query.findings`; all given conditions must hold. */
export type FindingFilter = {
  /** Only findings of one of these categories. */
  category?: Array<FindingCategory> | null | undefined;
  /**
   * Only findings with at least one response deadline (ACKNOWLEDGE, NOTIFY_GOVERNMENT, MITIGATE,
   * REMEDIATE) in one of these states, evaluated now with the policy in force — the same states as
   * `Finding.deadlines`. For example `[OVERDUE]` lists the findings with a missed deadline,
   * `[OVERDUE, DUE_SOON]` those late or about to be. Works with the other filters, `orderBy` and
   * paging. The other filters are applied first and at most 10,000 findings may remain to be
   * evaluated (without MET or NOT_APPLICABLE, rejected, withdrawn and unassessed findings do not
   * count toward that, as none of their deadlines runs); above that the query fails with
   * BAD_USER_INPUT asking to narrow the filter. An empty list filters nothing.
   */
  deadlineState?: Array<DeadlineState> | null | undefined;
  /** Only findings against this developer's models (global id of an Organization). */
  developerId?: string | number | null | undefined;
  /** Only findings affecting this model version (global id). */
  modelVersionId?: string | number | null | undefined;
  /** Only findings reported in this range. */
  reportedAt?: DateTimeRange | null | undefined;
  /** Only findings whose current severity level is one of these. */
  severityLevel?: Array<SeverityLevel> | null | undefined;
  /** Only findings in one of these statuses. */
  status?: Array<FindingStatus> | null | undefined;
  /** Full-text search over public id, title and summary. */
  text?: string | null | undefined;
};

/**
 * The order of `Query.findings`. Ties are broken by the finding's id, so the order is total; a
 * cursor is valid only with the ordering that issued it.
 */
export type FindingOrder = {
  /** Which way. */
  direction?: OrderDirection;
  /** What to order by. */
  field?: FindingOrderField;
};

/** What `Query.findings` can be ordered by. */
export type FindingOrderField =
  /** The public id (`MSR-YYYY-NNNN`), by year and then serial number. */
  | 'PUBLIC_ID'
  /** When the finding was reported (the default, newest first). */
  | 'REPORTED_AT'
  /**
   * The score of the current severity assessment; findings not yet assessed come last in either
   * direction.
   */
  | 'SEVERITY'
  /** The lifecycle status, in the order of `FindingStatus` (REPORTED first, WITHDRAWN last). */
  | 'STATUS';

/** A cross-reference to an outside catalogue. */
export type FindingReferenceInput = {
  /** For MITRE ATLAS: the ATLAS release the technique was checked against. */
  atlasRelease?: string | null | undefined;
  /** The identifier there (`CVE-2026-12345`, `AML.T0054`, ...). */
  identifier: string;
  /** The catalogue. */
  system: ReferenceSystem;
  /** A link to the entry. */
  url?: string | null | undefined;
};

/** Where a finding is in its lifecycle. */
export type FindingStatus =
  /** Closed after verification. */
  | 'CLOSED'
  /** A mitigation is in place; the root-cause fix is in progress. */
  | 'MITIGATING'
  /** Rejected as not a valid finding (with a reason). */
  | 'REJECTED'
  /** A fix has shipped in a named version. */
  | 'REMEDIATED'
  /** Reported; the developer has not yet acknowledged it. */
  | 'REPORTED'
  /** Acknowledged and triaged by the developer. */
  | 'TRIAGED'
  /** The fix was verified by a retest. */
  | 'VERIFIED'
  /** Withdrawn by the reporter (with a reason). */
  | 'WITHDRAWN';

/** Input of `grantInheritedFindingDetails`. */
export type GrantInheritedFindingDetailsInput = {
  /** The ancestor's finding (global id). */
  findingId: string | number;
  /** Send the same key again to get the first result back without a second write. */
  idempotencyKey?: string | null | undefined;
  /** Why its developer needs the details (1-4,000 characters). */
  justification: string;
  /** The derived version that inherits it (global id); its developer is let in. */
  modelVersionId: string | number;
};

/** How an ancestor's finding stands on a derived version. */
export type InheritedFindingStatus =
  /** A counting retest of this version, completed after the finding was reported, passed. */
  | 'CLEARED_BY_RETEST'
  /** A regulator recorded this version as not affected, with a justification and evidence. */
  | 'NOT_AFFECTED'
  /** Open on this version by inheritance: it feeds the eligibility rules like a direct finding. */
  | 'OPEN';

/** Which level of response a finding requires. */
export type InterventionTier =
  /** The government intervenes (affected versions are suspended). */
  | 'GOVERNMENT_INTERVENTION'
  /** The government must be notified. */
  | 'GOVERNMENT_NOTIFICATION'
  /** The developer remediates internally. */
  | 'INTERNAL_REMEDIATION';

/** A tier of jurisdictions, as placed by the policy. */
export type JurisdictionTier =
  /** Close allies. */
  | 'TIER_1'
  /** Most countries. */
  | 'TIER_2'
  /** Embargoed countries. */
  | 'TIER_3';

/** Input of `liftExportOverride`. */
export type LiftExportOverrideInput = {
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The jurisdiction (ISO 3166-1 alpha-2 code). */
  jurisdictionCode: string;
  /** The model version (global id). */
  modelVersionId: string | number;
  /** Why (1-4,000 characters). */
  reason: string;
};

/** How a derived model version was made from its parent (docs/lineage.md). */
export type LineageRelation =
  /** Further pre-training of the parent's weights on more general data. */
  | 'CONTINUED_PRETRAINING'
  /** A (usually smaller) student trained on the parent's outputs. */
  | 'DISTILLATION'
  /** Further training of the parent's weights on a narrower task or data set. */
  | 'FINE_TUNE'
  /** Weights combined from several parents (a version with several MERGE parents). */
  | 'MERGE'
  /** The parent's weights at lower numeric precision. */
  | 'QUANTIZATION';

/** Input of `linkFixVersion`. */
export type LinkFixVersionInput = {
  /** The `rowVersion` you read; a stale one is a STALE_VERSION error. */
  expectedRowVersion: number;
  /** The finding (global id). */
  findingId: string | number;
  /**
   * The version that contains the fix (global id), of the same developer, not released before an
   * affected version of the same model.
   */
  fixedInVersionId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
};

/** Input of `openAudit`. */
export type OpenAuditInput = {
  /**
   * The auditor (global id); must hold an accreditation in force now covering the scopes, and be
   * independent of the developer: not the developer, no declared conflict with it within the
   * policy's look-back.
   */
  auditorId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** Initial evaluation or retest. */
  kind: AuditKind;
  /** The model version audited (global id). */
  modelVersionId: string | number;
  /** For retests: the findings whose fixes are retested (global ids). */
  retestFindingIds?: Array<string | number> | null | undefined;
  /** What the audit covers (at least one). */
  scopes: Array<AuditScope>;
  /**
   * When it started (default now); not in the future, nor before the accreditation it relies on
   * came into force.
   */
  startedAt?: string | null | undefined;
  /** Public summary (at most 10,000 characters). */
  summary?: string | null | undefined;
};

/** Ascending or descending. */
export type OrderDirection =
  /** Smallest, earliest or first first. */
  | 'ASC'
  /** Largest, latest or last first. */
  | 'DESC';

/** What role an organization plays in the registry. */
export type OrganizationKind =
  /** A government agency (regulator, export-control office, partner agency). */
  | 'AGENCY'
  /** An independent evaluator that audits models. */
  | 'AUDITOR'
  /** An AI developer (a lab) that builds and releases models. */
  | 'DEVELOPER'
  /** A security researcher or research group that reports findings. */
  | 'RESEARCHER';

/** Input of `overrideExportDecision`. */
export type OverrideExportDecisionInput = {
  /** When the override lapses (in the future); null to stand until lifted. */
  expiresAt?: string | null | undefined;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The jurisdiction (ISO 3166-1 alpha-2 code). */
  jurisdictionCode: string;
  /** Why (1-4,000 characters). */
  justification: string;
  /** The model version (global id). */
  modelVersionId: string | number;
  /** The outcome to impose. */
  outcome: ExportOutcome;
};

/** What kind of thing changed in a policy document. */
export type PolicyChangeCategory =
  /** A number outside a rule (a timeline, a threshold, a confidence). */
  | 'NUMBER'
  /**
   * A rule or band: an intervention rule, a disclosure clock, a score adjustment, a severity band or
   * an eligibility rule of a tier (added, removed, reordered, or one of its fields).
   */
  | 'RULE'
  /** Any other setting or text. */
  | 'SETTING'
  /** A jurisdiction moved tier (or the default tier changed). */
  | 'TIER';

/** How a part of a policy document changed. */
export type PolicyChangeKind =
  /** Present only in the newer document. */
  | 'ADDED'
  /** Present in both, with another value (or, for a list of rules, another order). */
  | 'CHANGED'
  /** Present only in the older document. */
  | 'REMOVED';

/** Where a proposed change stands. */
export type ProposedChangeStatus =
  /** Approved by a second regulator and applied. */
  | 'APPROVED'
  /** Waiting for a second regulator. */
  | 'PENDING'
  /** Withdrawn; never applied. */
  | 'WITHDRAWN';

/** Input of `publishPolicyVersion`. */
export type PublishPolicyVersionInput = {
  /** The policy document as JSON text (its `version` and `effectiveFrom` are the version's). */
  document: string;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** What changed (at most 4,000 characters). */
  summary?: string | null | undefined;
};

/** Input of `recordDisclosure`. */
export type RecordDisclosureInput = {
  /** To whom. */
  audience: DisclosureAudience;
  /** When it was made (default now); not in the future. */
  disclosedAt?: string | null | undefined;
  /** The finding (global id). */
  findingId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** Initial or amended. */
  kind: DisclosureKind;
  /** The policy obligation it answers (for example `GOVERNMENT_NOTIFICATION`). */
  obligationCode?: string | null | undefined;
  /** What was disclosed (at most 10,000 characters; never exploit details). */
  summary?: string | null | undefined;
};

/** Input of `recordNotAffected`. */
export type RecordNotAffectedInput = {
  /** What shows it: a report, an evaluation, a reference (1-4,000 characters). */
  evidence: string;
  /** The ancestor's finding (global id). */
  findingId: string | number;
  /** Send the same key again to get the first result back without a second write. */
  idempotencyKey?: string | null | undefined;
  /** Why the version is not affected (1-4,000 characters). */
  justification: string;
  /** The derived version that inherits it (global id). */
  modelVersionId: string | number;
};

/** An outside catalogue a finding can be cross-referenced to. */
export type ReferenceSystem =
  /** AI Vulnerability Database. */
  | 'AVID'
  /** Common Vulnerabilities and Exposures (CVE-YYYY-NNNN). */
  | 'CVE'
  /** MITRE ATLAS technique (for example AML.T0054). */
  | 'MITRE_ATLAS'
  /** Open Source Vulnerabilities record (osv.dev id, or the id of an imported OSV record). */
  | 'OSV'
  /** Any other catalogue. */
  | 'OTHER';

/** Input of `registerAccreditation`. */
export type RegisterAccreditationInput = {
  /** The auditor (global id of an Organization of kind AUDITOR). */
  auditorId: string | number;
  /** The accrediting body. */
  body: string;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The scopes accredited. */
  scopes: Array<AuditScope>;
  /**
   * Standing as recorded by the accrediting body (default ACTIVE; NOT_YET_VALID is derived from the
   * dates and refused here).
   */
  status?: AccreditationStatus | null | undefined;
  /** First instant of validity. */
  validFrom: string;
  /** End of validity; null when open-ended. */
  validUntil?: string | null | undefined;
};

/** Input of `registerModel`. */
export type RegisterModelInput = {
  /** A short description (at most 4,000 characters). */
  description?: string | null | undefined;
  /** The developer (global id of an Organization of kind DEVELOPER). */
  developerId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The model's name, unique per developer. */
  name: string;
};

/** Input of `registerModelVersion`. */
export type RegisterModelVersionInput = {
  /** Capability domains that matter for security. */
  capabilityDomains: Array<CapabilityDomain>;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** The model (global id). */
  modelId: string | number;
  /** The version's name, unique within the model. */
  name: string;
  /** Release date; not in the future. */
  releasedAt?: string | null | undefined;
  /** Training compute in operations (non-negative). */
  trainingComputeOps?: number | null | undefined;
  /** How the weights are made available. */
  weightAvailability: WeightAvailability;
};

/** Input of `reportFinding`. */
export type ReportFindingInput = {
  /** The affected model versions (global ids), all of one developer; at least one, at most 100. */
  affectedVersionIds: Array<string | number>;
  /** The kind of flaw. */
  category: FindingCategory;
  /** When the developer became aware (clocks start here); default now. */
  developerAwareAt?: string | null | undefined;
  /** When the flaw was discovered; not in the future. */
  discoveredAt: string;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** Public id to use (`MSR-YYYY-NNNN`); assigned by the registry when omitted. */
  publicId?: string | null | undefined;
  /** Cross-references (at most 20). */
  references?: Array<FindingReferenceInput> | null | undefined;
  /** The reporter's name as given. */
  reporterName?: string | null | undefined;
  /** The reporting organization, if registered (global id). */
  reporterOrganizationId?: string | number | null | undefined;
  /** Exploit details, readable only by those the access rules allow. */
  restrictedDetails?: RestrictedFindingDetailsInput | null | undefined;
  /** Public summary without exploit details (1-10,000 characters). */
  summary: string;
  /** Short public title (1-300 characters). */
  title: string;
};

/** Exploit details given with a report; stored apart from the public summary. */
export type RestrictedFindingDetailsInput = {
  /** Further restricted notes (at most 50,000 characters). */
  notes?: string | null | undefined;
  /** The prompts that trigger it (at most 50,000 characters). */
  prompts?: string | null | undefined;
  /** How to reproduce the flaw (at most 50,000 characters). */
  reproductionSteps?: string | null | undefined;
};

/** The result of retesting one finding's fix. */
export type RetestResult =
  /** The exploit still works. */
  | 'FAIL'
  /** The fix holds: the exploit no longer works. */
  | 'PASS';

/** The result of retesting one finding's fix. */
export type RetestResultInput = {
  /** The finding (global id); must be one the audit retests. */
  findingId: string | number;
  /** Whether the fix held. */
  result: RetestResult;
};

/** Input of `retractLineage`. */
export type RetractLineageInput = {
  /** The derived version (global id). */
  childVersionId: string | number;
  /** Send the same key again to get the first result back without a second write. */
  idempotencyKey?: string | null | undefined;
  /** The parent named by the standing declaration (global id). */
  parentVersionId: string | number;
  /** Why (1-4,000 characters). */
  reason: string;
};

/** Input of `revokeInheritedFindingDetails`. */
export type RevokeInheritedFindingDetailsInput = {
  /** The finding of the standing grant (global id). */
  findingId: string | number;
  /** Send the same key again to get the first result back without a second write. */
  idempotencyKey?: string | null | undefined;
  /** The derived version of the standing grant (global id). */
  modelVersionId: string | number;
  /** Why (1-4,000 characters). */
  reason: string;
};

/** Severity level, from the policy's CVSS score bands. */
export type SeverityLevel =
  /** Score in the CRITICAL band (9.0 and above in the starting policy). */
  | 'CRITICAL'
  /** Score in the HIGH band (7.0 to 8.9 in the starting policy). */
  | 'HIGH'
  /** Score below the MEDIUM band. */
  | 'LOW'
  /** Score in the MEDIUM band (4.0 to 6.9 in the starting policy). */
  | 'MEDIUM';

/** Input of `simulatePolicy`. */
export type SimulatePolicyInput = {
  /**
   * The moment to evaluate at (default now). A past moment replays the facts and overrides as the
   * registry knew them then and compares against the policy in force then; a future moment uses
   * today's facts.
   */
  at?: string | null | undefined;
  /** The draft policy document as JSON text (the same format `publishPolicyVersion` takes). */
  document: string;
};

/** Input of `transitionFinding`. */
export type TransitionFindingInput = {
  /** The `rowVersion` you read; a stale one is a STALE_VERSION error. */
  expectedRowVersion: number;
  /** The finding (global id). */
  findingId: string | number;
  /**
   * Send the same key again to get the first result back without a second write (1-200 letters,
   * digits, ".", "_", ":" or "-"; docs/write-api.md).
   */
  idempotencyKey?: string | null | undefined;
  /** When the move happened (default now); not in the future, not before the previous move. */
  occurredAt?: string | null | undefined;
  /** Why; required for REJECTED, WITHDRAWN and re-opening (at most 4,000 characters). */
  reason?: string | null | undefined;
  /** The new status. */
  to: FindingStatus;
};

/** How a model version's weights are made available. */
export type WeightAvailability =
  /** Only through the developer's API; weights never leave the developer. */
  | 'API_ONLY'
  /** Weights published for anyone to download. */
  | 'OPEN_WEIGHTS'
  /** Weights shared with vetted parties under contract. */
  | 'RESTRICTED_WEIGHTS';

/**
 * A write the registry offers, as the API's own authorization rules name it
 * (src/modules/access/rules.ts). Clients show a control only for the actions listed for the viewer.
 */
export type WriteAction =
  /** `assessFindingSeverity`. */
  | 'ASSESS_FINDING_SEVERITY'
  /** `assignFinding`. */
  | 'ASSIGN_FINDING'
  /** `completeAudit`. */
  | 'COMPLETE_AUDIT'
  /** `approveProposedChange` (never one's own proposal) and `withdrawProposedChange`. */
  | 'DECIDE_PROPOSED_CHANGE'
  /** `declareConflictOfInterest`. */
  | 'DECLARE_CONFLICT_OF_INTEREST'
  /** `declareLineage` and `retractLineage` (on a version: as its child; issue 19, schema/lineage.graphql). */
  | 'DECLARE_LINEAGE'
  /** `grantInheritedFindingDetails` and `revokeInheritedFindingDetails` (on a version: for the findings it inherits). */
  | 'GRANT_INHERITED_FINDING_DETAILS'
  /** `importFinding` (AVID and OSV documents). */
  | 'IMPORT_FINDING'
  /** `linkFixVersion`. */
  | 'LINK_FIX_VERSION'
  /** The webhook mutations. */
  | 'MANAGE_WEBHOOKS'
  /** `openAudit`. */
  | 'OPEN_AUDIT'
  /** `overrideExportDecision` and `liftExportOverride`. */
  | 'OVERRIDE_EXPORT_DECISION'
  /** `publishPolicyVersion`. */
  | 'PUBLISH_POLICY_VERSION'
  /** `recordDisclosure`. */
  | 'RECORD_DISCLOSURE'
  /** `recordNotAffected` (on a version: for the findings it inherits). */
  | 'RECORD_NOT_AFFECTED'
  /** `registerAccreditation`. */
  | 'REGISTER_ACCREDITATION'
  /** `registerModel`. */
  | 'REGISTER_MODEL'
  /** `registerModelVersion`. */
  | 'REGISTER_MODEL_VERSION'
  /** `registerOrganization`. */
  | 'REGISTER_ORGANIZATION'
  /** `reinstateModelVersion`. */
  | 'REINSTATE_MODEL_VERSION'
  /** `reportFinding`. */
  | 'REPORT_FINDING'
  /** `retireModelVersion`. */
  | 'RETIRE_MODEL_VERSION'
  /** `suspendModelVersion`. */
  | 'SUSPEND_MODEL_VERSION'
  /** `transitionFinding`. */
  | 'TRANSITION_FINDING'
  /** `updateModelVersion`. */
  | 'UPDATE_MODEL_VERSION';

export type AccreditationTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type AccreditationTargetsQuery = { viewerActions: Array<WriteAction>, viewerOrganization: { id: string, kind: OrganizationKind } | null, auditors: { edges: Array<{ node: { id: string, name: string } }> }, developers: { edges: Array<{ node: { id: string, name: string } }> } };

export type RegisterAccreditationMutationVariables = Exact<{
  input: RegisterAccreditationInput;
}>;


export type RegisterAccreditationMutation = { registerAccreditation: { auditor: { id: string, name: string } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type DeclareConflictMutationVariables = Exact<{
  input: DeclareConflictOfInterestInput;
}>;


export type DeclareConflictMutation = { declareConflictOfInterest: { auditor: { id: string, name: string } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type DecisionsExportQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ExportDecisionFilter | null | undefined;
}>;


export type DecisionsExportQuery = { exportDecisions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { tier: JurisdictionTier, outcome: ExportOutcome, computedOutcome: ExportOutcome, evaluatedAt: string, policyVersion: string, modelVersion: { name: string, modelName: string, developerName: string }, jurisdiction: { code: string, name: string }, override: { outcome: ExportOutcome, justification: string, setBy: string, expiresAt: string | null } | null, reasons: Array<{ code: string, message: string, findingPublicIds: Array<string> }> } }> } };

export type AuditsExportQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: AuditFilter | null | undefined;
}>;


export type AuditsExportQuery = { audits: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { kind: AuditKind, status: AuditStatus, scopes: Array<AuditScope>, summary: string | null, startedAt: string, completedAt: string | null, outcome: AuditOutcome | null, auditor: { name: string }, modelVersion: { name: string, modelName: string, developerName: string }, findings: Array<{ role: AuditFindingRole, retestResult: RetestResult | null, finding: { publicId: string } }>, qualification: { counts: boolean, policyVersion: string, reasons: Array<{ code: string, message: string }> } | null } }> } };

export type RegistrationTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type RegistrationTargetsQuery = { viewerActions: Array<WriteAction>, organizations: { edges: Array<{ node: { id: string, name: string, viewerActions: Array<WriteAction> } }> }, models: { edges: Array<{ node: { id: string, name: string, viewerActions: Array<WriteAction>, developer: { id: string, name: string } } }> } };

export type RegisterModelMutationVariables = Exact<{
  input: RegisterModelInput;
}>;


export type RegisterModelMutation = { registerModel: { model: { id: string, name: string } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type RegisterModelVersionMutationVariables = Exact<{
  input: RegisterModelVersionInput;
}>;


export type RegisterModelVersionMutation = { registerModelVersion: { modelVersion: { id: string, name: string } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type AuditorWorkbenchQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditorWorkbenchQuery = { viewerActions: Array<WriteAction>, viewerOrganization: { id: string, name: string, kind: OrganizationKind, accreditations: Array<{ id: string, scopes: Array<AuditScope>, status: AccreditationStatus, validFrom: string, validUntil: string | null }> } | null, modelVersions: { edges: Array<{ node: { id: string, name: string, developer: { id: string, name: string } } }> } };

export type DeveloperFindingsQueryVariables = Exact<{
  developerId: string | number;
}>;


export type DeveloperFindingsQuery = { findings: { edges: Array<{ node: { id: string, publicId: string, title: string, status: FindingStatus } }> } };

export type OpenAuditsQueryVariables = Exact<{
  auditorId: string | number;
}>;


export type OpenAuditsQuery = { audits: { edges: Array<{ node: { id: string, kind: AuditKind, scopes: Array<AuditScope>, startedAt: string, rowVersion: number, summary: string | null, modelVersion: { id: string, name: string, developer: { id: string, name: string } }, findings: Array<{ role: AuditFindingRole, finding: { id: string, publicId: string, title: string } }> } }> } };

export type AuditAttestationQueryVariables = Exact<{
  input: CompleteAuditInput;
}>;


export type AuditAttestationQuery = { auditAttestation: { payload: string | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type OpenAuditMutationVariables = Exact<{
  input: OpenAuditInput;
}>;


export type OpenAuditMutation = { openAudit: { audit: { id: string, status: AuditStatus, rowVersion: number } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type CompleteAuditMutationVariables = Exact<{
  input: CompleteAuditInput;
}>;


export type CompleteAuditMutation = { completeAudit: { audit: { id: string, status: AuditStatus, outcome: AuditOutcome | null, rowVersion: number, attestation: { verified: boolean } | null } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type ViewerActionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerActionsQuery = { viewerActions: Array<WriteAction> };

export type FindingActionsQueryVariables = Exact<{
  publicId: string;
}>;


export type FindingActionsQuery = { findingByPublicId: { id: string, publicId: string, status: FindingStatus, rowVersion: number, viewerActions: Array<WriteAction>, availableTransitions: Array<{ to: FindingStatus, reasonRequired: boolean, unmetPrecondition: string | null }>, fixedInVersion: { id: string, name: string } | null, developer: { id: string }, currentSeverity: { cvssVector: string, rationale: string | null, aiFactors: { capabilityDomain: CapabilityDomain, universal: boolean, successRate: number, trials: number, exploitedInWild: boolean } } | null, disclosureObligations: Array<{ code: string, description: string, audience: DisclosureAudience, required: boolean, state: DeadlineState }> } | null };

export type FixCandidatesQueryVariables = Exact<{
  developerId: string | number;
}>;


export type FixCandidatesQuery = { modelVersions: { edges: Array<{ node: { id: string, name: string, releasedAt: string | null, model: { name: string } } }> } };

export type PreviewSeverityQueryVariables = Exact<{
  cvssVector: string;
  aiFactors: AiFactorsInput;
}>;


export type PreviewSeverityQuery = { previewSeverity: { preview: { cvssScore: number, score: number, level: SeverityLevel, interventionTier: InterventionTier, tierRule: string, policyVersion: string, reasons: Array<{ code: string, message: string }> } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type ReportFindingMutationVariables = Exact<{
  input: ReportFindingInput;
}>;


export type ReportFindingMutation = { reportFinding: { finding: { id: string, publicId: string, status: FindingStatus, rowVersion: number } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type TransitionFindingMutationVariables = Exact<{
  input: TransitionFindingInput;
}>;


export type TransitionFindingMutation = { transitionFinding: { finding: { id: string, publicId: string, status: FindingStatus, rowVersion: number } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type AssessSeverityMutationVariables = Exact<{
  input: AssessFindingSeverityInput;
}>;


export type AssessSeverityMutation = { assessFindingSeverity: { finding: { id: string, publicId: string, status: FindingStatus, rowVersion: number } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type LinkFixVersionMutationVariables = Exact<{
  input: LinkFixVersionInput;
}>;


export type LinkFixVersionMutation = { linkFixVersion: { finding: { id: string, publicId: string, status: FindingStatus, rowVersion: number } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type RecordDisclosureMutationVariables = Exact<{
  input: RecordDisclosureInput;
}>;


export type RecordDisclosureMutation = { recordDisclosure: { finding: { id: string, publicId: string, status: FindingStatus, rowVersion: number } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type VersionActionsQueryVariables = Exact<{
  id: string | number;
}>;


export type VersionActionsQuery = { modelVersion: { id: string, viewerActions: Array<WriteAction> } | null };

export type OverrideExportDecisionMutationVariables = Exact<{
  input: OverrideExportDecisionInput;
}>;


export type OverrideExportDecisionMutation = { overrideExportDecision: { exportDecision: { id: string, outcome: ExportOutcome, computedOutcome: ExportOutcome, override: { outcome: ExportOutcome, justification: string, expiresAt: string | null } | null } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type LiftExportOverrideMutationVariables = Exact<{
  input: LiftExportOverrideInput;
}>;


export type LiftExportOverrideMutation = { liftExportOverride: { exportDecision: { id: string, outcome: ExportOutcome, computedOutcome: ExportOutcome, override: { outcome: ExportOutcome } | null } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type ReportTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReportTargetsQuery = { modelVersions: { edges: Array<{ node: { id: string, name: string, viewerActions: Array<WriteAction>, developer: { id: string, name: string } } }> } };

export type BulkTargetsQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type BulkTargetsQuery = { nodes: Array<
    | { id: string, publicId: string, status: FindingStatus, rowVersion: number, availableTransitions: Array<{ to: FindingStatus, reasonRequired: boolean, unmetPrecondition: string | null }> }
    | Record<PropertyKey, never>
   | null> };

export type FindingsExportQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: FindingFilter | null | undefined;
  orderBy?: FindingOrder | null | undefined;
}>;


export type FindingsExportQuery = { findings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { publicId: string, title: string, category: FindingCategory, status: FindingStatus, reportedAt: string, discoveredAt: string, developer: { name: string }, affectedVersions: Array<{ name: string }>, fixedInVersion: { name: string } | null, currentSeverity: { score: number, level: SeverityLevel, interventionTier: InterventionTier, cvssVector: string } | null, deadlines: { deadlines: Array<{ kind: DeadlineKind, state: DeadlineState, dueAt: string | null }> } | null } }> } };

export type FindingOwnerQueryVariables = Exact<{
  publicId: string;
}>;


export type FindingOwnerQuery = { findingByPublicId: { id: string, assignment: { assignee: string | null, note: string | null, assignedBy: string, assignedAt: string, organization: { name: string } | null } | null, assignmentHistory: Array<{ assignee: string | null, note: string | null, assignedBy: string, assignedAt: string }> } | null };

export type AssignFindingMutationVariables = Exact<{
  input: AssignFindingInput;
}>;


export type AssignFindingMutation = { assignFinding: { finding: { id: string, publicId: string, assignment: { assignee: string | null } | null } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type DecisionReportQueryVariables = Exact<{
  versionId: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type DecisionReportQuery = { modelVersion: { id: string, name: string, accessStatus: AccessStatus, releasedAt: string | null, model: { name: string }, developer: { name: string } } | null, exportDecisions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, tier: JurisdictionTier, outcome: ExportOutcome, computedOutcome: ExportOutcome, evaluatedAt: string, policyVersion: string, jurisdiction: { code: string, name: string }, override: { outcome: ExportOutcome, justification: string, setBy: string, expiresAt: string | null } | null, reasons: Array<{ code: string, message: string, findingPublicIds: Array<string> }>, pathToEligibility: Array<{ message: string, clearedBy: string }>, history: Array<{ outcome: ExportOutcome, cause: string, actor: string, changedAt: string, policyVersion: string }> } }> } };

export type JurisdictionOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type JurisdictionOptionsQuery = { jurisdictions: Array<{ code: string, name: string }> };

export type LineageParentCandidatesQueryVariables = Exact<{ [key: string]: never; }>;


export type LineageParentCandidatesQuery = { modelVersions: { edges: Array<{ node: { id: string, name: string, developerName: string } }> } };

export type DeclareLineageMutationVariables = Exact<{
  input: DeclareLineageInput;
}>;


export type DeclareLineageMutation = { declareLineage: { modelVersion: { id: string, parents: Array<{ relation: LineageRelation, parent: { id: string, name: string } }> } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type RecordNotAffectedMutationVariables = Exact<{
  input: RecordNotAffectedInput;
}>;


export type RecordNotAffectedMutation = { recordNotAffected: { modelVersion: { id: string, inheritedFindings: Array<{ status: InheritedFindingStatus, finding: { id: string } | null }> } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type RetractLineageMutationVariables = Exact<{
  input: RetractLineageInput;
}>;


export type RetractLineageMutation = { retractLineage: { modelVersion: { id: string, parents: Array<{ relation: LineageRelation, parent: { id: string, name: string } }> } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type GrantInheritedFindingDetailsMutationVariables = Exact<{
  input: GrantInheritedFindingDetailsInput;
}>;


export type GrantInheritedFindingDetailsMutation = { grantInheritedFindingDetails: { grant: { justification: string, grantedBy: string, grantedAt: string, revokedAt: string | null, grantee: { id: string, name: string } } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type RevokeInheritedFindingDetailsMutationVariables = Exact<{
  input: RevokeInheritedFindingDetailsInput;
}>;


export type RevokeInheritedFindingDetailsMutation = { revokeInheritedFindingDetails: { grant: { revokedAt: string | null, revokedBy: string | null, revocationReason: string | null, grantee: { id: string, name: string } } | null, errors: Array<{ path: Array<string>, message: string, code: string }> } };

export type OverviewQueryVariables = Exact<{
  openStatuses: Array<FindingStatus> | FindingStatus;
}>;


export type OverviewQuery = { open: { totalCount: number, edges: Array<{ node: { id: string, publicId: string, title: string, status: FindingStatus, currentSeverity: { level: SeverityLevel, interventionTier: InterventionTier } | null, deadlines: { deadlines: Array<{ kind: DeadlineKind, state: DeadlineState, dueAt: string | null, secondsRemaining: number | null, secondsOverdue: number | null }> } | null, affectedVersions: Array<{ id: string, name: string }> } }> }, critical: { totalCount: number }, high: { totalCount: number }, medium: { totalCount: number }, low: { totalCount: number }, all: { totalCount: number, edges: Array<{ node: { id: string, reportedAt: string, currentSeverity: { level: SeverityLevel } | null } }> }, versions: { totalCount: number, edges: Array<{ node: { id: string, name: string, accessStatus: AccessStatus, developer: { id: string, name: string } } }> }, changes: { edges: Array<{ node: { id: string, sequence: string, occurredAt: string, actor: string, subjectId: string, payload: string } }> }, t1Eligible: { totalCount: number }, t1Conditional: { totalCount: number }, t1Restricted: { totalCount: number }, t1Suspended: { totalCount: number }, t1Prohibited: { totalCount: number }, t2Eligible: { totalCount: number }, t2Conditional: { totalCount: number }, t2Restricted: { totalCount: number }, t2Suspended: { totalCount: number }, t2Prohibited: { totalCount: number }, t3Eligible: { totalCount: number }, t3Conditional: { totalCount: number }, t3Restricted: { totalCount: number }, t3Suspended: { totalCount: number }, t3Prohibited: { totalCount: number } };

export type VersionSuspensionQueryVariables = Exact<{
  versionId: string | number;
}>;


export type VersionSuspensionQuery = { suspended: { totalCount: number }, all: { totalCount: number } };

export type FilterOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type FilterOptionsQuery = { organizations: { edges: Array<{ node: { id: string, name: string } }> }, modelVersions: { edges: Array<{ node: { id: string, name: string } }> } };

export type FindingsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: FindingFilter | null | undefined;
  orderBy?: FindingOrder | null | undefined;
}>;


export type FindingsQuery = { findings: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, publicId: string, title: string, category: FindingCategory, status: FindingStatus, reportedAt: string, developer: { id: string, name: string }, affectedVersions: Array<{ id: string, name: string }>, currentSeverity: { score: number, level: SeverityLevel, interventionTier: InterventionTier } | null, deadlines: { deadlines: Array<{ kind: DeadlineKind, state: DeadlineState, dueAt: string | null }> } | null, assignment: { assignee: string | null } | null } }> } };

export type FindingQueryVariables = Exact<{
  publicId: string;
}>;


export type FindingQuery = { findingByPublicId: { id: string, publicId: string, title: string, summary: string, category: FindingCategory, status: FindingStatus, reporterName: string | null, discoveredAt: string, reportedAt: string, developerAwareAt: string, reporterOrganization: { id: string, name: string } | null, developer: { id: string, name: string }, affectedVersions: Array<{ id: string, name: string, accessStatus: AccessStatus }>, fixedInVersion: { id: string, name: string } | null, references: Array<{ id: string, system: ReferenceSystem, identifier: string, url: string | null, atlasRelease: string | null }>, currentSeverity: { id: string, cvssVector: string, cvssScore: number, score: number, level: SeverityLevel, interventionTier: InterventionTier, tierRule: string, policyVersion: string, calculator: string, rationale: string | null, assessedBy: string, assessedAt: string, aiFactors: { capabilityDomain: CapabilityDomain, universal: boolean, successRate: number, trials: number, exploitedInWild: boolean } } | null, severityAssessments: Array<{ id: string, score: number, level: SeverityLevel, interventionTier: InterventionTier, tierRule: string, assessedAt: string, assessedBy: string }>, statusHistory: Array<{ from: FindingStatus | null, to: FindingStatus, reason: string | null, actor: string, occurredAt: string }>, disclosures: Array<{ id: string, audience: DisclosureAudience, kind: DisclosureKind, obligationCode: string | null, summary: string | null, disclosedAt: string }>, deadlines: { level: SeverityLevel | null, notes: Array<string>, policyVersion: string, evaluatedAt: string, deadlines: Array<{ kind: DeadlineKind, clockStart: string | null, dueAt: string | null, durationHours: number | null, state: DeadlineState, metAt: string | null, secondsRemaining: number | null, secondsOverdue: number | null, note: string }> } | null, disclosureObligations: Array<{ code: string, description: string, audience: DisclosureAudience, source: string, required: boolean, dueAt: string | null, state: DeadlineState, secondsRemaining: number | null, secondsOverdue: number | null, amendmentOutstanding: boolean, satisfiedBy: { disclosedAt: string, kind: DisclosureKind } | null }>, restrictedDetails: { reproductionSteps: string | null, prompts: string | null, notes: string | null } | null } | null };

export type ModelVersionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelVersionsQuery = { modelVersions: { totalCount: number, edges: Array<{ node: { id: string, name: string, accessStatus: AccessStatus, releasedAt: string | null, trainingComputeOps: number | null, weightAvailability: WeightAvailability, capabilityDomains: Array<CapabilityDomain>, model: { id: string, name: string }, developer: { id: string, name: string } } }> } };

export type ModelVersionQueryVariables = Exact<{
  id: string | number;
  asOf?: string | null | undefined;
}>;


export type ModelVersionQuery = { modelVersion: { id: string, name: string, accessStatus: AccessStatus, releasedAt: string | null, trainingComputeOps: number | null, weightAvailability: WeightAvailability, capabilityDomains: Array<CapabilityDomain>, model: { id: string, name: string }, developer: { id: string, name: string }, accessStatusHistory: Array<{ from: AccessStatus | null, to: AccessStatus, reason: string | null, actor: string, occurredAt: string }>, findings: Array<{ id: string, publicId: string, title: string, status: FindingStatus, currentSeverity: { level: SeverityLevel } | null }>, fixedFindings: Array<{ id: string, publicId: string, title: string }>, audits: Array<{ id: string, kind: AuditKind, outcome: AuditOutcome | null, completedAt: string | null, auditor: { name: string }, qualification: { counts: boolean } | null }>, eligibilityMatrix: Array<{ tier: JurisdictionTier, outcome: ExportOutcome, computedOutcome: ExportOutcome, policyVersion: string, evaluatedAt: string, jurisdiction: { code: string, name: string }, override: { outcome: ExportOutcome, justification: string, setBy: string, setAt: string, expiresAt: string | null } | null, reasons: Array<{ code: string, message: string, findingPublicIds: Array<string>, auditIds: Array<string> }>, pathToEligibility: Array<{ code: string, message: string, clearedBy: string, findingPublicIds: Array<string> }> }> } | null };

export type AuditsQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
}>;


export type AuditsQuery = { audits: { totalCount: number, edges: Array<{ node: { id: string, kind: AuditKind, status: AuditStatus, scopes: Array<AuditScope>, summary: string | null, startedAt: string, completedAt: string | null, outcome: AuditOutcome | null, auditor: { id: string, name: string }, modelVersion: { id: string, name: string }, findings: Array<{ role: AuditFindingRole, retestResult: RetestResult | null, finding: { publicId: string } }>, qualification: { counts: boolean, policyVersion: string, reasons: Array<{ code: string, message: string }> } | null } }> }, organizations: { edges: Array<{ node: { id: string, name: string, countryCode: string, accreditations: Array<{ id: string, body: string, scopes: Array<AuditScope>, validFrom: string, validUntil: string | null, status: AccreditationStatus }>, conflictsOfInterest: Array<{ id: string, description: string, periodStart: string, periodEnd: string | null, developer: { name: string } }> } }> } };

export type DecisionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: ExportDecisionFilter | null | undefined;
}>;


export type DecisionsQuery = { exportDecisions: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, tier: JurisdictionTier, outcome: ExportOutcome, computedOutcome: ExportOutcome, evaluatedAt: string, policyVersion: string, modelVersion: { id: string, name: string }, jurisdiction: { code: string, name: string }, override: { outcome: ExportOutcome, justification: string, setBy: string, expiresAt: string | null } | null } }> } };

export type DecisionOverridesQueryVariables = Exact<{
  filter?: ExportDecisionFilter | null | undefined;
}>;


export type DecisionOverridesQuery = { exportDecisions: { totalCount: number, edges: Array<{ node: { id: string, computedOutcome: ExportOutcome, modelVersion: { id: string, name: string }, jurisdiction: { code: string, name: string }, override: { outcome: ExportOutcome, justification: string, setBy: string, expiresAt: string | null } | null } }> } };

export type DecisionQueryVariables = Exact<{
  id: string | number;
}>;


export type DecisionQuery = { exportDecision: { id: string, tier: JurisdictionTier, outcome: ExportOutcome, computedOutcome: ExportOutcome, evaluatedAt: string, policyVersion: string, modelVersion: { id: string, name: string }, jurisdiction: { code: string, name: string }, override: { outcome: ExportOutcome, justification: string, setBy: string, setAt: string, expiresAt: string | null } | null, reasons: Array<{ code: string, message: string, findingPublicIds: Array<string> }>, pathToEligibility: Array<{ code: string, message: string, clearedBy: string, findingPublicIds: Array<string> }>, history: Array<{ outcome: ExportOutcome, computedOutcome: ExportOutcome, cause: string, actor: string, changedAt: string, policyVersion: string, reasons: Array<{ code: string, message: string }> }> } | null };

export type RecentEventsQueryVariables = Exact<{
  last: number;
}>;


export type RecentEventsQuery = { events: { totalCount: number, edges: Array<{ node: { id: string, sequence: string, occurredAt: string, actor: string, type: string, subjectType: string, subjectId: string, payload: string } }> } };

export type VersionLineageQueryVariables = Exact<{
  id: string | number;
}>;


export type VersionLineageQuery = { modelVersion: { id: string, developer: { id: string, name: string }, parents: Array<{ relation: LineageRelation, parent: { id: string, name: string } }>, children: Array<{ relation: LineageRelation, child: { id: string, name: string } }>, lineageHistory: Array<{ relation: LineageRelation, declaredBy: string, declaredAt: string, retractedAt: string | null, retractedBy: string | null, retractionReason: string | null, parent: { id: string, name: string } }>, inheritedFindings: Array<{ status: InheritedFindingStatus, clearedBy: string, inheritedFrom: { id: string, name: string }, path: Array<{ relation: LineageRelation, parent: { id: string, name: string }, child: { id: string, name: string } }>, finding: { id: string, publicId: string, title: string, currentSeverity: { level: SeverityLevel } | null, developer: { id: string } } | null, detailsGrants: Array<{ justification: string, grantedBy: string, grantedAt: string, revokedAt: string | null, revokedBy: string | null, revocationReason: string | null, grantee: { id: string, name: string } }> }> } | null };

export type FindingBlastRadiusQueryVariables = Exact<{
  publicId: string;
}>;


export type FindingBlastRadiusQuery = { findingByPublicId: { id: string, blastRadius: Array<{ reach: BlastRadiusReach, status: InheritedFindingStatus, modelVersion: { id: string, name: string }, path: Array<{ relation: LineageRelation, parent: { id: string, name: string }, child: { id: string, name: string } }>, outcomes: Array<{ tier: JurisdictionTier, outcome: ExportOutcome }> }> } | null };

export type PolicyDraftQueryVariables = Exact<{ [key: string]: never; }>;


export type PolicyDraftQuery = { policyInForce: { id: string, version: string, effectiveFrom: string, document: string } | null };

export type SimulatePolicyQueryVariables = Exact<{
  input: SimulatePolicyInput;
  after?: string | null | undefined;
}>;


export type SimulatePolicyQuery = { simulatePolicy: { errors: Array<{ path: Array<string>, code: string, message: string }>, simulation: { at: string, currentPolicyVersion: string, draftPolicyVersion: string, evaluatedDecisions: number, changedDecisions: number, counts: Array<{ tier: JurisdictionTier, outcome: ExportOutcome, before: number, after: number }>, changes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { modelVersion: { id: string, name: string }, jurisdiction: { code: string, name: string }, before: { tier: JurisdictionTier, outcome: ExportOutcome, reasons: Array<{ code: string, message: string }> }, after: { tier: JurisdictionTier, outcome: ExportOutcome, reasons: Array<{ code: string, message: string }> } } }> }, deadlineChanges: Array<{ kind: DeadlineKind, finding: { publicId: string, title: string }, before: { state: DeadlineState, dueAt: string | null, durationHours: number | null }, after: { state: DeadlineState, dueAt: string | null, durationHours: number | null } }>, disclosureChanges: Array<{ code: string, finding: { publicId: string, title: string }, before: { required: boolean, state: DeadlineState, dueAt: string | null } | null, after: { required: boolean, state: DeadlineState, dueAt: string | null } | null }>, documentChanges: Array<{ path: Array<string>, kind: PolicyChangeKind, category: PolicyChangeCategory, summary: string, source: string | null }> } | null } };

export type PublishDraftMutationVariables = Exact<{
  input: PublishPolicyVersionInput;
}>;


export type PublishDraftMutation = { publishPolicyVersion: { errors: Array<{ path: Array<string>, code: string, message: string }>, policyVersion: { id: string, version: string, effectiveFrom: string } | null, proposedChange: { id: string, status: ProposedChangeStatus } | null } };


export const AccreditationTargetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccreditationTargets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}},{"kind":"Field","name":{"kind":"Name","value":"viewerOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"auditors"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"AUDITOR"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"developers"},"name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"DEVELOPER"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AccreditationTargetsQuery, AccreditationTargetsQueryVariables>;
export const RegisterAccreditationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterAccreditation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterAccreditationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerAccreditation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterAccreditationMutation, RegisterAccreditationMutationVariables>;
export const DeclareConflictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclareConflict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeclareConflictOfInterestInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declareConflictOfInterest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeclareConflictMutation, DeclareConflictMutationVariables>;
export const DecisionsExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DecisionsExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportDecisionFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"modelName"}},{"kind":"Field","name":{"kind":"Name","value":"developerName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"setBy"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"findingPublicIds"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DecisionsExportQuery, DecisionsExportQueryVariables>;
export const AuditsExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditsExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"auditor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"modelName"}},{"kind":"Field","name":{"kind":"Name","value":"developerName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"retestResult"}},{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"qualification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditsExportQuery, AuditsExportQueryVariables>;
export const RegistrationTargetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegistrationTargets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}},{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"DEVELOPER"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"models"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<RegistrationTargetsQuery, RegistrationTargetsQueryVariables>;
export const RegisterModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterModelMutation, RegisterModelMutationVariables>;
export const RegisterModelVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterModelVersionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterModelVersionMutation, RegisterModelVersionMutationVariables>;
export const AuditorWorkbenchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorWorkbench"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}},{"kind":"Field","name":{"kind":"Name","value":"viewerOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"accreditations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditorWorkbenchQuery, AuditorWorkbenchQueryVariables>;
export const DeveloperFindingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeveloperFindings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"developerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"developerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"developerId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeveloperFindingsQuery, DeveloperFindingsQueryVariables>;
export const OpenAuditsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpenAudits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"auditorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"auditorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"auditorId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"OPEN"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OpenAuditsQuery, OpenAuditsQueryVariables>;
export const AuditAttestationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditAttestation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteAuditInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditAttestation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AuditAttestationQuery, AuditAttestationQueryVariables>;
export const OpenAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenAuditInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openAudit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<OpenAuditMutation, OpenAuditMutationVariables>;
export const CompleteAuditDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteAudit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteAuditInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeAudit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}},{"kind":"Field","name":{"kind":"Name","value":"attestation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CompleteAuditMutation, CompleteAuditMutationVariables>;
export const ViewerActionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ViewerActions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}}]}}]} as unknown as DocumentNode<ViewerActionsQuery, ViewerActionsQueryVariables>;
export const FindingActionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindingActions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findingByPublicId"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"publicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}},{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}},{"kind":"Field","name":{"kind":"Name","value":"availableTransitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reasonRequired"}},{"kind":"Field","name":{"kind":"Name","value":"unmetPrecondition"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fixedInVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cvssVector"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"aiFactors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"capabilityDomain"}},{"kind":"Field","name":{"kind":"Name","value":"universal"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"trials"}},{"kind":"Field","name":{"kind":"Name","value":"exploitedInWild"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"disclosureObligations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]} as unknown as DocumentNode<FindingActionsQuery, FindingActionsQueryVariables>;
export const FixCandidatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FixCandidates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"developerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"developerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"developerId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FixCandidatesQuery, FixCandidatesQueryVariables>;
export const PreviewSeverityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewSeverity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cvssVector"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"aiFactors"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AiFactorsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewSeverity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cvssVector"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cvssVector"}}},{"kind":"Argument","name":{"kind":"Name","value":"aiFactors"},"value":{"kind":"Variable","name":{"kind":"Name","value":"aiFactors"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cvssScore"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"interventionTier"}},{"kind":"Field","name":{"kind":"Name","value":"tierRule"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<PreviewSeverityQuery, PreviewSeverityQueryVariables>;
export const ReportFindingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportFinding"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportFindingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportFinding"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ReportFindingMutation, ReportFindingMutationVariables>;
export const TransitionFindingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransitionFinding"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransitionFindingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transitionFinding"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<TransitionFindingMutation, TransitionFindingMutationVariables>;
export const AssessSeverityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssessSeverity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssessFindingSeverityInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assessFindingSeverity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AssessSeverityMutation, AssessSeverityMutationVariables>;
export const LinkFixVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LinkFixVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LinkFixVersionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"linkFixVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<LinkFixVersionMutation, LinkFixVersionMutationVariables>;
export const RecordDisclosureDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordDisclosure"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordDisclosureInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordDisclosure"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RecordDisclosureMutation, RecordDisclosureMutationVariables>;
export const VersionActionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VersionActions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}}]}}]}}]} as unknown as DocumentNode<VersionActionsQuery, VersionActionsQueryVariables>;
export const OverrideExportDecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OverrideExportDecision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OverrideExportDecisionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overrideExportDecision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<OverrideExportDecisionMutation, OverrideExportDecisionMutationVariables>;
export const LiftExportOverrideDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LiftExportOverride"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LiftExportOverrideInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"liftExportOverride"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<LiftExportOverrideMutation, LiftExportOverrideMutationVariables>;
export const ReportTargetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReportTargets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"viewerActions"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReportTargetsQuery, ReportTargetsQueryVariables>;
export const BulkTargetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BulkTargets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Finding"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowVersion"}},{"kind":"Field","name":{"kind":"Name","value":"availableTransitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reasonRequired"}},{"kind":"Field","name":{"kind":"Name","value":"unmetPrecondition"}}]}}]}}]}}]}}]} as unknown as DocumentNode<BulkTargetsQuery, BulkTargetsQueryVariables>;
export const FindingsExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindingsExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindingFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindingOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reportedAt"}},{"kind":"Field","name":{"kind":"Name","value":"discoveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"affectedVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fixedInVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"interventionTier"}},{"kind":"Field","name":{"kind":"Name","value":"cvssVector"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindingsExportQuery, FindingsExportQueryVariables>;
export const FindingOwnerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindingOwner"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findingByPublicId"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"publicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assignment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignee"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"assignedBy"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assignmentHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignee"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"assignedBy"}},{"kind":"Field","name":{"kind":"Name","value":"assignedAt"}}]}}]}}]}}]} as unknown as DocumentNode<FindingOwnerQuery, FindingOwnerQueryVariables>;
export const AssignFindingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignFinding"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignFindingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignFinding"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"assignment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignee"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AssignFindingMutation, AssignFindingMutationVariables>;
export const DecisionReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DecisionReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"accessStatus"}},{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"modelVersionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"setBy"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"findingPublicIds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pathToEligibility"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"clearedBy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DecisionReportQuery, DecisionReportQueryVariables>;
export const JurisdictionOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JurisdictionOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jurisdictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<JurisdictionOptionsQuery, JurisdictionOptionsQueryVariables>;
export const LineageParentCandidatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LineageParentCandidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"developerName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LineageParentCandidatesQuery, LineageParentCandidatesQueryVariables>;
export const DeclareLineageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclareLineage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeclareLineageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declareLineage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"parents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeclareLineageMutation, DeclareLineageMutationVariables>;
export const RecordNotAffectedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordNotAffected"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordNotAffectedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordNotAffected"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"inheritedFindings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RecordNotAffectedMutation, RecordNotAffectedMutationVariables>;
export const RetractLineageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetractLineage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetractLineageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retractLineage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"parents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RetractLineageMutation, RetractLineageMutationVariables>;
export const GrantInheritedFindingDetailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"GrantInheritedFindingDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GrantInheritedFindingDetailsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantInheritedFindingDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"grantedBy"}},{"kind":"Field","name":{"kind":"Name","value":"grantedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<GrantInheritedFindingDetailsMutation, GrantInheritedFindingDetailsMutationVariables>;
export const RevokeInheritedFindingDetailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeInheritedFindingDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeInheritedFindingDetailsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeInheritedFindingDetails"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedBy"}},{"kind":"Field","name":{"kind":"Name","value":"revocationReason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeInheritedFindingDetailsMutation, RevokeInheritedFindingDetailsMutationVariables>;
export const OverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Overview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"openStatuses"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FindingStatus"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"open"},"name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"openStatuses"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"interventionTier"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"secondsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"secondsOverdue"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"affectedVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"critical"},"name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"openStatuses"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"severityLevel"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"CRITICAL"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"high"},"name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"openStatuses"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"severityLevel"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"HIGH"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"medium"},"name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"openStatuses"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"severityLevel"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"MEDIUM"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"low"},"name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"openStatuses"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"severityLevel"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"LOW"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"all"},"name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reportedAt"}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"versions"},"name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"accessStatus"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"changes"},"name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"type"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"EXPORT_DECISIONS_CHANGED","block":false}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t1Eligible"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_1"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"ELIGIBLE"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t1Conditional"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_1"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"CONDITIONAL"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t1Restricted"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_1"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RESTRICTED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t1Suspended"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_1"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"SUSPENDED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t1Prohibited"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_1"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"PROHIBITED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t2Eligible"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_2"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"ELIGIBLE"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t2Conditional"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_2"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"CONDITIONAL"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t2Restricted"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_2"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RESTRICTED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t2Suspended"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_2"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"SUSPENDED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t2Prohibited"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_2"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"PROHIBITED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t3Eligible"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_3"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"ELIGIBLE"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t3Conditional"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_3"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"CONDITIONAL"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t3Restricted"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_3"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RESTRICTED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t3Suspended"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_3"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"SUSPENDED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"t3Prohibited"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"tier"},"value":{"kind":"EnumValue","value":"TIER_3"}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"PROHIBITED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<OverviewQuery, OverviewQueryVariables>;
export const VersionSuspensionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VersionSuspension"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"suspended"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"modelVersionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"outcome"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"SUSPENDED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"all"},"name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"modelVersionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<VersionSuspensionQuery, VersionSuspensionQueryVariables>;
export const FilterOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FilterOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"DEVELOPER"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FilterOptionsQuery, FilterOptionsQueryVariables>;
export const FindingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Findings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindingFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindingOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reportedAt"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"affectedVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"interventionTier"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"assignment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignee"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindingsQuery, FindingsQueryVariables>;
export const FindingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Finding"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findingByPublicId"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"publicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reporterName"}},{"kind":"Field","name":{"kind":"Name","value":"reporterOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"discoveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"reportedAt"}},{"kind":"Field","name":{"kind":"Name","value":"developerAwareAt"}},{"kind":"Field","name":{"kind":"Name","value":"affectedVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"accessStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fixedInVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"references"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"system"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"atlasRelease"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cvssVector"}},{"kind":"Field","name":{"kind":"Name","value":"cvssScore"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"interventionTier"}},{"kind":"Field","name":{"kind":"Name","value":"tierRule"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"calculator"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"assessedBy"}},{"kind":"Field","name":{"kind":"Name","value":"assessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"aiFactors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"capabilityDomain"}},{"kind":"Field","name":{"kind":"Name","value":"universal"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"trials"}},{"kind":"Field","name":{"kind":"Name","value":"exploitedInWild"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"severityAssessments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"interventionTier"}},{"kind":"Field","name":{"kind":"Name","value":"tierRule"}},{"kind":"Field","name":{"kind":"Name","value":"assessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assessedBy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statusHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"disclosures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"obligationCode"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"disclosedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"clockStart"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"metAt"}},{"kind":"Field","name":{"kind":"Name","value":"secondsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"secondsOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"disclosureObligations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"secondsRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"secondsOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"amendmentOutstanding"}},{"kind":"Field","name":{"kind":"Name","value":"satisfiedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disclosedAt"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"restrictedDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reproductionSteps"}},{"kind":"Field","name":{"kind":"Name","value":"prompts"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}}]}}]}}]} as unknown as DocumentNode<FindingQuery, FindingQueryVariables>;
export const ModelVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"accessStatus"}},{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"trainingComputeOps"}},{"kind":"Field","name":{"kind":"Name","value":"weightAvailability"}},{"kind":"Field","name":{"kind":"Name","value":"capabilityDomains"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const ModelVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"accessStatus"}},{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"trainingComputeOps"}},{"kind":"Field","name":{"kind":"Name","value":"weightAvailability"}},{"kind":"Field","name":{"kind":"Name","value":"capabilityDomains"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"accessStatusHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fixedFindings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"audits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"auditor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"qualification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"eligibilityMatrix"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"setBy"}},{"kind":"Field","name":{"kind":"Name","value":"setAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"findingPublicIds"}},{"kind":"Field","name":{"kind":"Name","value":"auditIds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pathToEligibility"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"clearedBy"}},{"kind":"Field","name":{"kind":"Name","value":"findingPublicIds"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelVersionQuery, ModelVersionQueryVariables>;
export const AuditsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Audits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"auditor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"retestResult"}},{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"qualification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"AUDITOR"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}},{"kind":"Field","name":{"kind":"Name","value":"accreditations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conflictsOfInterest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditsQuery, AuditsQueryVariables>;
export const DecisionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Decisions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportDecisionFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"setBy"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DecisionsQuery, DecisionsQueryVariables>;
export const DecisionOverridesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DecisionOverrides"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportDecisionFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportDecisions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"setBy"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DecisionOverridesQuery, DecisionOverridesQueryVariables>;
export const DecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Decision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportDecision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"override"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"setBy"}},{"kind":"Field","name":{"kind":"Name","value":"setAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"findingPublicIds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pathToEligibility"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"clearedBy"}},{"kind":"Field","name":{"kind":"Name","value":"findingPublicIds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"computedOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DecisionQuery, DecisionQueryVariables>;
export const RecentEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecentEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"subjectType"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RecentEventsQuery, RecentEventsQueryVariables>;
export const VersionLineageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VersionLineage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"child"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineageHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"declaredBy"}},{"kind":"Field","name":{"kind":"Name","value":"declaredAt"}},{"kind":"Field","name":{"kind":"Name","value":"retractedAt"}},{"kind":"Field","name":{"kind":"Name","value":"retractedBy"}},{"kind":"Field","name":{"kind":"Name","value":"retractionReason"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"inheritedFindings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"clearedBy"}},{"kind":"Field","name":{"kind":"Name","value":"inheritedFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"path"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"child"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"currentSeverity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}}]}},{"kind":"Field","name":{"kind":"Name","value":"developer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"detailsGrants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"grantedBy"}},{"kind":"Field","name":{"kind":"Name","value":"grantedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedBy"}},{"kind":"Field","name":{"kind":"Name","value":"revocationReason"}}]}}]}}]}}]}}]} as unknown as DocumentNode<VersionLineageQuery, VersionLineageQueryVariables>;
export const FindingBlastRadiusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindingBlastRadius"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findingByPublicId"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"publicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"publicId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"blastRadius"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reach"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"path"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relation"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"child"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindingBlastRadiusQuery, FindingBlastRadiusQueryVariables>;
export const PolicyDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PolicyDraft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"policyInForce"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveFrom"}},{"kind":"Field","name":{"kind":"Name","value":"document"}}]}}]}}]} as unknown as DocumentNode<PolicyDraftQuery, PolicyDraftQueryVariables>;
export const SimulatePolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimulatePolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SimulatePolicyInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"simulatePolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"simulation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"currentPolicyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"draftPolicyVersion"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedDecisions"}},{"kind":"Field","name":{"kind":"Name","value":"changedDecisions"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jurisdiction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"before"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"after"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deadlineChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"before"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}}]}},{"kind":"Field","name":{"kind":"Name","value":"after"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationHours"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"disclosureChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"finding"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publicId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"before"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"after"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"documentChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SimulatePolicyQuery, SimulatePolicyQueryVariables>;
export const PublishDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PublishDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishPolicyVersionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishPolicyVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policyVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveFrom"}}]}},{"kind":"Field","name":{"kind":"Name","value":"proposedChange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<PublishDraftMutation, PublishDraftMutationVariables>;