/* global process, console */
/**
 * Where a CPU profile's time went: `node bench/support/profile-summary.mjs FILE.cpuprofile [--top 40]`
 * (for example the one `npm run bench:api -- --only Q2 --cpu-prof DIR` leaves in DIR).
 *
 * Prints the share of the sampled time by area (garbage collector, idle, graphql-js, graphql-jit,
 * TypeORM, pg, Apollo, Express, pino, the registry's own src/ by module, other packages), then the
 * functions with the most self time, then the registry's functions with the most inclusive time
 * (self plus callees, each sample counted once per function). Samples taken while src/main.js
 * was on the stack (start-up: loading modules, building the schema) are left out and their
 * total is printed apart, so a short run profiles the requests, not the start.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const TOP = topIndex >= 0 ? Number(args[topIndex + 1]) : 40;
const files = args.filter((a, i) => a.endsWith('.cpuprofile') && args[i - 1] !== '--top');
if (!files.length) {
  console.error('usage: node bench/support/profile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}

function areaOf(node) {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'program (native, unattributed)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) {
    const pkg = m[1];
    if (pkg.startsWith('@apollo/')) return 'Apollo';
    if (pkg === 'express' || pkg === 'body-parser' || pkg === 'router' || pkg.startsWith('@as-integrations/')) return 'Express';
    if (pkg.startsWith('pg') || pkg === 'postgres-date' || pkg === 'postgres-array') return 'pg';
    return pkg;
  }
  const src = /\/(?:dist\/)?src\/([^/]+(?:\/[^/]+)?)/.exec(url);
  if (src) return `src/${src[1].replace(/\.(js|ts)$/, '')}`;
  if (url.startsWith('node:') || url === '') return 'node core';
  return url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const deltas = profile.timeDeltas;
  const startup = new Map();
  const isStartup = (id) => {
    if (startup.has(id)) return startup.get(id);
    const n = byId.get(id);
    const p = parent.get(id);
    const value = /\/src\/main\.(js|ts)$/.test(n.callFrame.url) || (p !== undefined && isStartup(p));
    startup.set(id, value);
    return value;
  };
  const selfUs = new Map();
  let startupUs = 0;
  profile.samples.forEach((id, i) => {
    if (isStartup(id)) startupUs += deltas[i] ?? 0;
    else selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  });
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    total += us;
    if (byId.get(id).callFrame.functionName === '(idle)') idle += us;
  }
  const busy = total - idle;
  const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const key = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|dist)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;

  const areas = new Map();
  const selfByFn = new Map();
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node.callFrame.functionName === '(idle)') continue;
    areas.set(areaOf(node), (areas.get(areaOf(node)) ?? 0) + us);
    selfByFn.set(key(node), (selfByFn.get(key(node)) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!/\/src\//.test(n.callFrame.url)) continue;
      const k = key(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy after start-up (${(startupUs / 1e6).toFixed(1)} s of start-up left out; shares below are of the busy time)`);
  console.log('\nby area (self time):');
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${pct(us)}  ${a}`);
  console.log(`\ntop ${TOP} functions by self time:`);
  for (const [k, us] of [...selfByFn].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${k}`);
  console.log(`\ntop ${TOP} registry functions by inclusive time:`);
  for (const [k, us] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${k}`);
}
