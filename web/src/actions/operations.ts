/**
 * The explorer's writes and what they need to know: the viewer's allowed actions (decided by the
 * server's own rules, `viewerActions`), the row versions, and the mutations themselves.
 */
import { graphql } from '../gql';

export const ViewerActionsQuery = graphql(`
  query ViewerActions {
    viewerActions
  }
`);

export const FindingActionsQuery = graphql(`
  query FindingActions($publicId: String!) {
    findingByPublicId(publicId: $publicId) {
      id
      publicId
      status
      rowVersion
      viewerActions
      availableTransitions { to reasonRequired unmetPrecondition }
      fixedInVersion { id name }
      developer { id }
      currentSeverity { cvssVector rationale aiFactors { capabilityDomain universal successRate trials exploitedInWild } }
      disclosureObligations { code description audience required state }
    }
  }
`);

export const FixCandidatesQuery = graphql(`
  query FixCandidates($developerId: ID!) {
    modelVersions(first: 100, filter: { developerId: $developerId }) {
      edges { node { id name releasedAt model { name } } }
    }
  }
`);

export const PreviewSeverityQuery = graphql(`
  query PreviewSeverity($cvssVector: String!, $aiFactors: AiFactorsInput!) {
    previewSeverity(cvssVector: $cvssVector, aiFactors: $aiFactors) {
      preview { cvssScore score level interventionTier tierRule policyVersion reasons { code message } }
      errors { path message code }
    }
  }
`);


export const ReportFindingMutation = graphql(`
  mutation ReportFinding($input: ReportFindingInput!) {
    reportFinding(input: $input) { finding { id publicId status rowVersion } errors { path message code } }
  }
`);

export const TransitionFindingMutation = graphql(`
  mutation TransitionFinding($input: TransitionFindingInput!) {
    transitionFinding(input: $input) { finding { id publicId status rowVersion } errors { path message code } }
  }
`);

export const AssessSeverityMutation = graphql(`
  mutation AssessSeverity($input: AssessFindingSeverityInput!) {
    assessFindingSeverity(input: $input) { finding { id publicId status rowVersion } errors { path message code } }
  }
`);

export const LinkFixVersionMutation = graphql(`
  mutation LinkFixVersion($input: LinkFixVersionInput!) {
    linkFixVersion(input: $input) { finding { id publicId status rowVersion } errors { path message code } }
  }
`);

export const RecordDisclosureMutation = graphql(`
  mutation RecordDisclosure($input: RecordDisclosureInput!) {
    recordDisclosure(input: $input) { finding { id publicId status rowVersion } errors { path message code } }
  }
`);

export const VersionActionsQuery = graphql(`
  query VersionActions($id: ID!) {
    modelVersion(id: $id) { id viewerActions }
  }
`);

export const OverrideExportDecisionMutation = graphql(`
  mutation OverrideExportDecision($input: OverrideExportDecisionInput!) {
    overrideExportDecision(input: $input) {
      exportDecision { id outcome computedOutcome override { outcome justification expiresAt } }
      errors { path message code }
    }
  }
`);

export const LiftExportOverrideMutation = graphql(`
  mutation LiftExportOverride($input: LiftExportOverrideInput!) {
    liftExportOverride(input: $input) {
      exportDecision { id outcome computedOutcome override { outcome } }
      errors { path message code }
    }
  }
`);

export const ReportTargetsQuery = graphql(`
  query ReportTargets {
    modelVersions(first: 100) { edges { node { id name viewerActions developer { id name } } } }
  }
`);


/** The selected findings as they are now: the row version each move must carry, and what it allows. */
export const BulkTargetsQuery = graphql(`
  query BulkTargets($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Finding { id publicId status rowVersion availableTransitions { to reasonRequired unmetPrecondition } }
    }
  }
`);

/** One page of the current list for an export (the screen's filter and order). */
export const FindingsExportQuery = graphql(`
  query FindingsExport($first: Int!, $after: String, $filter: FindingFilter, $orderBy: FindingOrder) {
    findings(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          publicId title category status reportedAt discoveredAt
          developer { name }
          affectedVersions { name }
          fixedInVersion { name }
          currentSeverity { score level interventionTier cvssVector }
          deadlines { deadlines { kind state dueAt } }
        }
      }
    }
  }
`);

export const FindingOwnerQuery = graphql(`
  query FindingOwner($publicId: String!) {
    findingByPublicId(publicId: $publicId) {
      id
      assignment { assignee organization { name } note assignedBy assignedAt }
      assignmentHistory { assignee note assignedBy assignedAt }
    }
  }
`);

export const AssignFindingMutation = graphql(`
  mutation AssignFinding($input: AssignFindingInput!) {
    assignFinding(input: $input) { finding { id publicId assignment { assignee } } errors { path message code } }
  }
`);

/** One page of a version's stored decisions with everything a printed report shows. */
export const DecisionReportQuery = graphql(`
  query DecisionReport($versionId: ID!, $first: Int!, $after: String) {
    modelVersion(id: $versionId) { id name accessStatus releasedAt model { name } developer { name } }
    exportDecisions(first: $first, after: $after, filter: { modelVersionId: $versionId }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id tier outcome computedOutcome evaluatedAt policyVersion
          jurisdiction { code name }
          override { outcome justification setBy expiresAt }
          reasons { code message findingPublicIds }
          pathToEligibility { message clearedBy }
          history { outcome cause actor changedAt policyVersion }
        }
      }
    }
  }
`);

/** Every jurisdiction, for filters by name. */
export const JurisdictionOptionsQuery = graphql(`
  query JurisdictionOptions {
    jurisdictions { code name }
  }
`);

/** Versions a parent may be picked from (issue 19: a parent may belong to any developer). */
export const LineageParentCandidatesQuery = graphql(`
  query LineageParentCandidates {
    modelVersions(first: 100) {
      edges { node { id name developerName } }
    }
  }
`);

export const DeclareLineageMutation = graphql(`
  mutation DeclareLineage($input: DeclareLineageInput!) {
    declareLineage(input: $input) {
      modelVersion { id parents { relation parent { id name } } }
      errors { path message code }
    }
  }
`);

export const RecordNotAffectedMutation = graphql(`
  mutation RecordNotAffected($input: RecordNotAffectedInput!) {
    recordNotAffected(input: $input) {
      modelVersion { id inheritedFindings { status finding { id } } }
      errors { path message code }
    }
  }
`);

export const RetractLineageMutation = graphql(`
  mutation RetractLineage($input: RetractLineageInput!) {
    retractLineage(input: $input) {
      modelVersion { id parents { relation parent { id name } } }
      errors { path message code }
    }
  }
`);

export const GrantInheritedFindingDetailsMutation = graphql(`
  mutation GrantInheritedFindingDetails($input: GrantInheritedFindingDetailsInput!) {
    grantInheritedFindingDetails(input: $input) {
      grant { grantee { id name } justification grantedBy grantedAt revokedAt }
      errors { path message code }
    }
  }
`);

export const RevokeInheritedFindingDetailsMutation = graphql(`
  mutation RevokeInheritedFindingDetails($input: RevokeInheritedFindingDetailsInput!) {
    revokeInheritedFindingDetails(input: $input) {
      grant { grantee { id name } revokedAt revokedBy revocationReason }
      errors { path message code }
    }
  }
`);
