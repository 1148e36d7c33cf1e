/**
 * Evaluates the full export-eligibility matrix — every model version × every jurisdiction — and
 * prints decisions per second and peak memory. Data generation is excluded from the timing.
 *
 *   npx tsx bench/eligibility-matrix.ts [--versions 10000] [--jurisdictions 250] [--runs 3] [--retain]
 *
 * --retain keeps every decision alive (as a caller building a full matrix would); by default each
 * version's decisions are tallied and dropped.
 */
import { evaluateEligibilityMatrix, STARTING_POLICY, type EligibilityDecision, type ExportOutcome } from '../src/domain';
import { generateRegistry } from './support/generate-registry';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const VERSIONS = option('versions', 10_000);
const JURISDICTIONS = option('jurisdictions', 250);
const RUNS = option('runs', 3);
const RETAIN = process.argv.includes('--retain');
const MB = 1024 * 1024;

let peakRss = 0;
let peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  if (m.rss > peakRss) peakRss = m.rss;
  if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
}

const generationStart = performance.now();
const { versions, jurisdictions, now } = generateRegistry({ versions: VERSIONS, jurisdictions: JURISDICTIONS });
const findingCount = versions.reduce((n, v) => n + v.findings.length, 0);
const auditCount = versions.reduce((n, v) => n + v.audits.length, 0);
console.log(
  `generated ${versions.length} versions (${findingCount} finding links, ${auditCount} audits) × ${jurisdictions.length} jurisdictions in ${(performance.now() - generationStart).toFixed(0)} ms`,
);
sampleMemory();

for (let run = 1; run <= RUNS; run++) {
  const tally: Record<ExportOutcome, number> = { ELIGIBLE: 0, CONDITIONAL: 0, RESTRICTED: 0, SUSPENDED: 0, PROHIBITED: 0 };
  const retained: EligibilityDecision[][] = [];
  const start = performance.now();
  for (let i = 0; i < versions.length; i++) {
    const decisions = evaluateEligibilityMatrix(versions[i]!, jurisdictions, STARTING_POLICY, now);
    for (const d of decisions) tally[d.outcome]++;
    if (RETAIN) retained.push(decisions);
    if ((i & 255) === 0) sampleMemory();
  }
  const ms = performance.now() - start;
  sampleMemory();
  const decisions = versions.length * jurisdictions.length;
  console.log(
    `run ${run}${run === 1 ? ' (cold: includes CVSS scoring and JIT warm-up)' : ''}: ${decisions.toLocaleString('en')} decisions in ${ms.toFixed(0)} ms = ${Math.round(decisions / (ms / 1000)).toLocaleString('en')} decisions/s`,
  );
  if (run === 1) console.log('  outcomes:', JSON.stringify(tally));
  retained.length = 0;
}
console.log(`peak RSS ${(peakRss / MB).toFixed(0)} MB, peak heap used ${(peakHeap / MB).toFixed(0)} MB${RETAIN ? ' (all decisions retained)' : ''}`);
