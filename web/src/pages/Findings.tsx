/**
 * The findings table. Filters, sort and page live in the URL (deep links). Status, severity,
 * category, developer, version and text filter on the server, and the sort is the server's
 * `orderBy` (so it holds across pages; changing it starts again at the first page, since a cursor
 * belongs to one ordering). "Overdue only" is the server's `deadlineState: [OVERDUE]` filter, so it
 * holds across pages and in the total too.
 */
import { useMemo, useRef, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { FilterOptionsQuery, FindingsQuery } from '../operations';
import type { DeadlineState, FindingCategory, FindingOrderField, FindingStatus, SeverityLevel } from '../gql/graphql';
import { useLiveRefresh } from '../live';
import { ReportFindingLink } from '../actions/ReportFinding';
import { BulkTriage, useMayBulkTriage } from '../actions/BulkTriage';
import { ExportFindings } from '../actions/ExportFindings';
import { Empty, ErrorState, LiveNotice, Loading, OPEN_STATUSES, PageTitle, SEVERITIES, SeverityBadge, StateBadge, When, human, FilterSelect, codeOptions } from '../components/ui';

const STATUSES: FindingStatus[] = ['REPORTED', 'TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED', 'CLOSED', 'REJECTED', 'WITHDRAWN'];
const CATEGORIES: FindingCategory[] = [
  'JAILBREAK',
  'PROMPT_INJECTION',
  'DATA_EXFILTRATION',
  'WEIGHT_EXFILTRATION',
  'CBRN_UPLIFT',
  'CYBER_OFFENSE_UPLIFT',
  'MODEL_POISONING',
  'OTHER',
];
const PAGE_SIZE = 25;

type SortKey = 'reported' | 'severity' | 'publicId' | 'status';
const ORDER_FIELD: Record<SortKey, FindingOrderField> = { reported: 'REPORTED_AT', severity: 'SEVERITY', publicId: 'PUBLIC_ID', status: 'STATUS' };

export function Findings() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const severity = params.get('severity') ?? '';
  const category = params.get('category') ?? '';
  const developer = params.get('developer') ?? '';
  const version = params.get('version') ?? '';
  const text = params.get('q') ?? '';
  const overdue = params.get('overdue') === '1';
  const rawSort = params.get('sort');
  const sort: SortKey = rawSort && rawSort in ORDER_FIELD ? (rawSort as SortKey) : 'reported';
  const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
  const after = params.get('after');
  const before = params.get('before');
  const searchRef = useRef<HTMLInputElement>(null);

  const filter = useMemo(
    () => ({
      status: status === 'open' ? [...OPEN_STATUSES] : status ? [status as FindingStatus] : undefined,
      severityLevel: severity ? [severity as SeverityLevel] : undefined,
      category: category ? [category as FindingCategory] : undefined,
      developerId: developer || undefined,
      modelVersionId: version || undefined,
      text: text || undefined,
      deadlineState: overdue ? (['OVERDUE'] as DeadlineState[]) : undefined,
    }),
    [status, severity, category, developer, version, text, overdue],
  );
  const orderBy = { field: ORDER_FIELD[sort], direction: dir === 'asc' ? ('ASC' as const) : ('DESC' as const) };
  const variables = before ? { last: PAGE_SIZE, before, filter, orderBy } : { first: PAGE_SIZE, after, filter, orderBy };
  const [result, refetch] = useQuery({ query: FindingsQuery, variables });
  const [options] = useQuery({ query: FilterOptionsQuery });
  const [notice, dismiss] = useLiveRefresh('any', () => refetch({ requestPolicy: 'network-only' }));
  const mayBulk = useMayBulkTriage();
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  // "/" focuses the search box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const update = (changes: Record<string, string | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) {
      next.delete('after');
      next.delete('before');
    }
    setParams(next);
  };

  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    update({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim() });
  };

  // The server filters (overdue included) and orders the rows.
  const rows = useMemo(() => (result.data?.findings.edges ?? []).map((e) => e.node), [result.data]);

  const sortHeader = (key: SortKey, label: string) => {
    const active = sort === key;
    return (
      <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" onClick={() => update({ sort: key, dir: active && dir === 'desc' ? 'asc' : 'desc' })}>
          {label} <span aria-hidden="true">{active ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
        </button>
      </th>
    );
  };

  const page = result.data?.findings;
  return (
    <>
      <PageTitle
        sub={
          <>
            {page ? `${page.totalCount} matching findings` : null} <ReportFindingLink />
          </>
        }
      >
        Findings
      </PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      <form className="filters" role="search" aria-label="Filter findings" onSubmit={onSearch}>
        <label>
          Search
          <input ref={searchRef} name="q" type="search" defaultValue={text} key={text} placeholder="Id, title or summary (press /)" />
        </label>
        <FilterSelect label="Status" value={status} onChange={(v) => update({ status: v })} options={[{ value: 'open', label: 'Open (not yet verified)' }, ...codeOptions(STATUSES)]} />
        <FilterSelect label="Severity" value={severity} onChange={(v) => update({ severity: v })} options={codeOptions(SEVERITIES)} />
        <FilterSelect label="Category" value={category} onChange={(v) => update({ category: v })} options={codeOptions(CATEGORIES)} />
        <FilterSelect
          label="Developer"
          value={developer}
          onChange={(v) => update({ developer: v })}
          options={(options.data?.organizations.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
        />
        <FilterSelect
          label="Model version"
          value={version}
          onChange={(v) => update({ version: v })}
          options={(options.data?.modelVersions.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
        />
        <label className="checkbox">
          <input type="checkbox" checked={overdue} onChange={(e) => update({ overdue: e.target.checked ? '1' : null })} />
          Overdue only
        </label>
        <button type="submit">Apply</button>
      </form>

      <div className="list-actions">
        <ExportFindings filter={filter} orderBy={orderBy} />
      </div>
      {mayBulk && selected.length > 0 ? (
        <BulkTriage selected={selected} onDone={() => refetch({ requestPolicy: 'network-only' })} onClear={() => setSelected([])} />
      ) : null}
      {result.error && !result.data ? <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {result.fetching && !result.data ? <Loading what="findings" /> : null}
      {page ? (
        rows.length === 0 ? (
          <Empty>No findings match these filters.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Findings">
              <thead>
                <tr>
                  {mayBulk ? (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select every finding on this page"
                        checked={rows.length > 0 && rows.every((r) => selected.includes(r.id))}
                        onChange={(e) => setSelected(e.target.checked ? [...new Set([...selected, ...rows.map((r) => r.id)])] : selected.filter((id) => !rows.some((r) => r.id === id)))}
                      />
                    </th>
                  ) : null}
                  {sortHeader('publicId', 'Id')}
                  <th scope="col">Title</th>
                  {sortHeader('severity', 'Severity')}
                  {sortHeader('status', 'Status')}
                  <th scope="col">Category</th>
                  <th scope="col">Developer</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Deadlines</th>
                  <th scope="col">Owner</th>
                  {sortHeader('reported', 'Reported')}
                </tr>
              </thead>
              <tbody>
                {rows.map((f) => {
                  const late = f.deadlines?.deadlines.filter((d) => d.state === 'OVERDUE') ?? [];
                  const soon = f.deadlines?.deadlines.filter((d) => d.state === 'DUE_SOON') ?? [];
                  return (
                    <tr key={f.id}>
                      {mayBulk ? (
                        <td>
                          <input type="checkbox" aria-label={`Select ${f.publicId}`} checked={selected.includes(f.id)} onChange={() => toggle(f.id)} />
                        </td>
                      ) : null}
                      <td>
                        <Link to={`/findings/${f.publicId}`}>{f.publicId}</Link>
                      </td>
                      <td>{f.title}</td>
                      <td>
                        <SeverityBadge level={f.currentSeverity?.level} /> {f.currentSeverity ? <span className="muted">{f.currentSeverity.score.toFixed(1)}</span> : null}
                      </td>
                      <td>{human(f.status)}</td>
                      <td>{human(f.category)}</td>
                      <td>{f.developer.name}</td>
                      <td>{f.affectedVersions.map((v) => v.name).join(', ')}</td>
                      <td>
                        {late.length ? <StateBadge state="OVERDUE" /> : soon.length ? <StateBadge state="DUE_SOON" /> : <span className="muted">—</span>}
                      </td>
                      <td>{f.assignment?.assignee ?? <span className="muted">—</span>}</td>
                      <td>
                        <When at={f.reportedAt} dateOnly />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {page ? (
        <nav className="pager" aria-label="Pages of findings">
          <button type="button" disabled={!page.pageInfo.hasPreviousPage && !after} onClick={() => update({ before: page.pageInfo.startCursor, after: null }, true)}>
            ← Previous
          </button>
          <button type="button" disabled={!page.pageInfo.hasNextPage && !before} onClick={() => update({ after: page.pageInfo.endCursor, before: null }, true)}>
            Next →
          </button>
          <span className="muted">Filtered and sorted across all pages.</span>
        </nav>
      ) : null}
    </>
  );
}
