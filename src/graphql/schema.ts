/**
 * Builds the executable subgraph schema from the SDL files in `schema/` and the resolvers of
 * every module, with `buildSubgraphSchema` so the registry can join a Federation 2 supergraph.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../infra/project-root';
import { Kind, parse, visit, type DocumentNode, type GraphQLSchema, type ValueNode } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Resolvers } from './generated/resolvers-types';
import { DateTimeScalar } from './scalars';
import { nodeResolvers } from './node';
import { mutationResolvers } from './mutation-resolvers';
import { isolateEntityRepresentations } from './references';
import { organizationResolvers } from '../modules/organizations/resolvers';
import { modelResolvers } from '../modules/models/resolvers';
import { findingResolvers } from '../modules/findings/resolvers';
import { auditResolvers } from '../modules/audits/resolvers';
import { decisionResolvers } from '../modules/decisions/resolvers';
import { engineResolvers } from '../modules/decisions/engine-resolvers';
import { eventResolvers } from '../modules/events/resolvers';
import { eventIntegrityResolvers } from '../modules/events/integrity-resolvers';
import { subscriptionResolvers } from '../modules/events/subscriptions';
import { webhookResolvers } from '../modules/webhooks/resolvers';
import { interchangeResolvers } from '../modules/interchange/resolvers';
import { policyInstrumentResolvers } from '../modules/policy-instruments/resolvers';
import { proposedChangeResolvers } from '../modules/proposed-changes/resolvers';
import { statementResolvers } from '../modules/signing/statement-resolvers';
import { accreditationLifecycleResolvers } from '../modules/organizations/accreditation-lifecycle';
import { viewerActionResolvers } from '../modules/access/viewer-actions-resolvers';
import { assignmentResolvers } from '../modules/findings/assignments';
import { lineageResolvers } from '../modules/lineage/resolvers';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** All SDL files concatenated into one document (`common.graphql` first: it holds `@link`). */
export function loadTypeDefs(dir = SCHEMA_DIR): DocumentNode {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'common.graphql' ? -1 : b === 'common.graphql' ? 1 : a.localeCompare(b)));
  return parse(files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n'));
}

function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      if (fields instanceof Object && !(fields instanceof Function) && !(type === 'DateTime')) {
        merged[type] = { ...(merged[type] ?? {}), ...(fields as Record<string, unknown>) };
      } else {
        (merged as Record<string, unknown>)[type] = fields;
      }
    }
  }
  return merged as Resolvers;
}

export const resolvers: Resolvers = mergeResolvers(
  { DateTime: DateTimeScalar } as Resolvers,
  nodeResolvers,
  organizationResolvers,
  modelResolvers,
  findingResolvers,
  auditResolvers,
  decisionResolvers,
  engineResolvers,
  eventResolvers,
  eventIntegrityResolvers,
  subscriptionResolvers,
  mutationResolvers,
  webhookResolvers,
  interchangeResolvers,
  viewerActionResolvers,
  assignmentResolvers,
  policyInstrumentResolvers,
  proposedChangeResolvers,
  statementResolvers,
  accreditationLifecycleResolvers,
  lineageResolvers,
);

/** The federation directives only a router enforces (Apollo Router, Hive Gateway); @apollo/gateway refuses them. */
export const ROUTER_AUTH_DIRECTIVES = ['authenticated', 'requiresScopes'] as const;

/**
 * The SDL without the router-only directives: their uses and their names in `@link(import:)`.
 * What is restricted is still visible from the `Restricted…` type names, and the subgraph
 * enforces every rule itself (src/modules/access/rules.ts).
 */
export function withoutRouterAuthDirectives(document: DocumentNode): DocumentNode {
  const names = new Set<string>(ROUTER_AUTH_DIRECTIVES);
  const imported = (v: ValueNode) => v.kind === Kind.STRING && names.has(v.value.replace(/^@/, ''));
  return visit(document, {
    Directive: (node) => {
      if (names.has(node.name.value)) return null;
      if (node.name.value !== 'link') return undefined;
      return {
        ...node,
        arguments: node.arguments?.map((arg) =>
          arg.name.value === 'import' && arg.value.kind === Kind.LIST ? { ...arg, value: { ...arg.value, values: arg.value.values.filter((v) => !imported(v)) } } : arg,
        ),
      };
    },
  });
}

export interface BuildSchemaOptions {
  /**
   * `router` serves `@authenticated`/`@requiresScopes` (schema/*.graphql declare them);
   * `off` (default, FEDERATION_AUTH_DIRECTIVES) serves the SDL without them.
   */
  federationAuthDirectives?: 'router' | 'off';
}

export function buildSchema(options: BuildSchemaOptions = {}): GraphQLSchema {
  const typeDefs = options.federationAuthDirectives === 'router' ? loadTypeDefs() : withoutRouterAuthDirectives(loadTypeDefs());
  // Each `_entities` representation succeeds or fails on its own (see references.ts).
  return isolateEntityRepresentations(buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]));
}
