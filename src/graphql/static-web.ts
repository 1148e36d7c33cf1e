/**
 * Serves the analyst explorer (web/dist, built by `npm run build:web` or `npm start`'s prestart)
 * at `/`, with a fallback to index.html for the SPA's deep links, and the bundled GraphiQL at
 * `/graphiql`. The API's own paths (`/graphql`, `/healthz`, `/readyz`, `/metrics`, `/dev/…`) never fall back.
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT } from '../infra/project-root';

export const DEFAULT_WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

const RESERVED = /^\/(graphql|healthz|readyz|metrics|dev)(\/|$)/;

/** Only this origin: the explorer loads nothing from outside at run time. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

function sendHtml(res: express.Response, file: string): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(file);
}

export function mountStaticWeb(app: express.Express, distDir: string = DEFAULT_WEB_DIST): void {
  const index = path.join(distDir, 'index.html');
  const graphiql = path.join(distDir, 'graphiql', 'index.html');

  app.get(['/graphiql', '/graphiql/'], (_req, res, next) => {
    if (!fs.existsSync(graphiql)) return next();
    sendHtml(res, graphiql);
  });

  // Hashed file names: cache for a year.
  app.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));

  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    // A missing file with an extension (a stale asset, /favicon.ico) is a 404, not the app.
    if (path.extname(req.path) !== '' || req.path.startsWith('/assets/')) return next();
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('html')
        .send('<!doctype html><title>Explorer not built</title><p>The analyst explorer has not been built. Run <code>npm run build:web</code> (or restart with <code>npm start</code>). The API is at <code>/graphql</code>.</p>');
      return;
    }
    sendHtml(res, index);
  });
}
