/**
 * Composition: our subgraph SDL composes with a partner's subgraph (which extends ModelVersion
 * and Finding and references our Jurisdiction) into a Federation 2 supergraph, and the committed
 * `schema.subgraph.graphql` is what the server reports as `_service { sdl }`.
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema } from '../../../src/graphql/schema';
import { ROUTER_SUBGRAPH_SDL_FILE, SUBGRAPH_SDL_FILE, renderSubgraphSdl } from '../../../src/scripts/print-subgraph-sdl';
import { PARTNER_TYPE_DEFS } from '../../support/partner-subgraph';

const registrySdl = printSubgraphSchema(buildSchema());

function compose() {
  return composeServices([
    { name: 'registry', typeDefs: parse(registrySdl), url: 'http://registry.invalid/graphql' },
    { name: 'partner', typeDefs: PARTNER_TYPE_DEFS, url: 'http://partner.invalid/graphql' },
  ]);
}

function apiSchema(): GraphQLSchema {
  const result = compose();
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.schema.toAPISchema().toGraphQLJSSchema();
}

describe('composition with a partner subgraph', () => {
  it('composes our subgraph and the partner subgraph without errors', () => {
    const result = compose();
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect(result.supergraphSdl).toContain('join__type(graph: REGISTRY, key: "developerName modelName name")');
  });

  it('gives the supergraph the partner fields on our entities', () => {
    const schema = apiSchema();
    const fields = (type: string) => Object.keys((schema.getType(type) as { getFields(): object }).getFields());
    expect(fields('ModelVersion')).toEqual(expect.arrayContaining(['accessStatus', 'developerName', 'modelName', 'licenceStatus']));
    expect(fields('Finding')).toEqual(expect.arrayContaining(['publicId', 'restrictedDetails', 'partnerNotes']));
    expect(fields('Query')).toEqual(expect.arrayContaining(['modelVersions', 'licenceCases', 'watchlist']));
  });

  it('hides the inaccessible Relay fetchers from the supergraph API', () => {
    const fields = Object.keys(apiSchema().getQueryType()!.getFields());
    expect(fields).not.toContain('node');
    expect(fields).not.toContain('nodes');
  });

  it('declares every entity with an id key and the natural keys', () => {
    const keys = [...registrySdl.matchAll(/^type (\w+) implements Node\s+((?:\s*@key\(fields: "[^"]+"\))+)/gm)].map(
      ([, type, directives]) => [type, [...directives.matchAll(/"([^"]+)"/g)].map((m) => m[1])],
    );
    expect(Object.fromEntries(keys)).toEqual({
      Audit: ['id'],
      Jurisdiction: ['id', 'code'],
      ExportDecision: ['id'],
      Finding: ['id', 'publicId'],
      Model: ['id'],
      ModelVersion: ['id', 'developerName modelName name'],
      Organization: ['id'],
    });
  });

  it('with FEDERATION_AUTH_DIRECTIVES=router, puts the restricted finding details under the auth directives and out of the partner contract', () => {
    const routerSdl = printSubgraphSchema(buildSchema({ federationAuthDirectives: 'router' }));
    const line = routerSdl.split('\n').find((l) => /^\s*restrictedDetails: RestrictedFindingDetails\b/.test(l))!;
    expect(line).toContain('@authenticated');
    expect(line).toContain('@requiresScopes(scopes: [["msr:restricted-details:read"]])');
    expect(line).not.toContain('@tag(name: "partner")');
    expect(routerSdl).toMatch(/import: \[[^\]]*"@authenticated", "@requiresScopes"\]/);
  });

  it('by default serves no router-only directive, neither used nor imported, and still keeps the details out of the partner contract', () => {
    expect(registrySdl).not.toMatch(/@authenticated|@requiresScopes/);
    const line = registrySdl.split('\n').find((l) => /^\s*restrictedDetails: RestrictedFindingDetails\b/.test(l))!;
    expect(line).not.toContain('@tag(name: "partner")');
    expect(registrySdl).toMatch(/import: \["@key", "@shareable", "@tag", "@inaccessible"\]/);
  });

  it('keeps schema.subgraph.graphql and schema.subgraph.router.graphql current (run `npm run sdl` after changing schema/*.graphql)', () => {
    expect(fs.readFileSync(SUBGRAPH_SDL_FILE, 'utf8')).toBe(renderSubgraphSdl());
    expect(fs.readFileSync(ROUTER_SUBGRAPH_SDL_FILE, 'utf8')).toBe(renderSubgraphSdl('router'));
  });
});
