/**
 * Prints development bearer tokens (HS256, AUTH_JWT_SECRET or the development default).
 *
 *   npm run token                                   one token per role, for the demo organizations
 *   npm run token -- --role REGULATOR               one role, its demo organization
 *   npm run token -- --role DEVELOPER --org <uuid>  any organization id (no database needed)
 *   npm run token -- --role AUDITOR --org-name "Sentinel Assurance" --sub alice --ttl 600
 *
 * Organization names are looked up in DATABASE_URL, or else the embedded PostgreSQL of
 * `npm start` (which must be running). Use a token with `Authorization: Bearer <token>`.
 */
import { Client } from 'pg';
import { loadConfig } from '../config/config';
import { DEMO_ORGANIZATION_OF, demoSubjectOf, mintDevToken } from '../modules/access/dev-tokens';
import { ROLES, type Role } from '../modules/access/rules';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run token -- [--role ${ROLES.join('|')}] [--org <uuid> | --org-name <name>] [--sub <subject>] [--ttl <seconds>]`);
  process.exit(2);
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!;
    const value = argv[i + 1];
    if (!['--role', '--org', '--org-name', '--sub', '--ttl'].includes(key) || value === undefined) usage(`unknown or incomplete option "${key}"`);
    out[key.slice(2)] = value;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const role = args.role?.toUpperCase();
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) usage(`unknown role "${args.role}"`);
  const roles = (role ? [role] : [...ROLES]) as Role[];
  const ttl = args.ttl ? Number(args.ttl) : 8 * 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) usage('--ttl must be a positive number of seconds');

  let orgIds: Map<string, string> = new Map();
  const needsLookup = !args.org;
  if (needsLookup) {
    const names = args['org-name'] ? [args['org-name']] : roles.map((r) => DEMO_ORGANIZATION_OF[r]);
    const client = new Client({ connectionString: config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedPort}/registry` });
    try {
      await client.connect();
      const { rows } = await client.query<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE name = ANY($1)', [names]);
      orgIds = new Map(rows.map((r) => [r.name, r.id]));
    } catch (err) {
      usage(`cannot look up organizations (${err instanceof Error ? err.message : err}); start the registry or pass --org <uuid>`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  for (const r of roles) {
    const orgName = args['org-name'] ?? DEMO_ORGANIZATION_OF[r];
    const organizationId = args.org ?? orgIds.get(orgName);
    if (!organizationId) usage(`no organization named "${orgName}" in the registry`);
    const subject = args.sub ?? demoSubjectOf(r);
    const token = await mintDevToken(config.auth, { subject, organizationId, roles: [r], expiresInSeconds: ttl });
    console.log(roles.length > 1 ? `# ${r} (${args.org ?? orgName})\n${token}\n` : token);
  }
}

void main();
