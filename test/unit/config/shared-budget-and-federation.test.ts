/**
 * COST_BUDGET_STORE and FEDERATION_AUTH_DIRECTIVES (issue 18): defaults, accepted values, and a
 * ConfigError naming the variable for anything else; the SDL without router-only directives.
 */
import { parse, print } from 'graphql';
import { ConfigError, loadConfig } from '../../../src/config/config';
import { withoutRouterAuthDirectives } from '../../../src/graphql/schema';

const URL = 'postgres://msr_app@127.0.0.1:5432/registry';

describe('COST_BUDGET_STORE', () => {
  test('defaults to postgres with DATABASE_URL and to memory with the embedded database', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: URL }).limits.costBudgetStore).toBe('postgres');
    expect(loadConfig({ NODE_ENV: 'test' }).limits.costBudgetStore).toBe('memory');
  });

  test('takes postgres or memory either way', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: URL, COST_BUDGET_STORE: 'memory' }).limits.costBudgetStore).toBe('memory');
    expect(loadConfig({ NODE_ENV: 'test', COST_BUDGET_STORE: ' Postgres ' }).limits.costBudgetStore).toBe('postgres');
  });

  test('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', COST_BUDGET_STORE: 'redis' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', COST_BUDGET_STORE: 'redis' })).toThrow(/COST_BUDGET_STORE must be postgres or memory, got "redis"/);
  });
});

describe('FEDERATION_AUTH_DIRECTIVES', () => {
  test('is off by default, router when asked, and refuses anything else', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).federationAuthDirectives).toBe('off');
    expect(loadConfig({ NODE_ENV: 'test', FEDERATION_AUTH_DIRECTIVES: 'router' }).federationAuthDirectives).toBe('router');
    expect(loadConfig({ NODE_ENV: 'test', FEDERATION_AUTH_DIRECTIVES: 'off' }).federationAuthDirectives).toBe('off');
    expect(() => loadConfig({ NODE_ENV: 'test', FEDERATION_AUTH_DIRECTIVES: 'gateway' })).toThrow(/FEDERATION_AUTH_DIRECTIVES must be router or off/);
  });

  test('withoutRouterAuthDirectives drops their uses and imports, and nothing else', () => {
    const doc = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated", "@requiresScopes", "@tag"])
      type RestrictedThing @authenticated @requiresScopes(scopes: [["s"]]) @tag(name: "x") { a: String }
      type T @key(fields: "id") { id: ID!  r: RestrictedThing @authenticated  tags(only: [String!] = ["authenticated"]): [String!] @deprecated(reason: "@authenticated") }
    `);
    const out = print(withoutRouterAuthDirectives(doc));
    expect(out).not.toMatch(/@authenticated(?!")|@requiresScopes|"@authenticated", "@requiresScopes"/);
    expect(out).toContain('import: ["@key", "@tag"]');
    expect(out).toContain('type RestrictedThing @tag(name: "x")');
    expect(out).toContain('r: RestrictedThing\n');
    // Strings that merely mention a directive outside `@link(import:)` are left alone.
    expect(out).toContain('@deprecated(reason: "@authenticated")');
    expect(out).toContain('only: [String!] = ["authenticated"]');
  });
});
