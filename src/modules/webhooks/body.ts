/**
 * What a delivery carries: the event and its subject exactly as the webhook's organization may
 * read them, built by executing a fixed GraphQL document through the registry's own schema and
 * resolvers with the webhook's viewer — so `node(id)`'s event rule (`mayViewEvent`), the finding
 * rule (`mayViewFinding`) and the presentation of decision reasons (`presentReason`) apply as to a
 * query by that organization. The document never selects `restrictedDetails`: a receiver that
 * may read them fetches them through the API, where the read is recorded.
 *
 * The viewer of a webhook (docs/webhooks.md, "What a delivery carries"): subject
 * `webhook:<id>`, the owner organization, and the role its kind implies — AGENCY →
 * PARTNER_AGENCY (a regulator's webhook too: conservative; the read log of restricted details
 * stays in the API), DEVELOPER → DEVELOPER, AUDITOR → AUDITOR, RESEARCHER → no role (the public:
 * only publicly disclosed findings).
 */
import { execute, parse, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createContext } from '../../graphql/context';
import { toGlobalId, type NodeType, NODE_TYPES } from '../../graphql/global-id';
import type { EventEntity } from '../../persistence/entities';
import type { Role, Viewer } from '../access/rules';

const ROLE_OF_KIND: Record<string, Role | null> = {
  AGENCY: 'PARTNER_AGENCY',
  DEVELOPER: 'DEVELOPER',
  AUDITOR: 'AUDITOR',
  RESEARCHER: null,
};

export function webhookViewer(webhookId: string, organizationId: string, organizationKind: string): Viewer {
  const role = ROLE_OF_KIND[organizationKind] ?? null;
  return { subject: `webhook:${webhookId}`, organizationId, roles: role ? [role] : [] };
}

/** Webhooks whose viewers see exactly the same thing share one body per event. */
export const viewerKey = (organizationId: string, organizationKind: string) => `${organizationId}|${ROLE_OF_KIND[organizationKind] ?? ''}`;

export const DELIVERY_DOCUMENT = parse(`
query WebhookDelivery($eventId: ID!, $subjectId: ID!, $withSubject: Boolean!) {
  event: node(id: $eventId) {
    ... on RegistryEvent { id sequence type occurredAt actor subjectType subjectId payload hash }
  }
  subject: node(id: $subjectId) @include(if: $withSubject) {
    __typename
    id
    ... on Finding {
      publicId title summary category status reportedAt discoveredAt
      developer { id name }
      affectedVersions { id name }
      fixedInVersion { id name }
      currentSeverity { cvssVector score level interventionTier }
    }
    ... on ModelVersion { name modelName developerName accessStatus developer { id name } }
    ... on ExportDecision {
      outcome computedOutcome tier policyVersion evaluatedAt
      jurisdiction { code name }
      modelVersion { id name }
      reasons { code message findingPublicIds }
    }
    ... on Audit { kind status scopes outcome startedAt completedAt auditor { id name } modelVersion { id name } }
    ... on Organization { name kind countryCode }
    ... on PolicyVersion { version effectiveFrom summary publishedAt }
  }
}`);

/**
 * The body for `viewer`, or null when the viewer may not see the event at all (then nothing is
 * delivered). `now` is the moment the body is built.
 */
export async function buildDeliveryPayload(
  schema: GraphQLSchema,
  db: DataSource,
  viewer: Viewer,
  event: EventEntity,
): Promise<{ event: Record<string, unknown>; subject: Record<string, unknown> | null } | null> {
  const subjectType = event.subjectType as NodeType;
  const withSubject = (NODE_TYPES as readonly string[]).includes(subjectType) && subjectType !== 'RegistryEvent';
  const result = await execute({
    schema,
    document: DELIVERY_DOCUMENT,
    variableValues: {
      eventId: toGlobalId('RegistryEvent', event.seq),
      subjectId: withSubject ? toGlobalId(subjectType, event.subjectId) : '',
      withSubject,
    },
    contextValue: createContext({ db, viewer }),
  });
  const data = result.data as { event?: Record<string, unknown> | null; subject?: Record<string, unknown> | null } | null | undefined;
  // Never a partial body: an error leaves the event to the next fan-out pass.
  if (result.errors?.length) throw new Error(`building a webhook body for event ${event.seq} failed: ${result.errors[0]!.message}`);
  // Not visible to this viewer: nothing is delivered.
  if (!data?.event) return null;
  return { event: data.event, subject: data.subject ?? null };
}
