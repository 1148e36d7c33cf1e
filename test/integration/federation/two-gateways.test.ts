/**
 * The SDL as served, composed by both compositions (@apollo/composition — what Apollo Router and
 * @apollo/gateway use — and The Guild's @theguild/federation-composition) and served by both
 * gateways (@apollo/gateway and Hive Gateway) in front of the registry and the partner subgraph,
 * with the caller's token forwarded (issue 18). With FEDERATION_AUTH_DIRECTIVES=router the SDL
 * carries `@authenticated`/`@requiresScopes`: it composes with both compositions, Hive Gateway
 * serves it, and @apollo/gateway refuses it (why the directives are opt-in).
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices as apolloCompose } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices as guildCompose, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/config';
import { mintDevToken } from '../../../src/modules/access/dev-tokens';
import { seedDemoData } from '../../../src/seed/demo-data';
import { createDeveloper, createModel, createModelVersion, type NodeRow } from '../../support/factories';
import { startHttpServer, type HttpServerHandle } from '../../support/graphql-harness';
import { PARTNER_TYPE_DEFS, startPartnerSubgraph, type PartnerSubgraph } from '../../support/partner-subgraph';
import { startHiveGateway } from '../../support/hive-gateway';
import { createTestDataSource, type TestDatabase } from '../../support/test-database';

let testDb: TestDatabase;
let db: DataSource;
let registry: HttpServerHandle;
let routerRegistry: HttpServerHandle;
let partner: PartnerSubgraph;
let servedSdl: string;
let routerSdl: string;
const versions: NodeRow[] = [];
const closers: (() => Promise<unknown>)[] = [];

const PARTNER_QUERY = `{
  licenceCases {
    reference
    modelVersion { name accessStatus developer { name } licenceStatus }
    jurisdiction { code name tier }
    finding { publicId title partnerNotes }
  }
}`;
const DETAILS_QUERY = `{ findings(first: 100) { edges { node { publicId partnerNotes restrictedDetails { reproductionSteps } } } } }`;

async function sdlOf(url: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
  return ((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
}

function subgraphs(registrySdl: string, registryUrl: string) {
  return [
    { name: 'registry', typeDefs: parse(registrySdl), url: registryUrl },
    { name: 'partner', typeDefs: PARTNER_TYPE_DEFS, url: partner.url },
  ];
}

function composeApollo(registrySdl: string, registryUrl: string): string {
  const result = apolloCompose(subgraphs(registrySdl, registryUrl));
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

function composeGuild(registrySdl: string, registryUrl: string): string {
  const result = guildCompose(subgraphs(registrySdl, registryUrl));
  if (compositionHasErrors(result)) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

async function startApolloGateway(supergraphSdl: string): Promise<string> {
  const gateway = new ApolloServer<{ authorization?: string }>({
    gateway: new ApolloGateway({
      supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  const { url } = await startStandaloneServer(gateway, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  closers.push(() => gateway.stop());
  return url;
}

async function hive(supergraph: string): Promise<{ url: string }> {
  const gateway = await startHiveGateway(supergraph);
  closers.push(() => gateway.stop());
  return gateway;
}

async function post(url: string, query: string, token?: string): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const { auth } = loadConfig({ NODE_ENV: 'test' });
const partnerToken = () => mintDevToken(auth, { subject: 'liaison@partner.example', roles: ['PARTNER_AGENCY'] });
const regulatorToken = () => mintDevToken(auth, { subject: 'regulator@registry.example', roles: ['REGULATOR'] });

beforeAll(async () => {
  testDb = await createTestDataSource();
  db = testDb.dataSource;
  await seedDemoData(db);
  const developer = await createDeveloper(db, { name: 'Gateway Labs' });
  const model = await createModel(db, { developer_id: developer.id, name: 'Atlas' });
  for (let i = 1; i <= 5; i++) versions.push(await createModelVersion(db, { model_id: model.id, name: `Atlas ${i}` }));
  registry = await startHttpServer(db);
  routerRegistry = await startHttpServer(db, { FEDERATION_AUTH_DIRECTIVES: 'router' });
  partner = await startPartnerSubgraph({
    versions: versions.map((v, i) => ({ id: v.globalId, developerName: 'Gateway Labs', modelName: 'Atlas', name: v.name, licenceStatus: i % 2 ? 'UNDER_REVIEW' : 'GRANTED' })),
    findingNotes: { 'MSR-2026-0001': ['Raised at the partner export board.'] },
    cases: versions.map((v, i) => ({
      reference: `LC-${i + 1}`,
      version: { developerName: 'Gateway Labs', modelName: 'Atlas', name: v.name },
      jurisdictionCode: 'DE',
      findingPublicId: i === 0 ? 'MSR-2026-0001' : undefined,
    })),
    watchlist: [],
  });
  servedSdl = await sdlOf(registry.url);
  routerSdl = await sdlOf(routerRegistry.url);
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await partner?.stop();
  await routerRegistry?.stop();
  await registry?.stop();
  await testDb?.destroy();
});

describe('the SDL as served (FEDERATION_AUTH_DIRECTIVES off)', () => {
  test('carries no router-only directive', () => {
    expect(servedSdl).not.toMatch(/@authenticated|@requiresScopes|specs\.apollo\.dev\/authenticated/);
    expect(routerSdl).toMatch(/restrictedDetails: RestrictedFindingDetails @authenticated @requiresScopes/);
  });

  const gateways = [
    { name: '@apollo/gateway over @apollo/composition', start: () => startApolloGateway(composeApollo(servedSdl, registry.url)) },
    { name: 'Hive Gateway over @theguild/federation-composition', start: async () => (await hive(composeGuild(servedSdl, registry.url))).url },
    { name: 'Hive Gateway over @apollo/composition', start: async () => (await hive(composeApollo(servedSdl, registry.url))).url },
  ];

  describe.each(gateways)('$name', ({ start }) => {
    let url: string;
    beforeAll(async () => {
      url = await start();
    });

    test("answers the partner's query across both subgraphs with the partner's token forwarded to both", async () => {
      const token = await partnerToken();
      partner.reset();
      const { data, errors } = await post(url, PARTNER_QUERY, token);
      expect(errors).toBeUndefined();
      expect(data.licenceCases).toHaveLength(5);
      expect(data.licenceCases[0]).toEqual({
        reference: 'LC-1',
        modelVersion: { name: 'Atlas 1', accessStatus: 'ACTIVE', developer: { name: 'Gateway Labs' }, licenceStatus: 'GRANTED' },
        jurisdiction: { code: 'DE', name: 'Germany', tier: 'TIER_1' },
        finding: { publicId: 'MSR-2026-0001', title: expect.any(String), partnerNotes: ['Raised at the partner export board.'] },
      });
      expect(partner.authorizationHeaders.length).toBeGreaterThan(0);
      expect(partner.authorizationHeaders.every((h) => h === `Bearer ${token}`)).toBe(true);
    });

    test('the subgraph enforces access itself: restricted details for a regulator, never for a partner agency', async () => {
      const partnerView = await post(url, DETAILS_QUERY, await partnerToken());
      expect(partnerView.errors).toBeUndefined();
      expect(partnerView.data.findings.edges.length).toBeGreaterThan(0);
      expect(partnerView.data.findings.edges.every((e: any) => e.node.restrictedDetails === null)).toBe(true);
      const regulator = await post(url, DETAILS_QUERY, await regulatorToken());
      expect(regulator.errors).toBeUndefined();
      expect(regulator.data.findings.edges.some((e: any) => e.node.restrictedDetails?.reproductionSteps)).toBe(true);
    });
  });
});

describe('FEDERATION_AUTH_DIRECTIVES=router', () => {
  test('the SDL composes with @apollo/composition and with The Guild’s composition, keeping the directives', () => {
    expect(composeApollo(routerSdl, routerRegistry.url)).toMatch(/@requiresScopes\(scopes: \[\["msr:restricted-details:read"\]\]\)/);
    expect(composeGuild(routerSdl, routerRegistry.url)).toMatch(/@requiresScopes\(scopes: \[\["msr:restricted-details:read"\]\]\)/);
  });

  test('@apollo/gateway refuses it (a SECURITY feature it does not support): why the directives are opt-in', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: composeApollo(routerSdl, routerRegistry.url) });
    await expect(gateway.load()).rejects.toThrow(/is for: SECURITY but is unsupported/);
  });

  test('Hive Gateway serves it; the subgraph decides who reads restricted details', async () => {
    const { url } = await hive(composeGuild(routerSdl, routerRegistry.url));
    const partnerView = await post(url, PARTNER_QUERY, await partnerToken());
    expect(partnerView.errors).toBeUndefined();
    expect(partnerView.data.licenceCases).toHaveLength(5);
    const regulator = await post(url, DETAILS_QUERY, await regulatorToken());
    expect(regulator.errors).toBeUndefined();
    expect(regulator.data.findings.edges.some((e: any) => e.node.restrictedDetails?.reproductionSteps)).toBe(true);
    // Without a JWT plugin the gateway passes the directive through; the subgraph still refuses.
    const partnerDetails = await post(url, DETAILS_QUERY, await partnerToken());
    expect(partnerDetails.errors).toBeUndefined();
    expect(partnerDetails.data.findings.edges.length).toBeGreaterThan(0);
    expect(partnerDetails.data.findings.edges.every((e: any) => e.node.restrictedDetails === null)).toBe(true);
  });
});
