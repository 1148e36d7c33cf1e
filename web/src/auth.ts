/**
 * The viewer's bearer token, kept in localStorage so the explorer and /graphiql share it. The role
 * shown is read from the token's payload for display only; the server alone decides access.
 */
const KEY = 'msr.token';

export function readToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  if (token) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
}

export interface TokenInfo {
  subject: string | null;
  roles: string[];
  organization: string | null;
  expiresAt: Date | null;
}

function decodeSegment(segment: string): unknown {
  const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Reads the claims of a JWT without verifying it (display only); null when it is not a JWT. */
export function describeToken(token: string): TokenInfo | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = decodeSegment(parts[1]!) as Record<string, unknown>;
    const rawRoles = claims.roles ?? claims.role ?? claims['msr:roles'] ?? claims.scope;
    const roles = Array.isArray(rawRoles)
      ? rawRoles.map(String)
      : typeof rawRoles === 'string'
        ? rawRoles.split(/[\s,]+/).filter(Boolean)
        : [];
    const org = claims.org ?? claims.organizationId ?? claims['msr:org'] ?? null;
    return {
      subject: typeof claims.sub === 'string' ? claims.sub : null,
      roles,
      organization: typeof org === 'string' ? org : null,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

export function authorizationHeader(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** ws:// or wss:// URL of the GraphQL endpoint on this origin. */
export function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/graphql`;
}
