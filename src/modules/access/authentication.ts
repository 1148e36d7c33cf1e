/**
 * Who is calling: verifies a bearer JWT (RFC 7519, RFC 6750) with jose and turns its claims into a
 * `Viewer`. No token means ANONYMOUS; a token that is present but not valid is an UNAUTHENTICATED
 * error (HTTP 401), never a silent downgrade to anonymous.
 *
 * The same function serves HTTP (`Authorization` header), WebSocket (`connection_init` payload)
 * and requests forwarded by a federation gateway (which passes the client's header on as is).
 *
 * Claims: `sub` (the subject), `org` (the organization's UUID), `roles` (names from ROLES; unknown
 * names are ignored, so a token never gains rights from a role we do not know), `iss`, `aud`, `exp`.
 */
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../../config/config';
import { ANONYMOUS, ROLES, type Role, type Viewer } from './rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOKEN_LENGTH = 8_192;
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

export interface Authenticator {
  /** Verifies an `Authorization` header value (`Bearer <jwt>`); undefined or empty means anonymous. */
  authenticateAuthorization(header: string | null | undefined): Promise<Viewer>;
  /**
   * Verifies the payload of a graphql-ws `connection_init` message: `{ authorization: "Bearer …" }`
   * (also `Authorization`, or `token` with the bare JWT). No payload means anonymous.
   */
  authenticateConnectionParams(params: Readonly<Record<string, unknown>> | null | undefined): Promise<Viewer>;
  /** The same, with the moment the token expires (`exp`; null for anonymous): a connection ends then. */
  authenticateConnection(params: Readonly<Record<string, unknown>> | null | undefined): Promise<Authenticated>;
}

export interface Authenticated {
  viewer: Viewer;
  /** When the token stops being accepted (`exp` + AUTH_CLOCK_SKEW_SECONDS); null without a token. */
  expiresAt: Date | null;
}

/** UNAUTHENTICATED with HTTP 401 and an RFC 6750 challenge. The message never echoes the token. */
export function invalidToken(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) },
    },
  });
}

/**
 * The latest instant a numeric date claim may name: 9999-12-31T23:59:59Z. Beyond it a JavaScript
 * Date is invalid (or the number is not a time at all), and a timer armed on it misfires.
 */
export const MAX_NUMERIC_DATE = 253_402_300_799;
const NUMERIC_DATE_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/** Throws UNAUTHENTICATED when `exp`, `nbf` or `iat` is present but not a time this registry can represent. */
export function checkNumericDateClaims(claims: JWTPayload): void {
  for (const name of NUMERIC_DATE_CLAIMS) {
    const value = claims[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_NUMERIC_DATE) {
      throw invalidToken(`The token's "${name}" claim is out of range (seconds since 1970, at most ${MAX_NUMERIC_DATE}).`);
    }
  }
}

/** Maps verified claims to a viewer; throws UNAUTHENTICATED when required claims are malformed. */
export function viewerFromClaims(claims: JWTPayload): Viewer {
  const subject = claims.sub;
  // Control characters (NUL above all) cannot be stored as an actor and have no place in a name.
  // eslint-disable-next-line no-control-regex
  if (typeof subject !== 'string' || subject.trim() === '' || subject.length > 200 || /[\u0000-\u001f\u007f]/.test(subject)) {
    throw invalidToken('The token has no valid subject (sub).');
  }
  const org = claims.org;
  if (org !== undefined && org !== null && (typeof org !== 'string' || !UUID.test(org))) {
    throw invalidToken('The token\'s organization (org) must be an organization id (a UUID).');
  }
  const rawRoles = claims.roles;
  if (rawRoles !== undefined && !(Array.isArray(rawRoles) && rawRoles.every((r) => typeof r === 'string'))) {
    throw invalidToken('The token\'s roles must be a list of role names.');
  }
  const roles = [...new Set((rawRoles ?? []) as string[])].filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return { subject, organizationId: typeof org === 'string' ? org.toLowerCase() : null, roles };
}


export function createAuthenticator(config: AuthConfig): Authenticator {
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : null;
  const jwks: JWTVerifyGetKey | null = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : null;

  async function verifyToken(token: string): Promise<Authenticated> {
    if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      throw invalidToken('The bearer token is not a JWT.');
    }
    const options = { issuer: config.issuer, audience: config.audience, clockTolerance: config.clockSkewSeconds, requiredClaims: ['exp', 'sub'] };
    try {
      // The header's `alg` picks the key kind: HS256 goes to the shared secret, anything else to
      // the JWKS. Each verifier accepts only its own algorithms (no alg confusion, no `none`).
      const isSymmetric = /"alg"\s*:\s*"HS256"/.test(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
      if (isSymmetric && secret) {
        const { payload } = await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] });
        return authenticated(payload);
      }
      if (!isSymmetric && jwks) {
        const { payload } = await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC_ALGORITHMS });
        return authenticated(payload);
      }
      throw invalidToken('The token is signed with an algorithm this registry does not accept.');
    } catch (err) {
      if (err instanceof GraphQLError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw invalidToken('The token has expired.');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw invalidToken(`The token's "${err.claim}" claim is not accepted.`);
      // Bad signature, unknown key, JWKS unreachable: a refusal, never a 500 with details.
      throw invalidToken('The token could not be verified.');
    }
  }

  /** The viewer, and the moment the token stops being accepted (`exp` plus the clock-skew tolerance, as for HTTP). */
  const authenticated = (claims: JWTPayload): Authenticated => {
    checkNumericDateClaims(claims);
    return {
      viewer: viewerFromClaims(claims),
      expiresAt: typeof claims.exp === 'number' ? new Date((claims.exp + config.clockSkewSeconds) * 1000) : null,
    };
  };

  const anonymous: Authenticated = { viewer: ANONYMOUS, expiresAt: null };

  async function verifyAuthorization(header: string | null | undefined): Promise<Authenticated> {
    if (header === undefined || header === null || header.trim() === '') return anonymous;
    const match = /^Bearer +(\S+)\s*$/i.exec(header);
    if (!match) throw invalidToken('Use "Authorization: Bearer <token>".');
    return verifyToken(match[1]!);
  }

  async function authenticateConnection(params: Readonly<Record<string, unknown>> | null | undefined): Promise<Authenticated> {
    if (!params) return anonymous;
    const header = params.authorization ?? params.Authorization;
    if (typeof header === 'string') return verifyAuthorization(header);
    if (typeof params.token === 'string' && params.token !== '') return verifyToken(params.token);
    if (header !== undefined && header !== null) throw invalidToken('connection_init "authorization" must be a string.');
    return anonymous;
  }

  return {
    authenticateAuthorization: async (header) => (await verifyAuthorization(header)).viewer,
    authenticateConnectionParams: async (params) => (await authenticateConnection(params)).viewer,
    authenticateConnection,
  };
}
