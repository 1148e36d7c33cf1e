/** Auditors (accreditation status and expiry, conflicts) and audits (whether each counts, and why). */
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { AuditsQuery } from '../operations';
import { useLiveRefresh } from '../live';
import { Empty, ErrorState, LiveNotice, Loading, PageTitle, Section, Tag, When, duration, human } from '../components/ui';

/* Each table scrolls sideways on a phone in a focusable region, so the keyboard can scroll it too. */
export function Audits() {
  const [result, refetch] = useQuery({ query: AuditsQuery });
  const [notice, dismiss] = useLiveRefresh('any', () => refetch({ requestPolicy: 'network-only' }));
  if (result.error && !result.data) return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="audits" />;
  const auditors = result.data.organizations.edges.map((e) => e.node);
  const audits = result.data.audits.edges.map((e) => e.node);
  const now = Date.now();
  return (
    <>
      <PageTitle>Audits and auditors</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
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
        {audits.length === 0 ? (
          <Empty>No audits yet.</Empty>
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
                              <code>{r.code}</code> {r.message}
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
