/**
 * A test-only partner subgraph, as a partner agency would run beside the registry: it extends
 * our `ModelVersion` (by global id or by natural key) and `Finding` (by public id) with fields of
 * its own, and references our `Jurisdiction` by ISO code and our versions by natural key from its
 * licence cases. It keeps its data in memory and records what it was asked.
 *
 *   const partner = await startPartnerSubgraph({ versions, findingNotes, cases });
 *   partner.url; partner.entityCalls; partner.authorizationHeaders; await partner.stop();
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode } from 'graphql';

export const PARTNER_TYPE_DEFS: DocumentNode = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  """
  The registry's model version, extended with the partner's licensing view.
  """
  type ModelVersion @key(fields: "id") @key(fields: "developerName modelName name") {
    id: ID!
    developerName: String!
    modelName: String!
    name: String!
    """
    The partner's export licence status for this version; null when it has no case.
    """
    licenceStatus: String
  }

  """
  The registry's finding, extended with the partner's own notes.
  """
  type Finding @key(fields: "publicId") {
    publicId: String!
    """
    The partner agency's notes about the finding.
    """
    partnerNotes: [String!]!
  }

  """
  The registry's jurisdiction, referenced by ISO code (resolved by the registry).
  """
  type Jurisdiction @key(fields: "code", resolvable: false) {
    code: String!
  }

  """
  The partner's export licence case about one model version in one jurisdiction.
  """
  type LicenceCase {
    """
    The partner's case reference.
    """
    reference: String!
    """
    The version the case is about (a reference the registry resolves).
    """
    modelVersion: ModelVersion!
    """
    The jurisdiction the licence is for (a reference the registry resolves).
    """
    jurisdiction: Jurisdiction!
    """
    The finding that prompted the case, if any.
    """
    finding: Finding
  }

  type Query {
    """
    Every licence case, in the order registered.
    """
    licenceCases: [LicenceCase!]!
    """
    Versions the partner watches, referenced by the registry's global id.
    """
    watchlist: [ModelVersion!]!
  }
`);

export interface PartnerVersion {
  /** Our global id. */
  id: string;
  developerName: string;
  modelName: string;
  name: string;
  licenceStatus: string;
}

export interface PartnerCase {
  reference: string;
  version: { developerName: string; modelName: string; name: string } | { id: string };
  jurisdictionCode: string;
  findingPublicId?: string;
}

export interface PartnerData {
  versions: PartnerVersion[];
  findingNotes: Record<string, string[]>;
  cases: PartnerCase[];
  /** Global ids of our versions, for `watchlist`. */
  watchlist: string[];
}

export interface PartnerSubgraph {
  url: string;
  /** One entry per `_entities` call: how many representations of each type it carried. */
  entityCalls: Record<string, number>[];
  /** The `authorization` header of every request (null when absent). */
  authorizationHeaders: (string | null)[];
  reset(): void;
  stop(): Promise<void>;
}

const naturalKey = (v: { developerName: string; modelName: string; name: string }) =>
  JSON.stringify([v.developerName, v.modelName, v.name]);

export async function startPartnerSubgraph(data: PartnerData): Promise<PartnerSubgraph> {
  const byId = new Map(data.versions.map((v) => [v.id, v]));
  const byNaturalKey = new Map(data.versions.map((v) => [naturalKey(v), v]));
  const entityCalls: Record<string, number>[] = [];
  const authorizationHeaders: (string | null)[] = [];

  type VersionRef = { id?: string; developerName?: string; modelName?: string; name?: string };
  const findingOf = (publicId: string) => ({ __typename: 'Finding', publicId, partnerNotes: data.findingNotes[publicId] ?? [] });
  // The partner holds both keys of the versions it knows (it shares the key fields with us).
  const versionOf = (ref: VersionRef) => {
    const known = ref.id ? byId.get(ref.id) : byNaturalKey.get(naturalKey(ref as Required<VersionRef>));
    if (!known) throw new Error(`partner: unknown model version ${JSON.stringify(ref)}`);
    return { __typename: 'ModelVersion', ...known };
  };
  const resolvers = {
    Query: {
      licenceCases: () => data.cases,
      watchlist: () => data.watchlist.map((id) => versionOf({ id })),
    },
    LicenceCase: {
      modelVersion: (c: PartnerCase) => versionOf(c.version),
      jurisdiction: (c: PartnerCase) => ({ __typename: 'Jurisdiction', code: c.jurisdictionCode }),
      finding: (c: PartnerCase) => (c.findingPublicId ? findingOf(c.findingPublicId) : null),
    },
    ModelVersion: {
      __resolveReference: (ref: VersionRef) => {
        const known = ref.id ? byId.get(ref.id) : byNaturalKey.get(naturalKey(ref as Required<VersionRef>));
        return { ...ref, licenceStatus: known?.licenceStatus ?? null };
      },
    },
    Finding: {
      __resolveReference: (ref: { publicId: string }) => findingOf(ref.publicId),
    },
  };

  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: PARTNER_TYPE_DEFS, resolvers: resolvers as GraphQLResolverMap<unknown> }]),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart({ request }) {
          const representations = request.variables?.representations;
          if (Array.isArray(representations) && /\b_entities\b/.test(request.query ?? '')) {
            const counts: Record<string, number> = {};
            for (const r of representations as { __typename: string }[]) counts[r.__typename] = (counts[r.__typename] ?? 0) + 1;
            entityCalls.push(counts);
          }
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      authorizationHeaders.push(req.headers.authorization ?? null);
      return {};
    },
  });
  return {
    url,
    entityCalls,
    authorizationHeaders,
    reset() {
      entityCalls.length = 0;
      authorizationHeaders.length = 0;
    },
    stop: () => server.stop(),
  };
}
