/**
 * Mints HS256 bearer tokens with the shared secret, for development and tests. Production tokens
 * come from the identity provider (AUTH_JWKS_URL); this never runs with the production secret
 * unless someone passes it on purpose.
 */
import { SignJWT } from 'jose';
import type { AuthConfig } from '../../config/config';
import type { Role } from './rules';

/** The federation scope the SDL's `@requiresScopes` asks for on restricted details. */
export const RESTRICTED_DETAILS_SCOPE = 'msr:restricted-details:read';

/** Roles that may read restricted details of at least some findings (the subgraph decides which). */
const RESTRICTED_READERS: readonly Role[] = ['REGULATOR', 'ANALYST', 'DEVELOPER', 'AUDITOR'];

export interface DevTokenClaims {
  subject: string;
  organizationId?: string | null;
  roles: Role[];
  /** Lifetime in seconds (default one hour); negative values mint an already expired token. */
  expiresInSeconds?: number;
  /** Override issuer or audience (tests of rejection). */
  issuer?: string;
  audience?: string;
  now?: Date;
}

export async function mintDevToken(auth: Pick<AuthConfig, 'jwtSecret' | 'issuer' | 'audience'>, claims: DevTokenClaims): Promise<string> {
  if (!auth.jwtSecret) throw new Error('No AUTH_JWT_SECRET configured: cannot mint HS256 tokens.');
  const now = Math.floor((claims.now ?? new Date()).getTime() / 1000);
  const scopes = claims.roles.some((r) => RESTRICTED_READERS.includes(r)) ? [RESTRICTED_DETAILS_SCOPE] : [];
  return new SignJWT({
    roles: claims.roles,
    ...(claims.organizationId ? { org: claims.organizationId } : {}),
    // Read by a federation router enforcing `@requiresScopes`; the subgraph checks object-level rules itself.
    scope: scopes.join(' '),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(claims.issuer ?? auth.issuer)
    .setAudience(claims.audience ?? auth.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.expiresInSeconds ?? 3600))
    .sign(new TextEncoder().encode(auth.jwtSecret));
}

/** Which demo organization (src/seed/demo-data.ts) each role acts for by default. */
export const DEMO_ORGANIZATION_OF: Record<Role, string> = {
  REGULATOR: 'Office of AI Security',
  ANALYST: 'Office of AI Security',
  AUDITOR: 'Sentinel Assurance',
  DEVELOPER: 'Northwind AI',
  PARTNER_AGENCY: 'Federal AI Safety Office',
};

/** The subject of a demo token for a role, for example `dev-partner-agency`. */
export const demoSubjectOf = (role: Role): string => `dev-${role.toLowerCase().replace('_', '-')}`;

export interface DemoToken {
  role: Role;
  subject: string;
  /** The demo organization the token acts for; null when it is not in the registry. */
  organizationId: string | null;
  organizationName: string;
  token: string;
  expiresAt: string;
}

/**
 * One token per role, each bound to its demo organization (looked up by name through `lookup`).
 * A role whose organization is missing gets a token without `org` (it passes no "own" rule).
 */
export async function mintDemoTokens(
  auth: Pick<AuthConfig, 'jwtSecret' | 'issuer' | 'audience'>,
  roles: readonly Role[],
  lookup: (names: string[]) => Promise<Map<string, string>>,
  opts: { expiresInSeconds: number; now?: Date },
): Promise<DemoToken[]> {
  const now = opts.now ?? new Date();
  const orgIds = await lookup([...new Set(roles.map((r) => DEMO_ORGANIZATION_OF[r]))]);
  return Promise.all(
    roles.map(async (role) => {
      const organizationName = DEMO_ORGANIZATION_OF[role];
      const organizationId = orgIds.get(organizationName) ?? null;
      const subject = demoSubjectOf(role);
      const token = await mintDevToken(auth, { subject, organizationId, roles: [role], expiresInSeconds: opts.expiresInSeconds, now });
      const expiresAt = new Date((Math.floor(now.getTime() / 1000) + opts.expiresInSeconds) * 1000).toISOString();
      return { role, subject, organizationId, organizationName, token, expiresAt };
    }),
  );
}
