/**
 * The audit writes of the explorer (issue 14): an auditor opens an audit of a model version and
 * completes it with an Ed25519 signature over the payload `auditAttestation` returns.
 */
import { graphql } from '../gql';

/** What an auditor acting in the explorer needs: its organization, accreditations, versions, open audits. */
export const AuditorWorkbenchQuery = graphql(`
  query AuditorWorkbench {
    viewerActions
    viewerOrganization {
      id
      name
      kind
      accreditations { id scopes status validFrom validUntil }
    }
    modelVersions(first: 100) {
      edges { node { id name developer { id name } } }
    }
  }
`);

/** The findings a retest may name, or an audit may raise: those against the version's developer. */
export const DeveloperFindingsQuery = graphql(`
  query DeveloperFindings($developerId: ID!) {
    findings(first: 100, filter: { developerId: $developerId }) {
      edges { node { id publicId title status } }
    }
  }
`);

/** The viewer's own open audits, with what completing them needs. */
export const OpenAuditsQuery = graphql(`
  query OpenAudits($auditorId: ID!) {
    audits(first: 100, filter: { auditorId: $auditorId, status: OPEN }) {
      edges {
        node {
          id kind scopes startedAt rowVersion summary
          modelVersion { id name developer { id name } }
          findings { role finding { id publicId title } }
        }
      }
    }
  }
`);

export const AuditAttestationQuery = graphql(`
  query AuditAttestation($input: CompleteAuditInput!) {
    auditAttestation(input: $input) { payload errors { path message code } }
  }
`);

export const OpenAuditMutation = graphql(`
  mutation OpenAudit($input: OpenAuditInput!) {
    openAudit(input: $input) { audit { id status rowVersion } errors { path message code } }
  }
`);

export const CompleteAuditMutation = graphql(`
  mutation CompleteAudit($input: CompleteAuditInput!) {
    completeAudit(input: $input) {
      audit { id status outcome rowVersion attestation { verified } }
      errors { path message code }
    }
  }
`);
