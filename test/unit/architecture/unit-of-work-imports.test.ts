/**
 * The unit of work (src/modules/shared/unit-of-work.ts) sits below the GraphQL layer: nothing it
 * loads at run time may come from src/graphql/ (issue 13: it used to import `createLoaders` from
 * the context, an import circle through every module). Type-only imports are erased and allowed.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm;

function resolveModule(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return null;
}

/** Every project file `entry` loads at run time, transitively. */
function runtimeClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(RUNTIME_IMPORT)) {
      const target = resolveModule(file, m[1]!);
      if (target) stack.push(target);
    }
  }
  return seen;
}

test('the walker follows runtime imports and skips type-only ones (so the check below can fail)', () => {
  const closure = runtimeClosure(path.join(ROOT, 'src/graphql/server.ts'));
  expect([...closure].some((f) => f.endsWith('src/graphql/context.ts'))).toBe(true);
  expect([...closure].some((f) => f.endsWith('src/modules/shared/unit-of-work.ts'))).toBe(true);
});

test('the unit of work loads nothing from src/graphql/ at run time', () => {
  const closure = runtimeClosure(path.join(ROOT, 'src/modules/shared/unit-of-work.ts'));
  const graphql = [...closure].map((f) => path.relative(ROOT, f)).filter((f) => f.startsWith('src/graphql/'));
  expect(graphql).toEqual([]);
  expect(closure.size).toBeGreaterThan(3);
});
