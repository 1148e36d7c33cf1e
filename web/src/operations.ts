/**
 * Every GraphQL operation the explorer sends, in one place. Types come from `npm run codegen:web`
 * (client preset over schema/*.graphql); the explorer uses only the public API.
 */
import { graphql } from './gql';

export const OverviewQuery = graphql(`
  query Overview($openStatuses: [FindingStatus!]!) {
    open: findings(first: 100, filter: { status: $openStatuses }) {
      totalCount
      edges {
        node {
          id
          publicId
          title
          status
          currentSeverity { level interventionTier }
          deadlines { deadlines { kind state dueAt secondsRemaining secondsOverdue } }
          affectedVersions { id name }
        }
      }
    }
    critical: findings(first: 1, filter: { status: $openStatuses, severityLevel: [CRITICAL] }) { totalCount }
    high: findings(first: 1, filter: { status: $openStatuses, severityLevel: [HIGH] }) { totalCount }
    medium: findings(first: 1, filter: { status: $openStatuses, severityLevel: [MEDIUM] }) { totalCount }
    low: findings(first: 1, filter: { status: $openStatuses, severityLevel: [LOW] }) { totalCount }
    all: findings(first: 100) {
      totalCount
      edges { node { id reportedAt currentSeverity { level } } }
    }
    versions: modelVersions(first: 100) {
      totalCount
      edges { node { id name accessStatus developer { id name } } }
    }
    changes: events(last: 10, filter: { type: ["EXPORT_DECISIONS_CHANGED"] }) {
      edges { node { id sequence occurredAt actor subjectId payload } }
    }
    t1Eligible: exportDecisions(first: 1, filter: { tier: TIER_1, outcome: [ELIGIBLE] }) { totalCount }
    t1Conditional: exportDecisions(first: 1, filter: { tier: TIER_1, outcome: [CONDITIONAL] }) { totalCount }
    t1Restricted: exportDecisions(first: 1, filter: { tier: TIER_1, outcome: [RESTRICTED] }) { totalCount }
    t1Suspended: exportDecisions(first: 1, filter: { tier: TIER_1, outcome: [SUSPENDED] }) { totalCount }
    t1Prohibited: exportDecisions(first: 1, filter: { tier: TIER_1, outcome: [PROHIBITED] }) { totalCount }
    t2Eligible: exportDecisions(first: 1, filter: { tier: TIER_2, outcome: [ELIGIBLE] }) { totalCount }
    t2Conditional: exportDecisions(first: 1, filter: { tier: TIER_2, outcome: [CONDITIONAL] }) { totalCount }
    t2Restricted: exportDecisions(first: 1, filter: { tier: TIER_2, outcome: [RESTRICTED] }) { totalCount }
    t2Suspended: exportDecisions(first: 1, filter: { tier: TIER_2, outcome: [SUSPENDED] }) { totalCount }
    t2Prohibited: exportDecisions(first: 1, filter: { tier: TIER_2, outcome: [PROHIBITED] }) { totalCount }
    t3Eligible: exportDecisions(first: 1, filter: { tier: TIER_3, outcome: [ELIGIBLE] }) { totalCount }
    t3Conditional: exportDecisions(first: 1, filter: { tier: TIER_3, outcome: [CONDITIONAL] }) { totalCount }
    t3Restricted: exportDecisions(first: 1, filter: { tier: TIER_3, outcome: [RESTRICTED] }) { totalCount }
    t3Suspended: exportDecisions(first: 1, filter: { tier: TIER_3, outcome: [SUSPENDED] }) { totalCount }
    t3Prohibited: exportDecisions(first: 1, filter: { tier: TIER_3, outcome: [PROHIBITED] }) { totalCount }
  }
`);

export const VersionSuspensionQuery = graphql(`
  query VersionSuspension($versionId: ID!) {
    suspended: exportDecisions(first: 1, filter: { modelVersionId: $versionId, outcome: [SUSPENDED] }) { totalCount }
    all: exportDecisions(first: 1, filter: { modelVersionId: $versionId }) { totalCount }
  }
`);

export const FilterOptionsQuery = graphql(`
  query FilterOptions {
    organizations(first: 100, filter: { kind: DEVELOPER }) { edges { node { id name } } }
    modelVersions(first: 100) { edges { node { id name } } }
  }
`);

export const FindingsQuery = graphql(`
  query Findings($first: Int, $after: String, $last: Int, $before: String, $filter: FindingFilter, $orderBy: FindingOrder) {
    findings(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          publicId
          title
          category
          status
          reportedAt
          developer { id name }
          affectedVersions { id name }
          currentSeverity { score level interventionTier }
          deadlines { deadlines { kind state dueAt } }
          assignment { assignee }
        }
      }
    }
  }
`);

export const FindingQuery = graphql(`
  query Finding($publicId: String!) {
    findingByPublicId(publicId: $publicId) {
      id
      publicId
      title
      summary
      category
      status
      reporterName
      reporterOrganization { id name }
      developer { id name }
      discoveredAt
      reportedAt
      developerAwareAt
      affectedVersions { id name accessStatus }
      fixedInVersion { id name }
      references { id system identifier url atlasRelease }
      currentSeverity {
        id cvssVector cvssScore score level interventionTier tierRule policyVersion calculator rationale assessedBy assessedAt
        aiFactors { capabilityDomain universal successRate trials exploitedInWild }
      }
      severityAssessments { id score level interventionTier tierRule assessedAt assessedBy }
      statusHistory { from to reason actor occurredAt }
      disclosures { id audience kind obligationCode summary disclosedAt }
      deadlines { level notes policyVersion evaluatedAt deadlines { kind clockStart dueAt durationHours state metAt secondsRemaining secondsOverdue note } }
      disclosureObligations { code description audience source required dueAt state secondsRemaining secondsOverdue amendmentOutstanding satisfiedBy { disclosedAt kind } }
      restrictedDetails { reproductionSteps prompts notes }
    }
  }
`);

export const ModelVersionsQuery = graphql(`
  query ModelVersions {
    modelVersions(first: 100) {
      totalCount
      edges {
        node {
          id name accessStatus releasedAt trainingComputeOps weightAvailability capabilityDomains
          model { id name }
          developer { id name }
        }
      }
    }
  }
`);

export const ModelVersionQuery = graphql(`
  query ModelVersion($id: ID!, $asOf: DateTime) {
    modelVersion(id: $id) {
      id name accessStatus releasedAt trainingComputeOps weightAvailability capabilityDomains
      model { id name }
      developer { id name }
      accessStatusHistory { from to reason actor occurredAt }
      findings { id publicId title status currentSeverity { level } }
      fixedFindings { id publicId title }
      audits { id kind outcome completedAt auditor { name } qualification { counts } }
      eligibilityMatrix(asOf: $asOf) {
        tier outcome computedOutcome policyVersion evaluatedAt
        jurisdiction { code name }
        override { outcome justification setBy setAt expiresAt }
        reasons { code message findingPublicIds auditIds }
        pathToEligibility { code message clearedBy findingPublicIds }
      }
    }
  }
`);

export const AuditsQuery = graphql(`
  query Audits($filter: AuditFilter) {
    audits(first: 100, filter: $filter) {
      totalCount
      edges {
        node {
          id kind status scopes summary startedAt completedAt outcome
          auditor { id name }
          modelVersion { id name }
          findings { role retestResult finding { publicId } }
          qualification { counts policyVersion reasons { code message } }
        }
      }
    }
    organizations(first: 100, filter: { kind: AUDITOR }) {
      edges {
        node {
          id name countryCode
          accreditations { id body scopes validFrom validUntil status }
          conflictsOfInterest { id description periodStart periodEnd developer { name } }
        }
      }
    }
  }
`);

export const DecisionsQuery = graphql(`
  query Decisions($first: Int, $after: String, $last: Int, $before: String, $filter: ExportDecisionFilter) {
    exportDecisions(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id tier outcome computedOutcome evaluatedAt policyVersion
          modelVersion { id name }
          jurisdiction { code name }
          override { outcome justification setBy expiresAt }
        }
      }
    }
  }
`);

/** Every decision with an override in force (server-side `hasOverride`), within the screen's other filters. */
export const DecisionOverridesQuery = graphql(`
  query DecisionOverrides($filter: ExportDecisionFilter) {
    exportDecisions(first: 100, filter: $filter) {
      totalCount
      edges {
        node {
          id computedOutcome
          modelVersion { id name }
          jurisdiction { code name }
          override { outcome justification setBy expiresAt }
        }
      }
    }
  }
`);

export const DecisionQuery = graphql(`
  query Decision($id: ID!) {
    exportDecision(id: $id) {
      id tier outcome computedOutcome evaluatedAt policyVersion
      modelVersion { id name }
      jurisdiction { code name }
      override { outcome justification setBy setAt expiresAt }
      reasons { code message findingPublicIds }
      pathToEligibility { code message clearedBy findingPublicIds }
      history { outcome computedOutcome cause actor changedAt policyVersion reasons { code message } }
    }
  }
`);

export const RecentEventsQuery = graphql(`
  query RecentEvents($last: Int!) {
    events(last: $last) {
      totalCount
      edges { node { id sequence occurredAt actor type subjectType subjectId payload } }
    }
  }
`);

/**
 * Lineage of one version (issue 19): parents, children, the declaration history (retracted ones
 * included) and the findings it inherits, with their paths and the grants of their details.
 */
export const VersionLineageQuery = graphql(`
  query VersionLineage($id: ID!) {
    modelVersion(id: $id) {
      id
      developer { id name }
      parents { relation parent { id name } }
      children { relation child { id name } }
      lineageHistory { relation declaredBy declaredAt retractedAt retractedBy retractionReason parent { id name } }
      inheritedFindings {
        status clearedBy
        inheritedFrom { id name }
        path { relation parent { id name } child { id name } }
        finding { id publicId title currentSeverity { level } developer { id } }
        detailsGrants { grantee { id name } justification grantedBy grantedAt revokedAt revokedBy revocationReason }
      }
    }
  }
`);

/** Every version a finding reaches, directly or by inheritance (issue 19), with outcomes per tier. */
export const FindingBlastRadiusQuery = graphql(`
  query FindingBlastRadius($publicId: String!) {
    findingByPublicId(publicId: $publicId) {
      id
      blastRadius {
        reach status
        modelVersion { id name }
        path { relation parent { id name } child { id name } }
        outcomes { tier outcome }
      }
    }
  }
`);
