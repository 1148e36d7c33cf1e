/**
 * `GET /.well-known/jwks.json`: the registry's public signing keys as a JWKS (RFC 7517), for
 * verifying decision statements (and checkpoints) offline. Every key of the ring: the current one
 * and the earlier ones still configured in `REGISTRY_PUBLIC_KEYS`. Public, cacheable for an hour.
 */
import type { RequestHandler } from 'express';
import { registryJwks } from './decision-statement';
import type { RegistryKeyRing } from './registry-key';

export const JWKS_PATH = '/.well-known/jwks.json';

export function jwksEndpoint(ring?: RegistryKeyRing): RequestHandler {
  return async (_req, res, next) => {
    try {
      const jwks = await registryJwks(ring);
      res.set('cache-control', 'public, max-age=3600').type('application/jwk-set+json').send(JSON.stringify(jwks));
    } catch (err) {
      next(err);
    }
  };
}
