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
