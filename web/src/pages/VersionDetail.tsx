/**
 * One model version and its eligibility matrix: every jurisdiction grouped by tier, coloured by
 * outcome. Selecting a cell shows the reasons and the path to eligibility; `asOf` replays the
 * matrix at a past moment. The selected cell and the moment are in the URL.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { ModelVersionQuery } from '../operations';
import type { ModelVersionQuery as ModelVersionResult } from '../gql/graphql';
import { useLiveRefresh } from '../live';
import { OverrideControls } from '../actions/OverrideControls';
import { VersionLineage } from '../components/LineageTree';
import {
  Empty,
  ErrorState,
  LiveNotice,
  Loading,
  OUTCOME_COLORS,
  OUTCOME_SYMBOLS,
  OUTCOMES,
  OutcomeBadge,
  PageTitle,
  Section,
  SeverityBadge,
  Tag,
  TIERS,
  When,
  human,
  readableTimes,
} from '../components/ui';

type Cell = NonNullable<ModelVersionResult['modelVersion']>['eligibilityMatrix'][number];

/** `2026-11-01T10:00` (typed in UTC, seconds optional) → ISO; invalid → null. */
function toIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const d = new Date(`${local.length === 16 ? `${local}:00` : local}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * The as-of moment, typed and shown in UTC (a `datetime-local` input would show the browser's
 * local format under a UTC label). Applied on Enter or when the field is left.
 */
function AsOfInput({ value, onChange }: { value: string; onChange: (value: string | null) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const apply = () => {
    if (draft.trim() !== value) onChange(draft.trim() || null);
  };
  return (
    <label>
      As of (UTC, YYYY-MM-DDTHH:MM){' '}
      <input
        type="text"
        inputMode="numeric"
        placeholder="2026-11-01T10:00"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          }
        }}
        aria-describedby="asof-help"
        size={17}
      />
    </label>
  );
}

export function VersionDetail() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOfInput = params.get('asOf') ?? '';
  const asOf = toIso(asOfInput);
  const selected = params.get('cell');
  const [result, refetch] = useQuery({ query: ModelVersionQuery, variables: { id, asOf } });
  const [notice, dismiss] = useLiveRefresh(asOf ? [] : [id], () => refetch({ requestPolicy: 'network-only' }));
  const v = result.data?.modelVersion;

  const set = (k: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(k, value);
    else next.delete(k);
    setParams(next, { replace: k === 'cell' });
  };

  if (result.error && !result.data) return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="the model version" />;
  if (!v) {
    return (
      <>
        <PageTitle>Model version not found</PageTitle>
        <Empty>
          No model version has this id. <Link to="/versions">Back to model versions</Link>
        </Empty>
      </>
    );
  }
  const cell = v.eligibilityMatrix.find((c) => c.jurisdiction.code === selected) ?? null;

  return (
    <>
      <PageTitle
        sub={
          <>
            {v.model.name} by {v.developer.name} · <Tag>{human(v.accessStatus)}</Tag> · released <When at={v.releasedAt} dateOnly /> ·{' '}
            {v.trainingComputeOps != null ? `${v.trainingComputeOps.toExponential(1)} ops` : 'compute undisclosed'} · {human(v.weightAvailability)} ·{' '}
            {v.capabilityDomains.map(human).join(', ')} · <Link to={`/versions/${encodeURIComponent(v.id)}/report`}>Printable decision report</Link>
          </>
        }
      >
        {v.name}
      </PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />

      <Section title="Eligibility matrix" id="matrix">
        <div className="matrix-toolbar">
          <AsOfInput value={asOfInput} onChange={(value) => set('asOf', value)} />
          {asOfInput ? (
            <button type="button" onClick={() => set('asOf', null)}>
              Back to now
            </button>
          ) : null}
          <span id="asof-help" className="muted small">
            {asOf ? (
              <>
                Replaying the matrix as the registry knew things at <When at={asOf} /> (policy then in force).
              </>
            ) : asOfInput ? (
              'Not a time: write it in UTC as YYYY-MM-DDTHH:MM. Evaluated now; updates live.'
            ) : (
              'Evaluated now; updates live.'
            )}
          </span>
          {result.fetching ? <span className="muted small" role="status">Updating…</span> : null}
        </div>
        <Legend />
        <JurisdictionSearch cells={v.eligibilityMatrix} onSelect={(code) => set('cell', code)} />
        <Matrix cells={v.eligibilityMatrix} selected={selected} onSelect={(code) => set('cell', code)} />
        <div aria-live="polite">
          {cell ? <CellDetail cell={cell} onClose={() => set('cell', null)} actions={asOf ? null : <OverrideControls versionId={v.id} cell={cell} onWritten={() => refetch({ requestPolicy: 'network-only' })} />} /> : <p className="muted">Select a jurisdiction to see why, and what would make it eligible.</p>}
        </div>
      </Section>

      <div className="grid">
        <Section title="Findings affecting this version">
          {v.findings.length === 0 ? (
            <Empty>No findings.</Empty>
          ) : (
            <ul>
              {v.findings.map((f) => (
                <li key={f.id}>
                  <Link to={`/findings/${f.publicId}`}>{f.publicId}</Link> <SeverityBadge level={f.currentSeverity?.level} /> {f.title}{' '}
                  <span className="muted">({human(f.status)})</span>
                </li>
              ))}
            </ul>
          )}
          {v.fixedFindings.length ? (
            <p>
              Fixes shipped here:{' '}
              {v.fixedFindings.map((f, i) => (
                <span key={f.id}>
                  {i ? ', ' : ''}
                  <Link to={`/findings/${f.publicId}`}>{f.publicId}</Link>
                </span>
              ))}
            </p>
          ) : null}
        </Section>
        <Section title="Audits">
          {v.audits.length === 0 ? (
            <Empty>No audits.</Empty>
          ) : (
            <ul>
              {v.audits.map((a) => (
                <li key={a.id}>
                  {human(a.kind)} by {a.auditor.name}: {a.outcome ? human(a.outcome) : 'open'} <When at={a.completedAt} dateOnly />{' '}
                  {a.qualification ? (
                    <span className={`badge ${a.qualification.counts ? 'st-ok' : 'st-bad'}`}>{a.qualification.counts ? 'counts' : 'does not count'}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/audits">All audits and auditors</Link>
          </p>
        </Section>
        <VersionLineage versionId={v.id} />
        <Section title="Access status history">
          <ol className="timeline">
            {v.accessStatusHistory.map((h, i) => (
              <li key={i}>
                <When at={h.occurredAt} /> — <strong>{human(h.to)}</strong> {h.reason ? `(${h.reason})` : ''} <span className="muted">by {h.actor}</span>
              </li>
            ))}
          </ol>
        </Section>
      </div>
    </>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Outcome colours">
      {OUTCOMES.map((o) => (
        <li key={o}>
          <span className="swatch" style={{ background: OUTCOME_COLORS[o] }} aria-hidden="true">
            {OUTCOME_SYMBOLS[o]}
          </span>{' '}
          {human(o)}
        </li>
      ))}
    </ul>
  );
}

/** Find a jurisdiction by name or code: picking one (or typing it whole) selects its cell. */
function JurisdictionSearch({ cells, onSelect }: { cells: Cell[]; onSelect: (code: string) => void }) {
  const label = (c: Cell) => `${c.jurisdiction.name} (${c.jurisdiction.code})`;
  const pick = (text: string) => {
    const t = text.trim().toLowerCase();
    if (!t) return;
    const hit =
      cells.find((c) => label(c).toLowerCase() === t || c.jurisdiction.code.toLowerCase() === t || c.jurisdiction.name.toLowerCase() === t) ??
      cells.find((c) => c.jurisdiction.name.toLowerCase().startsWith(t));
    if (hit) onSelect(hit.jurisdiction.code);
  };
  return (
    <label className="jurisdiction-search">
      Find a jurisdiction{' '}
      <input
        type="search"
        list="jurisdiction-names"
        placeholder="Country name or code"
        onChange={(e) => {
          if (cells.some((c) => label(c) === e.target.value)) pick(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            pick(e.currentTarget.value);
          }
        }}
      />
      <datalist id="jurisdiction-names">
        {cells.map((c) => (
          <option key={c.jurisdiction.code} value={label(c)} />
        ))}
      </datalist>
    </label>
  );
}

/**
 * The index (in `order`) of the cell in the next row down (direction 1) or up (-1) as laid out on
 * screen — the cells wrap, and the tiers are separate blocks — closest horizontally to `code`'s
 * cell; null when there is no such row.
 */
function cellInNextRow(order: string[], els: Map<string, HTMLButtonElement>, code: string, direction: 1 | -1): number | null {
  const from = els.get(code)?.getBoundingClientRect();
  if (!from) return null;
  const centre = (r: DOMRect) => r.left + r.width / 2;
  let rowTop: number | null = null;
  let best: { index: number; dx: number } | null = null;
  const rects = order.map((c) => els.get(c)?.getBoundingClientRect() ?? null);
  // The nearest row beyond this one: the smallest top below (or largest above).
  for (const r of rects) {
    if (!r) continue;
    const beyond = direction === 1 ? r.top > from.top + from.height / 2 : r.top < from.top - from.height / 2;
    if (beyond && (rowTop === null || (direction === 1 ? r.top < rowTop : r.top > rowTop))) rowTop = r.top;
  }
  if (rowTop === null) return null;
  rects.forEach((r, index) => {
    if (!r || Math.abs(r.top - rowTop!) > 1) return;
    const dx = Math.abs(centre(r) - centre(from));
    if (!best || dx < best.dx) best = { index, dx };
  });
  return (best as { index: number; dx: number } | null)?.index ?? null;
}

/** Cells are buttons with a roving tab stop: Tab enters the matrix, arrows/Home/End move, Enter selects. */
function Matrix({ cells, selected, onSelect }: { cells: Cell[]; selected: string | null; onSelect: (code: string) => void }) {
  const groups = useMemo(() => TIERS.map((tier) => ({ tier, cells: cells.filter((c) => c.tier === tier) })), [cells]);
  const order = useMemo(() => groups.flatMap((g) => g.cells.map((c) => c.jurisdiction.code)), [groups]);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const focusCode = selected && order.includes(selected) ? selected : order[0];

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, code: string) => {
    const i = order.indexOf(code);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    let next: number | null = null;
    if (step) next = Math.max(0, Math.min(order.length - 1, i + step));
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const below = cellInNextRow(order, refs.current, code, e.key === 'ArrowDown' ? 1 : -1);
      if (below !== null) next = below;
      else next = i; // the first or last row: stay
    }
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = order.length - 1;
    if (next === null) return;
    e.preventDefault();
    const nextCode = order[next]!;
    refs.current.get(nextCode)?.focus();
    refs.current.forEach((el, c) => (el.tabIndex = c === nextCode ? 0 : -1));
  };

  if (cells.length === 0) return <Empty>No jurisdictions, or no policy was in force at that moment.</Empty>;
  return (
    <div className="matrix" data-testid="eligibility-matrix">
      {groups.map((g) => {
        const counts = OUTCOMES.map((o) => [o, g.cells.filter((c) => c.outcome === o).length] as const).filter(([, n]) => n > 0);
        return (
          <div key={g.tier} className="matrix-group" role="group" aria-labelledby={`tier-${g.tier}`}>
            <h3 id={`tier-${g.tier}`}>
              {human(g.tier)} <span className="muted small">{counts.map(([o, n]) => `${n} ${o.toLowerCase()}`).join(' · ')}</span>
            </h3>
            <div className="cells">
              {g.cells.map((c) => (
                <button
                  key={c.jurisdiction.code}
                  ref={(el) => {
                    if (el) refs.current.set(c.jurisdiction.code, el);
                    else refs.current.delete(c.jurisdiction.code);
                  }}
                  type="button"
                  className={`cell${selected === c.jurisdiction.code ? ' selected' : ''}${c.override ? ' overridden' : ''}`}
                  style={{ background: OUTCOME_COLORS[c.outcome] }}
                  tabIndex={c.jurisdiction.code === focusCode ? 0 : -1}
                  aria-pressed={selected === c.jurisdiction.code}
                  title={`${c.jurisdiction.name}: ${c.outcome}`}
                  data-code={c.jurisdiction.code}
                  data-outcome={c.outcome}
                  onClick={() => onSelect(c.jurisdiction.code)}
                  onKeyDown={(e) => onKeyDown(e, c.jurisdiction.code)}
                >
                  {/* The name is the visible code plus hidden words (no aria-label: axe label-content-name-mismatch). */}
                  {c.jurisdiction.code}
                  <span className="visually-hidden">{` ${c.jurisdiction.name}: ${c.outcome}${c.override ? ', overridden' : ''}`}</span>
                  {/* Drawn by CSS from the attribute: no text node, so the cell's visible text is its code (axe label-content-name-mismatch). */}
                  <span className="cell-symbol" aria-hidden="true" data-symbol={OUTCOME_SYMBOLS[c.outcome]} />
                </button>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function CellDetail({ cell, onClose, actions }: { cell: Cell; onClose: () => void; actions?: ReactNode }) {
  return (
    <div className="cell-detail" data-testid="cell-detail">
      <div className="cell-detail-head">
        <h3>
          {cell.jurisdiction.name} ({cell.jurisdiction.code}) · {human(cell.tier)}: <OutcomeBadge outcome={cell.outcome} />
        </h3>
        <button type="button" onClick={onClose} aria-label="Close jurisdiction details">
          ✕
        </button>
      </div>
      {cell.computedOutcome !== cell.outcome ? <p>The policy rules give {cell.computedOutcome}; an override is in force.</p> : null}
      {cell.override ? (
        <p className="override">
          Override to {cell.override.outcome} by {cell.override.setBy} (<When at={cell.override.setAt} />
          {cell.override.expiresAt ? (
            <>
              , expires <When at={cell.override.expiresAt} />
            </>
          ) : (
            ', until lifted'
          )}
          ): {cell.override.justification}
        </p>
      ) : null}
      <h4>Reasons</h4>
      <ul>
        {cell.reasons.map((r, i) => (
          <li key={i}>
            <code>{r.code}</code> {readableTimes(r.message)}
            {r.findingPublicIds.map((p) => (
              <span key={p}>
                {' '}
                <Link to={`/findings/${p}`}>{p}</Link>
              </span>
            ))}
          </li>
        ))}
      </ul>
      <h4>Path to eligibility</h4>
      {cell.pathToEligibility.length === 0 ? (
        <p>Nothing blocks eligibility.</p>
      ) : (
        <ol>
          {cell.pathToEligibility.map((p, i) => (
            <li key={i}>
              {readableTimes(p.message)} <strong>Cleared by:</strong> {readableTimes(p.clearedBy)}
              {p.findingPublicIds.map((id) => (
                <span key={id}>
                  {' '}
                  <Link to={`/findings/${id}`}>{id}</Link>
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
      <p className="muted small">
        Policy {cell.policyVersion}, evaluated <When at={cell.evaluatedAt} />.
      </p>
      {actions}
    </div>
  );
}
