/**
 * Access-control test support: a small world of organizations and findings with restricted
 * details (each detail a unique marker, so a leak is a plain substring match), one persona per
 * role and relationship, tokens for them, the real HTTP server with chosen settings, and the
 * transports the authorization matrix is checked over.
 *
 *   const world = await createAccessWorld(db);
 *   const server = await startAccessServer(db);
 *   const t = httpTransport(server);
 *   await t.run(`{ finding(id: $id) { restrictedDetails { prompts } } }`, { id }, await server.tokenFor(world.personas.regulator));
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../src/config/config';
import { startServer } from '../../src/graphql/server';
import { mintDevToken } from '../../src/modules/access/dev-tokens';
import type { Role, Viewer } from '../../src/modules/access/rules';
import { connect } from './subscription-client';
import {
  createAccreditation,
  createAudit,
  createAuditor,
  createDeveloper,
  createFinding,
  createModel,
  createModelVersion,
  createOrganization,
  createPolicyVersion,
  type NodeRow,
} from './factories';

export interface Persona {
  name: string;
  /** null: anonymous (no token). */
  viewer: Viewer | null;
}

export interface AccessWorld {
  developerA: NodeRow;
  developerB: NodeRow;
  auditorOfA: NodeRow;
  auditorOfB: NodeRow;
  agency: NodeRow;
  versionA: NodeRow;
  versionB: NodeRow;
  /** Findings with restricted details: of developer A (affects versionA) and of developer B. */
  findingA: NodeRow;
  findingB: NodeRow;
  /** A finding of developer A without restricted details. */
  findingWithoutDetails: NodeRow;
  /** Every restricted string stored in the world; none may reach a viewer who may not read it. */
  markers: string[];
  markersOf: Map<string, string[]>;
  personas: Record<PersonaName, Persona>;
}

export type PersonaName =
  | 'anonymous'
  | 'regulator'
  | 'analyst'
  | 'partnerAgency'
  | 'developerA'
  | 'developerB'
  | 'auditorOfA'
  | 'auditorOfB'
  | 'noRoles'
  | 'developerWithoutOrg';

const viewer = (subject: string, roles: Role[], organizationId: string | null): Viewer => ({ subject, roles, organizationId });

export async function createAccessWorld(db: DataSource): Promise<AccessWorld> {
  const developerA = await createDeveloper(db);
  const developerB = await createDeveloper(db);
  const auditorOfA = await createAuditor(db);
  const auditorOfB = await createAuditor(db);
  const agency = await createOrganization(db, { kind: 'AGENCY', country_code: 'DE' });
  const versionA = await createModelVersion(db, { model_id: (await createModel(db, { developer_id: developerA.id })).id });
  const versionB = await createModelVersion(db, { model_id: (await createModel(db, { developer_id: developerB.id })).id });
  // Auditors read restricted details through an OPEN audit while accredited for its scopes, under
  // the policy in force (docs/access-control.md); a completed audit alone gives no access.
  const [policy] = await db.query('SELECT 1 FROM policy_versions LIMIT 1');
  if (!policy) await createPolicyVersion(db);
  await createAccreditation(db, { auditor_id: auditorOfA.id, valid_until: null });
  await createAccreditation(db, { auditor_id: auditorOfB.id, valid_until: null });
  await createAudit(db, { auditor_id: auditorOfA.id, model_version_id: versionA.id });
  await createAudit(db, { auditor_id: auditorOfA.id, model_version_id: versionA.id, status: 'OPEN', completed_at: null, outcome: null });
  await createAudit(db, { auditor_id: auditorOfB.id, model_version_id: versionB.id, status: 'OPEN', completed_at: null, outcome: null });
  const markersOf = new Map<string, string[]>();
  const withDetails = async (developer: NodeRow, version: NodeRow) => {
    const m = [`RESTRICTED-STEPS-${randomUUID()}`, `RESTRICTED-PROMPT-${randomUUID()}`, `RESTRICTED-NOTE-${randomUUID()}`];
    const f = await createFinding(
      db,
      { developer_id: developer.id, category: 'JAILBREAK' },
      { affectedVersionIds: [version.id], level: 'HIGH', restrictedDetails: { reproduction_steps: m[0], prompts: m[1], notes: m[2] } },
    );
    markersOf.set(f.id, m);
    return f;
  };
  const findingA = await withDetails(developerA, versionA);
  const findingB = await withDetails(developerB, versionB);
  const findingWithoutDetails = await createFinding(db, { developer_id: developerA.id }, { affectedVersionIds: [versionA.id], level: 'LOW' });
  const personas: Record<PersonaName, Persona> = {
    anonymous: { name: 'anonymous', viewer: null },
    regulator: { name: 'a regulator', viewer: viewer('user-regulator', ['REGULATOR'], agency.id) },
    analyst: { name: 'an analyst', viewer: viewer('user-analyst', ['ANALYST'], agency.id) },
    partnerAgency: { name: 'a partner agency', viewer: viewer('user-partner', ['PARTNER_AGENCY'], agency.id) },
    developerA: { name: 'the developer of the affected model', viewer: viewer('user-dev-a', ['DEVELOPER'], developerA.id) },
    developerB: { name: 'another developer', viewer: viewer('user-dev-b', ['DEVELOPER'], developerB.id) },
    auditorOfA: { name: 'an auditor of an affected version', viewer: viewer('user-aud-a', ['AUDITOR'], auditorOfA.id) },
    auditorOfB: { name: 'an auditor of other versions only', viewer: viewer('user-aud-b', ['AUDITOR'], auditorOfB.id) },
    noRoles: { name: 'a signed-in subject with no role', viewer: viewer('user-none', [], agency.id) },
    developerWithoutOrg: { name: 'a developer token without organization', viewer: viewer('user-dev-x', ['DEVELOPER'], null) },
  };
  return {
    developerA,
    developerB,
    auditorOfA,
    auditorOfB,
    agency,
    versionA,
    versionB,
    findingA,
    findingB,
    findingWithoutDetails,
    markers: [...markersOf.values()].flat(),
    markersOf,
    personas,
  };
}

/** Who may read which finding's restricted details: the matrix of docs/access-control.md. */
export function expectedToRead(world: AccessWorld, persona: PersonaName, finding: 'findingA' | 'findingB'): boolean {
  const ofA = finding === 'findingA';
  switch (persona) {
    case 'regulator':
    case 'analyst':
      return true;
    case 'developerA':
    case 'auditorOfA':
      return ofA;
    case 'developerB':
    case 'auditorOfB':
      return !ofA;
    default:
      return false;
  }
}

export interface AccessServer {
  url: string;
  baseUrl: string;
  config: Config;
  /** A bearer token for the persona (undefined for anonymous). */
  tokenFor(persona: Persona): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** The real Express + Apollo server with test settings plus `env` overrides. */
export async function startAccessServer(db: DataSource, env: Record<string, string> = {}): Promise<AccessServer> {
  const config = loadConfig({ PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1', ...env });
  const running = await startServer(config, db);
  const baseUrl = `http://127.0.0.1:${running.port}`;
  let stopping: Promise<void> | undefined;
  return {
    url: `${baseUrl}/graphql`,
    baseUrl,
    config,
    tokenFor: async (p) =>
      p.viewer ? mintDevToken(config.auth, { subject: p.viewer.subject!, organizationId: p.viewer.organizationId, roles: p.viewer.roles }) : undefined,
    stop: () => (stopping ??= running.stop()),
  };
}

export interface TransportResult {
  status: number;
  body: { data?: any; errors?: any[]; extensions?: any };
  /** The raw response text (for substring checks). */
  text: string;
}

/** One way of sending an operation to the registry; the matrix test runs over each. */
export interface Transport {
  name: string;
  run(query: string, variables?: Record<string, unknown>, token?: string): Promise<TransportResult>;
  close?(): Promise<void>;
}

export async function postGraphQL(url: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<TransportResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: TransportResult['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text };
}

export function httpTransport(server: Pick<AccessServer, 'url'>): Transport {
  return { name: 'HTTP', run: (query, variables, token) => postGraphQL(server.url, { query, variables }, token) };
}

/**
 * Transports the authorization matrix runs over. HTTP is here; the WebSocket server's author adds
 * a factory (graphql-ws client sending `{ authorization: "Bearer …" }` in `connection_init`, and
 * collecting the single result of a query) — the matrix test picks it up unchanged.
 */
export const MATRIX_TRANSPORTS: ((server: AccessServer) => Transport)[] = [httpTransport, webSocketTransport];

/** GraphQL over WebSocket (graphql-ws) at the same URL: one connection per run, token in `connection_init`. */
export function webSocketTransport(server: Pick<AccessServer, 'url'>): Transport {
  const wsUrl = server.url.replace(/^http/, 'ws');
  return {
    name: 'WebSocket',
    run: async (query, variables, token) => {
      let closeCode: number | null = null;
      const client = connect(wsUrl, {
        connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
        onClosed: (code) => (closeCode = code),
      });
      try {
        const body = await new Promise<TransportResult['body']>((resolve, reject) => {
          let result: TransportResult['body'] | null = null;
          client.subscribe(
            { query, variables },
            {
              next: (r) => (result = r as TransportResult['body']),
              error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
              complete: () => resolve(result ?? {}),
            },
          );
        });
        return { status: 200, body, text: JSON.stringify(body) };
      } catch {
        // A refused token closes the connection with 4403 (the HTTP answer would be 401).
        return { status: closeCode === 4403 ? 401 : 500, body: {}, text: '' };
      } finally {
        await client.dispose();
      }
    },
  };
}
