/**
 * Who is calling: verifies a bearer JWT (RFC 7519, RFC 6750) with jose and turns its claims into a
 * `Viewer`. No token means ANONYMOUS; a token that is present but not valid is an UNAUTHENTICATED
 * error (HTTP 401), never a silent downgrade to anonymous.
 *
 * The same function serves HTTP (`Authorization` header), WebSocket (`connection_init` payload)
 * and requests forwarded by a federation gateway (which passes the client's header on as is).
 *
 * Claims: `sub` (the subject), `org` (the organization: its UUID, or its global id as the API
 * returns it — `Organization.id`), `roles` (names from ROLES; unknown
 * names are ignored, so a token never gains rights from a role we do not know), `iss`, `aud`, `exp`.
 *
 * Verified tokens are remembered (issue 12: verifying a signature with WebCrypto cost about 5 % of
 * a small read's server CPU): up to MAX_REMEMBERED tokens, each for at most REMEMBER_MS and never
 * past its `exp` plus the clock-skew tolerance, keyed by the whole token string (a token that
 * differs in one character is verified afresh). Only successful verifications are remembered. A
 * key removed from the JWKS therefore stops being honoured for tokens already seen within
 * REMEMBER_MS.
 */
import { createSecretKey } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../../config/config';
import { parseGlobalId } from '../../graphql/global-id';
import { ANONYMOUS, ROLES, type Role, type Viewer } from './rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOKEN_LENGTH = 8_192;
/** How many verified tokens are remembered, and for how long at most. */
export const MAX_REMEMBERED = 5_000;
export const REMEMBER_MS = 60_000;
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
  // Clients hold the API's opaque ids: an Organization global id is accepted beside the UUID.
  const rawOrg = claims.org;
  const decodedOrg = typeof rawOrg === 'string' && !UUID.test(rawOrg) ? parseGlobalId(rawOrg) : null;
  const org = decodedOrg?.type === 'Organization' ? decodedOrg.localId : rawOrg;
  if (org !== undefined && org !== null && (typeof org !== 'string' || !UUID.test(org))) {
    throw invalidToken('The token\'s organization (org) must be an organization id (a UUID or an Organization global id).');
  }
  const rawRoles = claims.roles;
  if (rawRoles !== undefined && !(Array.isArray(rawRoles) && rawRoles.every((r) => typeof r === 'string'))) {
    throw invalidToken('The token\'s roles must be a list of role names.');
  }
  const roles = [...new Set((rawRoles ?? []) as string[])].filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return { subject, organizationId: typeof org === 'string' ? org.toLowerCase() : null, roles };
}


export function createAuthenticator(config: AuthConfig): Authenticator {
  // A KeyObject made once: a Uint8Array would be imported again on every verification.
  const secret = config.jwtSecret ? createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) : null;
  const jwks: JWTVerifyGetKey | null = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : null;
  /** Verified tokens: token → what it authenticates, and until when it may be answered from here (ms). */
  const remembered = new Map<string, { result: Authenticated; until: number }>();

  async function verifyToken(token: string): Promise<Authenticated> {
    const hit = remembered.get(token);
    if (hit) {
      if (Date.now() < hit.until) return hit.result;
      remembered.delete(token); // verified afresh: an expired token gets its usual refusal
    }
    const result = await verifySignature(token);
    // Shared by every request with this token from now on: nobody may change it.
    Object.freeze(result.viewer.roles);
    Object.freeze(result.viewer);
    Object.freeze(result);
    const until = Math.min(Date.now() + REMEMBER_MS, result.expiresAt ? result.expiresAt.getTime() : Infinity);
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(token, { result, until });
    return result;
  }

  async function verifySignature(token: string): Promise<Authenticated> {
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
