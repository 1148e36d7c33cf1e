/**
 * Serving through a gateway: our real HTTP server and a partner subgraph behind @apollo/gateway
 * with the composed supergraph. Queries cross both subgraphs in both directions; our side issues
 * one statement per entity type however many representations arrive; the caller's token passes
 * through the gateway to both subgraphs.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { parse } from 'graphql';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { QueryCountingLogger } from '../../../src/persistence/query-counter';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createDeveloper, createModel, createModelVersion, type NodeRow } from '../../support/factories';
import { startHttpServer, type HttpServerHandle } from '../../support/graphql-harness';
import { PARTNER_TYPE_DEFS, startPartnerSubgraph, type PartnerSubgraph } from '../../support/partner-subgraph';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';
import { statementsByTable } from './statements';

const VERSIONS = 100;
const CODES = ['DE', 'FR', 'JP', 'GB', 'BR'];

const logger = new QueryCountingLogger(500);
let testDb: TestDatabase;
let db: DataSource;
let registry: HttpServerHandle;
let partner: PartnerSubgraph;
let gateway: ApolloServer<{ authorization?: string }>;
let gatewayUrl: string;
let model: NodeRow;
const versions: NodeRow[] = [];

interface GatewayResult {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function viaGateway(query: string, token?: string): Promise<GatewayResult & { statements: string[] }> {
  logger.reset();
  partner.reset();
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as GatewayResult;
  return { ...body, statements: [...logger.statements] };
}

beforeAll(async () => {
  testDb = await createTestDataSource({ logger });
  db = testDb.dataSource;
  await seedDemoData(db);
  const developer = await createDeveloper(db, { name: 'Gateway Labs' });
  model = await createModel(db, { developer_id: developer.id, name: 'Atlas' });
  for (let i = 1; i <= VERSIONS; i++) versions.push(await createModelVersion(db, { model_id: model.id, name: `Atlas ${i}` }));

  registry = await startHttpServer(db);
  partner = await startPartnerSubgraph({
    versions: versions.map((v, i) => ({
      id: v.globalId,
      developerName: 'Gateway Labs',
      modelName: 'Atlas',
      name: v.name,
      licenceStatus: i % 2 === 0 ? 'GRANTED' : 'UNDER_REVIEW',
    })),
    findingNotes: { 'MSR-2026-0001': ['Raised at the partner export board.'] },
    cases: versions.map((v, i) => ({
      reference: `LC-${i + 1}`,
      version: { developerName: 'Gateway Labs', modelName: 'Atlas', name: v.name },
      jurisdictionCode: CODES[i % CODES.length],
      findingPublicId: i === 0 ? 'MSR-2026-0001' : undefined,
    })),
    watchlist: versions.map((v) => v.globalId).reverse(),
  });

  // Our SDL as the running server reports it (`_service { sdl }`), composed with the partner's as it
  // is: by default it carries no router-only directive @apollo/gateway would refuse (docs/federation.md).
  const service = await fetch(registry.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  }).then((r) => r.json() as Promise<{ data: { _service: { sdl: string } } }>);
  const composed = composeServices([
    { name: 'registry', typeDefs: parse(service.data._service.sdl), url: registry.url },
    { name: 'partner', typeDefs: PARTNER_TYPE_DEFS, url: partner.url },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));

  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      // Forward the caller's token to every subgraph: they enforce access themselves.
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  }));
});

afterAll(async () => {
  await gateway?.stop();
  await partner?.stop();
  await registry?.stop();
  await testDb?.destroy();
});

describe('a gateway in front of the registry and a partner subgraph', () => {
  it('lists 100 model versions with the partner field: one _entities call of 100 representations', async () => {
    const { data, errors, statements } = await viaGateway(`{
      modelVersions(first: 100, filter: { modelId: "${model.globalId}" }) {
        totalCount
        edges { node { name accessStatus licenceStatus } }
      }
    }`);
    expect(errors).toBeUndefined();
    const nodes = data.modelVersions.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(VERSIONS);
    expect(nodes[0]).toEqual({ name: 'Atlas 1', accessStatus: 'ACTIVE', licenceStatus: 'GRANTED' });
    expect(nodes[1]).toEqual({ name: 'Atlas 2', accessStatus: 'ACTIVE', licenceStatus: 'UNDER_REVIEW' });
    expect(partner.entityCalls).toEqual([{ ModelVersion: VERSIONS }]);
    // Our side: the page (rows and count); the key fields the partner needs cost nothing per row.
    expect(Object.values(statementsByTable(statements)).every((n) => n <= 2)).toBe(true);
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  it('resolves the partner\'s 100 licence cases against our versions (natural key) and jurisdictions (code)', async () => {
    // A partner agency's token: the demo findings are not publicly disclosed, so the public sees none.
    const { auth } = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1' });
    const partnerToken = await mintDevToken(auth, { subject: 'liaison@partner.example', roles: ['PARTNER_AGENCY'] });
    const { data, errors, statements } = await viaGateway(`{
      licenceCases {
        reference
        modelVersion { name accessStatus developer { name } }
        jurisdiction { code name tier }
        finding { publicId title partnerNotes }
      }
    }`, partnerToken);
    expect(errors).toBeUndefined();
    expect(data.licenceCases).toHaveLength(VERSIONS);
    expect(data.licenceCases[0]).toEqual({
      reference: 'LC-1',
      modelVersion: { name: 'Atlas 1', accessStatus: 'ACTIVE', developer: { name: 'Gateway Labs' } },
      jurisdiction: { code: 'DE', name: 'Germany', tier: 'TIER_1' },
      finding: { publicId: 'MSR-2026-0001', title: expect.any(String), partnerNotes: ['Raised at the partner export board.'] },
    });
    expect(data.licenceCases[99]).toMatchObject({ reference: 'LC-100', modelVersion: { name: 'Atlas 100' }, jurisdiction: { code: 'BR' } });
    expect(statementsByTable(statements)).toEqual({
      model_versions: 1, // 100 versions, one representation each
      organizations: 1, // their developers
      jurisdictions: 1, // 5 distinct codes
      findings: 1, // one finding by public id
      policy_versions: 1, // the policy in force, for the tiers
    });
  });

  it('resolves the partner\'s watchlist of 100 global ids in its order with one statement for the versions', async () => {
    const { data, errors, statements } = await viaGateway(`{ watchlist { name licenceStatus model { name } } }`);
    expect(errors).toBeUndefined();
    expect(data.watchlist.map((v: { name: string }) => v.name)).toEqual(versions.map((v) => v.name).reverse());
    expect(data.watchlist[0]).toEqual({ name: 'Atlas 100', licenceStatus: 'UNDER_REVIEW', model: { name: 'Atlas' } });
    expect(statementsByTable(statements)).toEqual({ model_versions: 1, models: 1 });
  });

  it('forwards the caller\'s token: restricted details only for a regulator, and the partner sees the header too', async () => {
    const config = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1' });
    const token = await mintDevToken(config.auth, { subject: 'regulator@registry.example', roles: ['REGULATOR'] });
    const query = `{ findings(first: 100) { edges { node { publicId partnerNotes restrictedDetails { reproductionSteps } } } } }`;

    const anonymous = await viaGateway(query);
    expect(anonymous.errors).toBeUndefined();
    const anonymousDetails = anonymous.data.findings.edges.map((e: any) => e.node.restrictedDetails);
    expect(anonymousDetails.every((d: unknown) => d === null)).toBe(true);
    expect(partner.authorizationHeaders.every((h) => h === null)).toBe(true);

    const regulator = await viaGateway(query, token);
    expect(regulator.errors).toBeUndefined();
    const visible = regulator.data.findings.edges.filter((e: any) => e.node.restrictedDetails?.reproductionSteps);
    expect(visible.length).toBeGreaterThan(0);
    expect(partner.authorizationHeaders.length).toBeGreaterThan(0);
    expect(partner.authorizationHeaders.every((h) => h === `Bearer ${token}`)).toBe(true);
  });
});
