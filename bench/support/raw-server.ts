/**
 * The floor of the read benchmark (issue 12): node:http + pg, the queries Q1–Q4 written by hand
 * (the fewest statements a resolver-per-relation server needs), no GraphQL, no authentication.
 *
 *   node --import tsx bench/support/raw-server.ts <connection string> <port>
 * POST /q with {"q":"q1","v":{…}}; prints "listening <port>" when ready.
 */
import http from 'node:http';
import { Pool } from 'pg';

const [connectionString, portText] = process.argv.slice(2);
const pool = new Pool({ connectionString, max: 10, application_name: 'msr-bench-raw' });

type Vars = Record<string, unknown>;
const QUERIES: Record<string, (v: Vars) => Promise<unknown>> = {
  async q1(v) {
    const { rows } = await pool.query(
      'SELECT v.name, o.name AS developer FROM model_versions v JOIN organizations o ON o.id = v.developer_id WHERE v.id = $1',
      [v.id],
    );
    return rows[0] ?? null;
  },
  async q2(v) {
    const after = v.after as { createdAt: string; id: string } | null;
    const { rows: versions } = after
      ? await pool.query('SELECT id, name FROM model_versions WHERE (created_at, id) > ($1::timestamptz, $2::uuid) ORDER BY created_at, id LIMIT 50', [after.createdAt, after.id])
      : await pool.query('SELECT id, name FROM model_versions ORDER BY created_at, id LIMIT 50');
    const ids = versions.map((r) => r.id);
    const [findings, audits] = await Promise.all([
      pool.query(
        `SELECT fav.model_version_id AS v, f.public_id, f.title, f.status FROM finding_affected_versions fav
           JOIN findings f ON f.id = fav.finding_id WHERE fav.model_version_id = ANY($1::uuid[]) ORDER BY f.reported_at DESC, f.id`,
        [ids],
      ),
      pool.query(
        `SELECT a.model_version_id AS v, a.outcome, o.name FROM audits a JOIN organizations o ON o.id = a.auditor_id
          WHERE a.model_version_id = ANY($1::uuid[]) ORDER BY a.started_at DESC, a.id`,
        [ids],
      ),
    ]);
    const byVersion = new Map(versions.map((r) => [r.id, { name: r.name, findings: [] as unknown[], audits: [] as unknown[] }]));
    for (const r of findings.rows) byVersion.get(r.v)!.findings.push({ publicId: r.public_id, title: r.title, status: r.status });
    for (const r of audits.rows) byVersion.get(r.v)!.audits.push({ outcome: r.outcome, auditor: r.name });
    return [...byVersion.values()];
  },
  async q3(v) {
    const where = 'developer_id = $1 AND status = ANY($2::text[])';
    const [count, page] = await Promise.all([
      pool.query(`SELECT count(*)::int AS n FROM findings WHERE ${where}`, [v.developerId, v.status]),
      pool.query(`SELECT public_id, title, status FROM findings WHERE ${where} ORDER BY reported_at DESC, id DESC LIMIT 20`, [v.developerId, v.status]),
    ]);
    return { totalCount: count.rows[0].n, rows: page.rows.map((r) => ({ publicId: r.public_id, title: r.title, status: r.status })) };
  },
  async q4(v) {
    const { rows } = await pool.query(
      `SELECT v.name, d.outcome FROM export_decisions d JOIN model_versions v ON v.id = d.model_version_id
        WHERE d.jurisdiction_id = (SELECT j.id FROM jurisdictions j WHERE j.code = $1) ORDER BY d.created_at, d.id LIMIT 100`,
      [v.code],
    );
    return rows;
  },
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const { q, v } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { q: string; v: Vars };
        const run = QUERIES[q];
        if (!run) throw new Error(`unknown query ${q}`);
        const body = JSON.stringify({ data: await run(v) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } catch (err) {
        const body = JSON.stringify({ errors: [{ message: String(err) }] });
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(body);
      }
    })();
  });
});
server.listen(Number(portText), '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
const stop = () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
