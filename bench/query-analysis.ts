/**
 * Issue 11, defect 1: how long parsing, validation and the cost measure take for documents of
 * doubling fragment spreads (`fragment F<i> on Query { <body> ...F<i+1> ...F<i+1> }`), which expand
 * to 2^levels spreads. Pure (no database, no server): `npm run bench:query-analysis`.
 */
import { getOperationAST, parse, validate } from 'graphql';
import { buildSchema } from '../src/graphql/schema';
import { measureOperation } from '../src/graphql/plugins/operation-cost';

function doubling(levels: number, body: string): string {
  let q = 'query { ...F0 }';
  for (let i = 0; i < levels; i++) q += ` fragment F${i} on Query { ${body} ...F${i + 1} ...F${i + 1} }`;
  return `${q} fragment F${levels} on Query { __typename }`;
}

function time<T>(fn: () => T, runs: number): { ms: number; value: T } {
  let value = fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) value = fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6 / runs, value };
}

const schema = buildSchema();
console.log('levels  bytes  parse ms  validate ms  measure ms  cost');
for (const [levels, body] of [
  [24, '__typename'],
  [24, 'modelVersions(first: 1) { totalCount }'],
  [60, '__typename'],
  [99, 'jurisdictions { code }'],
] as const) {
  const text = doubling(levels, body);
  const p = time(() => parse(text), 50);
  const doc = p.value;
  const v = time(() => validate(schema, doc), 20);
  const m = time(() => measureOperation(schema, doc, getOperationAST(doc)!, {}), 200);
  console.log(
    `${String(levels).padStart(6)}  ${String(text.length).padStart(5)}  ${p.ms.toFixed(3).padStart(8)}  ${v.ms.toFixed(3).padStart(11)}  ${m.ms.toFixed(4).padStart(10)}  ${m.value.cost.toExponential(3)}`,
  );
}
