/** Auditors (accreditation status and expiry, conflicts) and audits (whether each counts, and why). */
import { Link, useSearchParams } from 'react-router-dom';
import { useRef } from 'react';
import { useQuery } from 'urql';
import { AuditsQuery, FilterOptionsQuery } from '../operations';
import type { AuditFilter, AuditKind, AuditOutcome, AuditStatus } from '../gql/graphql';
import { ExportAudits } from '../actions/ExportLists';
import { useLiveRefresh } from '../live';
import { AuditorActions } from '../actions/AuditActions';
import { AccreditationActions } from '../actions/AccreditationActions';
import { Empty, ErrorState, FilterSelect, LiveNotice, Loading, PageTitle, Section, Tag, When, codeOptions, duration, human, readableTimes } from '../components/ui';

/* Each table scrolls sideways on a phone in a focusable region, so the keyboard can scroll it too. */
export function Audits() {
  const [params, setParams] = useSearchParams();
  const version = params.get('version') ?? '';
  const auditor = params.get('auditor') ?? '';
  const kind = params.get('kind') ?? '';
  const status = params.get('status') ?? '';
  const outcome = params.get('outcome') ?? '';
  const filter: AuditFilter = {
    modelVersionId: version || undefined,
    auditorId: auditor || undefined,
    kind: (kind || undefined) as AuditKind | undefined,
    status: (status || undefined) as AuditStatus | undefined,
    outcome: outcome ? [outcome as AuditOutcome] : undefined,
  };
  // From the current URL, not this render's: two quick changes must both hold.
  const update = (key: string, value: string) =>
    setParams(() => {
      const next = new URLSearchParams(window.location.search);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const [options] = useQuery({ query: FilterOptionsQuery });
  const [result, refetch] = useQuery({ query: AuditsQuery, variables: { filter } });
  const [notice, dismiss] = useLiveRefresh('any', () => refetch({ requestPolicy: 'network-only' }));
  // The last answer stays on screen while another filter's is fetched (the filters keep their focus).
  const shown = useRef(result.data);
  if (result.data) shown.current = result.data;
  const data = shown.current;
  if (result.error && !data) return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return <Loading what="audits" />;
  const auditors = data.organizations.edges.map((e) => e.node);
  const audits = data.audits.edges.map((e) => e.node);
  const now = Date.now();
  return (
    <>
      <PageTitle>Audits and auditors</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      <AuditorActions onWritten={() => refetch({ requestPolicy: 'network-only' })} />
      <AccreditationActions onWritten={() => refetch({ requestPolicy: 'network-only' })} />
      <Section title="Auditors">
        {auditors.length === 0 ? (
          <Empty>No auditors registered.</Empty>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Auditors and accreditations (scrolls sideways)">
          <table className="table" aria-label="Auditors and accreditations">
            <thead>
              <tr>
                <th scope="col">Auditor</th>
                <th scope="col">Accreditation</th>
                <th scope="col">Scopes</th>
                <th scope="col">Status</th>
                <th scope="col">Valid until</th>
                <th scope="col">Conflicts of interest</th>
              </tr>
            </thead>
            <tbody>
              {auditors.flatMap((o) => {
                const accs = o.accreditations.length ? o.accreditations : [null];
                return accs.map((a, i) => {
                  const left = a?.validUntil ? (new Date(a.validUntil).getTime() - now) / 1000 : null;
                  return (
                    <tr key={`${o.id}-${a?.id ?? 'none'}`}>
                      {i === 0 ? (
                        <th scope="row" rowSpan={accs.length}>
                          {o.name} <span className="muted">({o.countryCode})</span>
                        </th>
                      ) : null}
                      <td>{a ? a.body : <span className="muted">No accreditation</span>}</td>
                      <td>{a?.scopes.map((s) => <Tag key={s}>{human(s)}</Tag>)}</td>
                      <td>{a ? <span className={`badge ${a.status === 'ACTIVE' ? 'st-ok' : 'st-bad'}`}>{human(a.status)}</span> : null}</td>
                      <td>
                        {a ? (
                          <>
                            <When at={a.validUntil} dateOnly />{' '}
                            {left != null ? (
                              <span className={left < 0 ? 'st-text-bad small' : left < 90 * 86400 ? 'st-text-warn small' : 'muted small'}>
                                {left < 0 ? `expired ${duration(left)} ago` : `${duration(left)} left`}
                              </span>
                            ) : (
                              <span className="muted small">open-ended</span>
                            )}
                          </>
                        ) : null}
                      </td>
                      {i === 0 ? (
                        <td rowSpan={accs.length}>
                          {o.conflictsOfInterest.length === 0
                            ? '—'
                            : o.conflictsOfInterest.map((c) => (
                                <div key={c.id} className="small">
                                  {c.developer.name}: {c.description} (<When at={c.periodStart} dateOnly /> – {c.periodEnd ? <When at={c.periodEnd} dateOnly /> : 'ongoing'})
                                </div>
                              ))}
                        </td>
                      ) : null}
                    </tr>
                  );
                });
              })}
            </tbody>
          </table>
          </div>
        )}
      </Section>
      <Section title="Audits">
        <form className="filters" aria-label="Filter audits" onSubmit={(e) => e.preventDefault()}>
          <FilterSelect
            label="Model version"
            value={version}
            onChange={(v) => update('version', v)}
            options={(options.data?.modelVersions.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
          />
          <FilterSelect label="Auditor" value={auditor} onChange={(v) => update('auditor', v)} options={auditors.map((o) => ({ value: o.id, label: o.name }))} />
          <FilterSelect label="Kind" value={kind} onChange={(v) => update('kind', v)} options={codeOptions(['INITIAL', 'RETEST'])} />
          <FilterSelect label="Status" value={status} onChange={(v) => update('status', v)} options={codeOptions(['OPEN', 'COMPLETED'])} />
          <FilterSelect label="Outcome" value={outcome} onChange={(v) => update('outcome', v)} options={codeOptions(['PASS', 'PASS_WITH_FINDINGS', 'FAIL'])} />
        </form>
        <p className="muted small">
          {data.audits.totalCount} audit{data.audits.totalCount === 1 ? '' : 's'} match <ExportAudits filter={filter} />
        </p>
        {audits.length === 0 ? (
          <Empty>No audits match these filters.</Empty>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Audits (scrolls sideways)">
          <table className="table" aria-label="Audits">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Auditor</th>
                <th scope="col">Kind</th>
                <th scope="col">Scopes</th>
                <th scope="col">Completed</th>
                <th scope="col">Outcome</th>
                <th scope="col">Counts toward eligibility?</th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/versions/${encodeURIComponent(a.modelVersion.id)}`}>{a.modelVersion.name}</Link>
                  </td>
                  <td>{a.auditor.name}</td>
                  <td>
                    {human(a.kind)}
                    {a.findings.length ? (
                      <div className="small muted">
                        {a.findings.map((f) => `${human(f.role)} ${f.finding.publicId}${f.retestResult ? ` (${f.retestResult})` : ''}`).join(', ')}
                      </div>
                    ) : null}
                  </td>
                  <td>{a.scopes.map((s) => <Tag key={s}>{human(s)}</Tag>)}</td>
                  <td>{a.completedAt ? <When at={a.completedAt} dateOnly /> : <span className="muted">open since <When at={a.startedAt} dateOnly /></span>}</td>
                  <td>{a.outcome ? human(a.outcome) : '—'}</td>
                  <td>
                    {a.qualification ? (
                      <>
                        <span className={`badge ${a.qualification.counts ? 'st-ok' : 'st-bad'}`}>{a.qualification.counts ? 'Counts' : 'Does not count'}</span>
                        <ul className="small reasons">
                          {a.qualification.reasons.map((r, i) => (
                            <li key={i}>
                              <code>{r.code}</code> {readableTimes(r.message)}
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : (
                      <span className="muted">no policy in force</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Section>
    </>
  );
}
