/**
 * Builds the executable subgraph schema from the SDL files in `schema/` and the resolvers of
 * every module, with `buildSubgraphSchema` so the registry can join a Federation 2 supergraph.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
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

export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schema');

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
);

export function buildSchema(): GraphQLSchema {
  // Each `_entities` representation succeeds or fails on its own (see references.ts).
  return isolateEntityRepresentations(
    buildSubgraphSchema([{ typeDefs: loadTypeDefs(), resolvers: resolvers as GraphQLResolverMap<unknown> }]),
  );
}
