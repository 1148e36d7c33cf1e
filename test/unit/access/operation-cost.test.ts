import { getIntrospectionQuery, getOperationAST, parse } from 'graphql';
import { buildSchema } from '../../../src/graphql/schema';
import { measureOperation } from '../../../src/graphql/plugins/operation-cost';
import { checkInputLimits } from '../../../src/graphql/plugins/input-limits';
import { CostBudget } from '../../../src/graphql/plugins/operation-limits';

const schema = buildSchema();
const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(query);
  return measureOperation(schema, doc, getOperationAST(doc)!, variables);
};

describe('operation depth and cost', () => {
  test('scalars are free; an object costs 1; a page multiplies what is below its edges', () => {
    expect(measure(`{ jurisdictionByCode(code: "DE") { code tier } }`)).toEqual({ depth: 2, cost: 1 });
    // modelVersions 1 + pageInfo 1 + 10 × (edges 1 + node 1)
    expect(measure(`{ modelVersions(first: 10) { totalCount pageInfo { hasNextPage } edges { node { name } } } }`)).toEqual({ depth: 4, cost: 22 });
  });

  test('the page size comes from variables, so the same cached document costs differently', () => {
    const q = `query ($n: Int) { findings(first: $n) { edges { node { developer { name } } } } }`;
    expect(measure(q, { n: 1 }).cost).toBe(1 + 1 * 3);
    expect(measure(q, { n: 100 }).cost).toBe(1 + 100 * 3);
    // no first/last: the default page size (20)
    expect(measure(`{ findings { edges { node { id } } } }`).cost).toBe(1 + 20 * 2);
  });

  test('nested lists multiply, engine fields weigh more, fragments and aliases count where used', () => {
    const nested = measure(`{ modelVersions(first: 5) { edges { node { findings { affectedVersions { name } } } } } }`);
    expect(nested).toEqual({ depth: 6, cost: 1 + 5 * (1 + 1 + 10 * (1 + 10)) });
    const matrix = measure(`fragment M on ModelVersion { eligibilityMatrix { outcome } } { a: modelVersions(first: 2) { edges { node { ...M } } } b: modelVersions(first: 2) { edges { node { ...M } } } }`);
    expect(matrix.cost).toBe(2 * (1 + 2 * (1 + 1 + 250)));
  });

  test('@skip and @include are honoured with variables', () => {
    const q = `query ($s: Boolean!) { findings(first: 50) @skip(if: $s) { edges { node { developer { id } } } } }`;
    expect(measure(q, { s: true }).cost).toBe(0);
    expect(measure(q, { s: false }).cost).toBe(1 + 50 * 3);
  });

  test('nodes(ids:) and _entities(representations:) cost by their length', () => {
    expect(measure(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ['a', 'b', 'c'] }).cost).toBe(3);
    const reps = Array.from({ length: 7 }, () => ({ __typename: 'Finding', id: 'x' }));
    expect(measure(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Finding { developer { id } } } }`, { r: reps }).cost).toBe(7 * 2);
  });

  test('introspection is left to graphql-js (MaxIntrospectionDepthRule) and costs nothing here', () => {
    expect(measure(getIntrospectionQuery())).toEqual({ depth: 0, cost: 0 });
  });
});

describe('input limits', () => {
  const limits = { maxListLength: 5, maxStringLength: 10 };
  const check = (query: string, variables?: Record<string, unknown>) => {
    const doc = parse(query);
    return () => checkInputLimits(doc, getOperationAST(doc)!, variables, limits);
  };

  test('long strings and lists are refused in literals (naming the argument) and in variables (naming the variable)', () => {
    expect(check(`{ findingByPublicId(publicId: "MSR-2026-0001") { id } }`)).toThrow(/at most 10 characters/);
    expect(check(`{ findings(filter: { status: [REPORTED, REPORTED, REPORTED, REPORTED, REPORTED, REPORTED] }) { totalCount } }`)).toThrow(/at most 5 items/);
    try {
      check(`query ($f: FindingFilter) { findings(filter: $f) { totalCount } }`, { f: { text: 'x'.repeat(11) } })();
      throw new Error('not refused');
    } catch (e) {
      expect((e as { extensions: unknown }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', variablePath: ['f', 'text'], limit: 'MAX_STRING_LENGTH' });
    }
    expect(check(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ['1', '2', '3', '4', '5', '6'] })).toThrow(/at most 5 items/);
  });

  test('_entities may take ten times more representations; deep variable values are refused', () => {
    const reps = Array.from({ length: 50 }, () => ({ __typename: 'Finding', id: 'x' }));
    expect(check(`query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, { r: reps })).not.toThrow();
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(check(`query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, { r: deep })).toThrow(/nest/);
  });

  test('one document, analysed once, still has every request’s variables checked; a refused document stays refused', () => {
    const doc = parse(`query ($f: FindingFilter, $r: [_Any!]!) { findings(filter: $f) { totalCount } _entities(representations: $r) { __typename } }`);
    const op = getOperationAST(doc)!;
    const reps = (n: number) => Array.from({ length: n }, () => ({ __typename: 'Finding', id: 'x' }));
    expect(() => checkInputLimits(doc, op, { f: { text: 'short' }, r: reps(50) }, limits)).not.toThrow();
    expect(() => checkInputLimits(doc, op, { f: { text: 'x'.repeat(11) }, r: [] }, limits)).toThrow(/at most 10 characters/);
    expect(() => checkInputLimits(doc, op, { f: { text: 'bad\u0000' }, r: [] }, limits)).toThrow(/Variable "\$f.text"/);
    // The gateway allowance is the document's, and is kept: 50 pass, 51 do not.
    expect(() => checkInputLimits(doc, op, { r: reps(51) }, limits)).toThrow(/at most 50 items/);
    // Other limits are another analysis of the same document.
    expect(() => checkInputLimits(doc, op, { f: { text: 'x'.repeat(11) }, r: [] }, { ...limits, maxStringLength: 20 })).not.toThrow();
    const refused = parse(`{ findingByPublicId(publicId: "MSR-2026-0001") { id } }`);
    for (let i = 0; i < 2; i++) expect(() => checkInputLimits(refused, getOperationAST(refused)!, {}, limits)).toThrow(/at most 10 characters/);
  });
});

describe('cost budget', () => {
  test('charges within the window, refuses beyond it with a retry-after, and starts afresh in the next window', () => {
    const budget = new CostBudget(100, 60_000);
    const t0 = 1_000_000;
    expect(budget.charge('k', 60, t0)).toMatchObject({ ok: true, state: { remaining: 40 } });
    const refused = budget.charge('k', 50, t0 + 15_000);
    expect(refused).toMatchObject({ ok: false, state: { remaining: 40 }, retryAfterSeconds: 45 });
    expect(budget.charge('other', 50, t0 + 15_000).ok).toBe(true);
    expect(budget.charge('k', 50, t0 + 60_000)).toMatchObject({ ok: true, state: { remaining: 50 } });
  });
});

describe('fragments are measured once (issue 11, defect 1)', () => {
  const doubling = (levels: number, body: string) => {
    let q = 'query { ...F0 }';
    for (let i = 0; i < levels; i++) q += ` fragment F${i} on Query { ${body} ...F${i + 1} ...F${i + 1} }`;
    return `${q} fragment F${levels} on Query { __typename }`;
  };

  test('60 levels of doubling spreads are measured without expanding 2^60 spreads', () => {
    // Without memoization this walk never ends (the 24-level version took 40 s on the server).
    expect(measure(doubling(60, '__typename'))).toEqual({ cost: 0, depth: 0 });
  });

  test('a fragment spread n times still counts n times', () => {
    expect(measure(doubling(20, 'jurisdictionByCode(code: "DE") { code }')).cost).toBe(2 ** 20 - 1);
    expect(measure(doubling(20, 'jurisdictionByCode(code: "DE") { code }')).depth).toBe(2);
  });

  test('a fragment under connections of different page sizes is measured for each', () => {
    const q = `fragment V on ModelVersion { developer { name } }
      { a: modelVersions(first: 2) { edges { node { ...V } } } b: modelVersions(first: 5) { edges { node { ...V } } } }`;
    expect(measure(q).cost).toBe(1 + 2 * 3 + 1 + 5 * 3);
  });

  test('a fragment cycle (refused by validation) measures as nothing instead of looping', () => {
    expect(measure(`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A jurisdictions { code } }`).cost).toBe(250);
  });
});

test('the webhook lists are priced at their caps', () => {
  expect(measure(`{ webhooks { id } }`).cost).toBe(500);
  expect(measure(`{ webhookDeliveries(webhookId: "x", first: 5) { status } }`).cost).toBe(100);
});
