/**
 * A CVSS v4.0 calculator: one picker per base metric and the vector string, each editable and
 * kept in step with the other (parsed and printed by ae-cvss-calculator, the package the server
 * scores with), the AI factors, and the live score and intervention tier from the server's
 * `previewSeverity` under the policy in force. Saving calls `assessFindingSeverity`.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Cvss4P0 } from 'ae-cvss-calculator';
import { SeverityBadge, human } from '../components/ui';
import { AssessSeverityMutation, PreviewSeverityQuery } from './operations';
import type { AiFactorsInput, CapabilityDomain } from '../gql/graphql';
import { useWrite } from './use-write';
import { WriteOutcome } from './WriteErrors';

const DOMAINS: CapabilityDomain[] = ['GENERAL', 'CODE', 'CYBER_OFFENSE', 'CBRN', 'PERSUASION', 'AUTONOMY', 'BIOLOGY'];
const DEFAULT_VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N';
const DEFAULT_FACTORS: AiFactorsInput = { capabilityDomain: 'GENERAL', universal: false, successRate: 0.5, trials: 10, exploitedInWild: false };

interface Metric {
  short: string;
  name: string;
  values: { short: string; name: string }[];
}

/** The base metrics and their values, from the calculator's own definitions ("X", not defined, left out). */
const BASE_METRICS: Metric[] = (() => {
  const [first] = new Cvss4P0().getRegisteredComponents().values();
  return (first ?? []).map((c) => ({
    short: c.shortName,
    // "Confidentiality" exists for the vulnerable and the subsequent system: name which.
    name: c.subCategory?.endsWith(' Impact') ? `${c.subCategory.slice(0, -' Impact'.length)} ${c.name}` : c.name,
    values: c.values.filter((v) => v.shortName !== 'X').map((v) => ({ short: v.shortName, name: v.name })),
  }));
})();

/** The metric values of a vector, or the calculator's complaint. */
function parseVector(text: string): { values: Record<string, string> } | { error: string } {
  try {
    const cvss = new Cvss4P0(text.trim());
    const values: Record<string, string> = {};
    for (const m of BASE_METRICS) {
      const v = cvss.getComponentByStringOpt(m.short);
      if (v && v.shortName !== 'X') values[m.short] = v.shortName;
    }
    return { values };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function withMetric(text: string, metric: string, value: string): string {
  const cvss = new Cvss4P0(text.trim());
  cvss.applyComponentString(metric, value);
  return cvss.toString();
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function SeverityCalculator({
  findingId,
  initialVector,
  initialFactors,
  onWritten,
}: {
  findingId: string;
  initialVector: string | null;
  initialFactors: AiFactorsInput | null;
  onWritten: () => void;
}) {
  const [vector, setVector] = useState(initialVector ?? DEFAULT_VECTOR);
  const [lastGood, setLastGood] = useState<Record<string, string>>(() => {
    const p = parseVector(initialVector ?? DEFAULT_VECTOR);
    return 'values' in p ? p.values : {};
  });
  const [factors, setFactors] = useState<AiFactorsInput>(() => {
    if (!initialFactors) return DEFAULT_FACTORS;
    const { capabilityDomain, universal, successRate, trials, exploitedInWild } = initialFactors;
    return { capabilityDomain, universal, successRate, trials, exploitedInWild };
  });
  const [rationale, setRationale] = useState('');
  const parsed = useMemo(() => parseVector(vector), [vector]);
  useEffect(() => {
    if ('values' in parsed) setLastGood(parsed.values);
  }, [parsed]);

  // Debounced by value (a string), so a re-render does not restart the timer or the query.
  const previewKey = useDebounced(JSON.stringify({ cvssVector: vector.trim(), aiFactors: factors }), 250);
  const preview = useMemo(() => JSON.parse(previewKey) as { cvssVector: string; aiFactors: AiFactorsInput }, [previewKey]);
  const [previewResult] = useQuery({ query: PreviewSeverityQuery, variables: preview, pause: 'error' in parseVector(preview.cvssVector) });
  const p = previewResult.data?.previewSeverity;
  const write = useWrite('assessFindingSeverity', AssessSeverityMutation, (d) => d.assessFindingSeverity, (x) => x.finding);

  const pick = (metric: string, value: string) => {
    const base = 'values' in parsed ? vector : DEFAULT_VECTOR;
    let next = withMetric(base, metric, value);
    // keep the other metrics the analyst had when the text was unparsable
    if (!('values' in parsed)) for (const [m, v] of Object.entries(lastGood)) if (m !== metric) next = withMetric(next, m, v);
    setVector(next);
  };
  const setFactor = <K extends keyof AiFactorsInput>(k: K, v: AiFactorsInput[K]) => setFactors((f) => ({ ...f, [k]: v }));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({ findingId, cvssVector: vector.trim(), aiFactors: factors, rationale: rationale.trim() || null });
    if (r.value) {
      setRationale('');
      onWritten();
    }
  };
  const shown = 'values' in parsed ? parsed.values : lastGood;

  return (
    <form className="write-form calculator" onSubmit={onSubmit} aria-label="CVSS v4.0 calculator">
      <label>
        CVSS v4.0 vector
        <input
          type="text"
          value={vector}
          onChange={(e) => setVector(e.target.value)}
          spellCheck={false}
          aria-invalid={'error' in parsed}
          aria-describedby="cvss-vector-problem"
          className="mono"
        />
      </label>
      <p id="cvss-vector-problem" className="small st-text-warn" role={'error' in parsed ? 'alert' : undefined}>
        {'error' in parsed ? `Not a CVSS v4.0 vector: ${parsed.error}` : ''}
      </p>
      <fieldset className="metric-grid">
        <legend>Base metrics</legend>
        {BASE_METRICS.map((m) => (
          <label key={m.short}>
            {m.name} ({m.short})
            <select value={shown[m.short] ?? ''} onChange={(e) => pick(m.short, e.target.value)}>
              {shown[m.short] ? null : <option value="">Not set</option>}
              {m.values.map((v) => (
                <option key={v.short} value={v.short}>
                  {v.name} ({v.short})
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <fieldset className="metric-grid">
        <legend>AI factors</legend>
        <label>
          Capability domain
          <select value={factors.capabilityDomain} onChange={(e) => setFactor('capabilityDomain', e.target.value as CapabilityDomain)}>
            {DOMAINS.map((d) => (
              <option key={d} value={d}>
                {human(d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Success rate (0–1)
          <input type="number" min={0} max={1} step={0.01} value={factors.successRate} onChange={(e) => setFactor('successRate', Number(e.target.value))} />
        </label>
        <label>
          Trials
          <input type="number" min={0} step={1} value={factors.trials} onChange={(e) => setFactor('trials', Math.trunc(Number(e.target.value)))} />
        </label>
        <label className="choice">
          <input type="checkbox" checked={factors.universal} onChange={(e) => setFactor('universal', e.target.checked)} /> Universal (works across domains)
        </label>
        <label className="choice">
          <input type="checkbox" checked={factors.exploitedInWild} onChange={(e) => setFactor('exploitedInWild', e.target.checked)} /> Exploited in the wild
        </label>
      </fieldset>
      <div className="preview" aria-live="polite" data-testid="severity-preview">
        {p?.preview ? (
          <>
            <strong>{p.preview.score.toFixed(1)}</strong> <SeverityBadge level={p.preview.level} /> {human(p.preview.interventionTier)}{' '}
            <span className="muted small">
              (CVSS {p.preview.cvssScore.toFixed(1)}, rule {p.preview.tierRule}, policy {p.preview.policyVersion})
            </span>
          </>
        ) : p?.errors.length ? (
          <span className="st-text-warn">{p.errors.map((e) => e.message).join(' ')}</span>
        ) : (
          <span className="muted">Score appears here.</span>
        )}
      </div>
      <label>
        Rationale (optional)
        <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} rows={2} maxLength={4000} />
      </label>
      <button type="submit" disabled={'error' in parsed || write.fetching}>
        Save assessment
      </button>
      <WriteOutcome result={write.last} success="Assessment saved." />
    </form>
  );
}
