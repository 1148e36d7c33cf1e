/**
 * Advisories and the feed over HTTP, with the caller's token (docs/interchange.md):
 *
 *   GET /advisories/osv/<publicId>.json, /advisories/csaf/<publicId>.json, /advisories/openvex/<publicId>.json
 *   GET /advisories/osv/all.zip                     every advisory the caller may read, as OSV mirrors serve them
 *   GET /advisories/osv/modified_id.csv[?modifiedSince=<ISO instant>]   `<modified>,<id>` newest first (OSV's own listing)
 *   GET /feeds/findings.atom                         the newest publicly disclosed findings (Atom 1.0)
 *
 * Reading follows the same rules as GraphQL: a finding the caller may not see is a 404, exactly
 * like one that does not exist (mayViewFinding / findingVisibilitySql), and no advisory carries
 * restricted details (they are never loaded). Each request is charged to the caller's cost budget
 * (HTTP_ENDPOINT_COSTS).
 */
import express from 'express';
import { strToU8, zipSync } from 'fflate';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { createContext } from '../../graphql/context';
import { budgetKeyOf, type Budget } from '../../graphql/plugins/operation-limits';
import { HTTP_ENDPOINT_COSTS } from '../../graphql/plugins/operation-cost';
import type { FindingEntity } from '../../persistence/entities';
import type { Authenticator } from '../access/authentication';
import { findingVisibilitySql, publiclyDisclosedSql, type Viewer } from '../access/rules';
import { visibleFinding } from '../findings/visibility';
import { loadAdvisoryFacts } from './advisory-facts';
import { buildAdvisory, osvId, PUBLISHER_NAME, REGISTRY_NAMESPACE, type AdvisoryFormatName } from './advisories';

const PUBLIC_ID = /^MSR-\d{4}-\d{4,}$/;
const FORMATS: Record<string, AdvisoryFormatName> = { osv: 'OSV', csaf: 'CSAF', openvex: 'OPENVEX' };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const FEED_SIZE = 100;
/** Advisories built per batch of the archive (the loaders batch each one into a few statements). */
const ARCHIVE_BATCH = 200;

export interface AdvisoryRouterOptions {
  db: DataSource;
  authenticator: Authenticator;
  budget?: Budget;
}

function send404(res: express.Response): void {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such advisory.' } });
}

const iso = (d: Date) => d.toISOString();

/** Text as XML character data: the five specials escaped, characters XML 1.0 forbids dropped. */
function xml(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    out += ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : ch === "'" ? '&apos;' : ch === '"' ? '&quot;' : ch;
  }
  return out;
}

async function findingsFor(db: DataSource, viewer: Viewer, extraSql: string, params: unknown[], order: string, limit?: number): Promise<{ id: string; public_id: string; updated_at: Date }[]> {
  const visibility = findingVisibilitySql(viewer, 'f.id');
  const where = [visibility, extraSql].filter(Boolean).join(' AND ');
  return db.query(`SELECT f.id, f.public_id, f.updated_at FROM findings f ${where ? `WHERE ${where}` : ''} ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`, params);
}

export function advisoriesRouter({ db, authenticator, budget }: AdvisoryRouterOptions): express.Router {
  const router = express.Router();

  /** The viewer, charged `cost`; answers the refusal itself and returns null when refused. */
  async function admit(req: express.Request, res: express.Response, cost: number): Promise<Viewer | null> {
    let viewer: Viewer;
    try {
      viewer = await authenticator.authenticateAuthorization(req.headers.authorization);
    } catch (err) {
      const message = err instanceof GraphQLError ? err.message : 'The token could not be verified.';
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message } });
      return null;
    }
    if (budget) {
      const charge = await budget.charge(budgetKeyOf(viewer, req.socket.remoteAddress), cost);
      if (!charge.ok) {
        res.setHeader('Retry-After', String(charge.retryAfterSeconds));
        res.status(429).json({ error: { code: 'COST_BUDGET_EXCEEDED', message: `This request costs ${cost}; the budget is spent until ${charge.state.resetAt.toISOString()}.` } });
        return null;
      }
    }
    return viewer;
  }

  router.get('/advisories/osv/all.zip', async (req, res, next) => {
    try {
      const viewer = await admit(req, res, HTTP_ENDPOINT_COSTS.osvArchive);
      if (!viewer) return;
      const rows = await findingsFor(db, viewer, '', [], 'f.public_id');
      const files: Record<string, Uint8Array> = {};
      for (let i = 0; i < rows.length; i += ARCHIVE_BATCH) {
        // A fresh context (and loaders) per batch keeps memory flat.
        const ctx = createContext({ db, viewer });
        const batch = rows.slice(i, i + ARCHIVE_BATCH);
        const findings = (await ctx.loaders.findingById.loadMany(batch.map((r) => r.id))).filter((f): f is FindingEntity => !!f && !(f instanceof Error));
        const docs = await Promise.all(findings.map(async (f) => [f.publicId, buildAdvisory('OSV', await loadAdvisoryFacts(ctx, f))] as const));
        for (const [publicId, doc] of docs) files[`${osvId(publicId)}.json`] = strToU8(JSON.stringify(doc, null, 2));
      }
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', 'attachment; filename="all.zip"');
      res.end(Buffer.from(zipSync(files, { level: 6 })));
    } catch (err) {
      next(err);
    }
  });

  router.get('/advisories/osv/modified_id.csv', async (req, res, next) => {
    try {
      const since = req.query.modifiedSince;
      if (since !== undefined && (typeof since !== 'string' || !ISO_INSTANT.test(since) || Number.isNaN(new Date(since).getTime()))) {
        res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: 'modifiedSince must be an ISO 8601 instant with a time zone.', argumentPath: ['modifiedSince'] } });
        return;
      }
      const viewer = await admit(req, res, HTTP_ENDPOINT_COSTS.osvListing);
      if (!viewer) return;
      const rows = since ? await findingsFor(db, viewer, "date_trunc('milliseconds', f.updated_at) > $1", [new Date(since)], 'f.updated_at DESC, f.id') : await findingsFor(db, viewer, '', [], 'f.updated_at DESC, f.id');
      // Listed to the millisecond, as `modified` in the advisories (PostgreSQL keeps microseconds).
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.end(rows.map((r) => `${iso(r.updated_at)},${osvId(r.public_id)}\n`).join(''));
    } catch (err) {
      next(err);
    }
  });

  router.get('/advisories/:format/:file', async (req, res, next) => {
    try {
      const format = FORMATS[req.params.format];
      const publicId = /^(.+)\.json$/.exec(req.params.file)?.[1]?.replace(/^x_/, '');
      if (!format || !publicId || !PUBLIC_ID.test(publicId)) return send404(res);
      const viewer = await admit(req, res, HTTP_ENDPOINT_COSTS.advisory);
      if (!viewer) return;
      const ctx = createContext({ db, viewer });
      const finding = await visibleFinding(ctx, await ctx.loaders.findingByPublicId.load(publicId));
      if (!finding) return send404(res);
      res.setHeader('Content-Type', format === 'CSAF' ? 'application/csaf+json' : 'application/json');
      res.end(JSON.stringify(buildAdvisory(format, await loadAdvisoryFacts(ctx, finding)), null, 2));
    } catch (err) {
      next(err);
    }
  });

  router.get('/feeds/findings.atom', async (req, res, next) => {
    try {
      const viewer = await admit(req, res, HTTP_ENDPOINT_COSTS.atomFeed);
      if (!viewer) return;
      // Publicly disclosed findings only, whoever asks: a feed is for the public record.
      const rows: { public_id: string; title: string; summary: string; updated_at: Date; published: Date }[] = await db.query(
        `SELECT f.public_id, f.title, f.summary, f.updated_at,
                (SELECT min(d.disclosed_at) FROM disclosures d WHERE d.finding_id = f.id AND d.audience = 'PUBLIC') AS published
           FROM findings f WHERE ${publiclyDisclosedSql('f.id')}
          ORDER BY published DESC, f.public_id DESC LIMIT ${FEED_SIZE}`,
      );
      const updated = rows.reduce((max, r) => (r.updated_at > max ? r.updated_at : max), new Date(0));
      const entries = rows.map(
        (r) => `  <entry>
    <id>${xml(`${REGISTRY_NAMESPACE}:finding:${r.public_id}`)}</id>
    <title>${xml(`${r.public_id}: ${r.title}`)}</title>
    <published>${iso(r.published)}</published>
    <updated>${iso(r.updated_at)}</updated>
    <link rel="alternate" type="application/json" href="/advisories/osv/${xml(r.public_id)}.json"/>
    <link rel="related" type="application/csaf+json" href="/advisories/csaf/${xml(r.public_id)}.json"/>
    <summary type="text">${xml(r.summary)}</summary>
  </entry>`,
      );
      res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
      res.end(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${REGISTRY_NAMESPACE}:feeds:findings</id>
  <title>${xml(PUBLISHER_NAME)}: publicly disclosed findings</title>
  <updated>${iso(updated)}</updated>
  <author><name>${xml(PUBLISHER_NAME)}</name></author>
  <link rel="self" href="/feeds/findings.atom"/>
${entries.join('\n')}
</feed>
`);
    } catch (err) {
      next(err);
    }
  });

  return router;
}
