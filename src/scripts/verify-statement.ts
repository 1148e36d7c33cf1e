/**
 * `npm run verify-statement -- <jws> [--jwks <file or URL>] [--at <ISO time>]`: verifies a signed
 * decision statement with nothing but the registry's JWKS — a file saved from
 * `GET /.well-known/jwks.json` (offline), or that URL (default http://localhost:4000/.well-known/jwks.json).
 * `<jws>` may be `-` to read it from standard input. Prints the statement when it verifies.
 * Exit code 0 when valid, 1 when not (bad signature, unknown key, tampered, expired), 2 when it
 * could not run.
 */
import fs from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { verifyDecisionStatement } from '../modules/signing/decision-statement';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function readJwks(source: string): Promise<JSONWebKeySet> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source} answered ${res.status}`);
    return (await res.json()) as JSONWebKeySet;
  }
  return JSON.parse(fs.readFileSync(source, 'utf8')) as JSONWebKeySet;
}

async function run(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1]!.startsWith('--')));
  let jws = positional[0];
  if (!jws) throw new Error('usage: npm run verify-statement -- <jws | -> [--jwks <file or URL>] [--at <ISO time>]');
  if (jws === '-') jws = fs.readFileSync(0, 'utf8');
  const jwks = await readJwks(option('jwks') ?? 'http://localhost:4000/.well-known/jwks.json');
  const at = option('at');
  const now = at ? new Date(at) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--at ${at} is not a date`);
  const result = await verifyDecisionStatement(jws.trim(), jwks, now);
  if (!result.ok) {
    console.error(`statement NOT valid: ${result.problem}`);
    process.exitCode = 1;
    return;
  }
  const p = result.payload;
  console.log(
    `statement valid (key ${result.kid}): ${p.modelVersion.developer} / ${p.modelVersion.model} / ${p.modelVersion.name} in ${p.jurisdiction} (${p.tier}) ` +
      `is ${p.outcome} under policy ${p.policyVersion}, evaluated ${p.evaluatedAt}, event sequence ${p.eventSequence}; ` +
      `reasons ${p.reasonCodes.join(', ') || '—'}; findings ${p.findingIds.join(', ') || '—'}; expires ${new Date(p.exp * 1000).toISOString()}`,
  );
  console.log(JSON.stringify(p, null, 2));
}

run().catch((err) => {
  console.error(`verify-statement: ${(err as Error).message}`);
  process.exitCode = 2;
});
