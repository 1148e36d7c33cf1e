/**
 * `GET /dev/tokens`: short-lived demo tokens, one per role, bound to the demo organizations — the
 * explorer's "pick a role" sign-in. Mounted only when `config.devTokens` is true (outside
 * production, with the development HS256 secret; see src/config/config.ts); otherwise the path is
 * not routed at all and answers 404.
 */
import express from 'express';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../config/config';
import { mintDemoTokens } from '../modules/access/dev-tokens';
import { ROLES } from '../modules/access/rules';

/** Lifetime of a demo token: one hour (`npm run token` mints 8-hour ones). */
export const DEV_TOKEN_TTL_SECONDS = 3600;

export function devTokensRouter(auth: AuthConfig, db: DataSource): express.Router {
  const router = express.Router();
  router.get('/dev/tokens', async (_req, res) => {
    try {
      const tokens = await mintDemoTokens(
        auth,
        ROLES,
        async (names) => {
          const rows: { id: string; name: string }[] = await db.query('SELECT id::text AS id, name FROM organizations WHERE name = ANY($1)', [names]);
          return new Map(rows.map((r) => [r.name, r.id]));
        },
        { expiresInSeconds: DEV_TOKEN_TTL_SECONDS },
      );
      res.setHeader('Cache-Control', 'no-store');
      res.json({ development: true, expiresInSeconds: DEV_TOKEN_TTL_SECONDS, tokens });
    } catch {
      res.status(503).json({ error: 'Cannot mint demo tokens (database unreachable?).' });
    }
  });
  return router;
}
