/** One finding: severity breakdown, deadline clocks, disclosure obligations, timeline, references. */
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { FindingQuery } from '../operations';
import { useLiveRefresh } from '../live';
import { FindingActions } from '../actions/FindingActions';
import { BlastRadiusTree } from '../components/LineageTree';
import { Empty, ErrorState, LiveNotice, Loading, PageTitle, Section, SeverityBadge, StateBadge, Tag, When, duration, human } from '../components/ui';

export function FindingDetail() {
  const { publicId = '' } = useParams();
  const [result, refetch] = useQuery({ query: FindingQuery, variables: { publicId } });
  const f = result.data?.findingByPublicId;
  const [notice, dismiss] = useLiveRefresh(f ? [f.id, ...f.affectedVersions.map((v) => v.id)] : [], () =>
    refetch({ requestPolicy: 'network-only' }),
  );

  if (result.error && !result.data) return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what={`finding ${publicId}`} />;
  if (!f) {
    return (
      <>
        <PageTitle>Finding not found</PageTitle>
        <Empty>
          No finding has the id {publicId}. <Link to="/findings">Back to findings</Link>
        </Empty>
      </>
    );
  }
  const sev = f.currentSeverity;
  return (
    <>
      <PageTitle
        sub={
          <>
            <SeverityBadge level={sev?.level} /> <Tag>{human(f.status)}</Tag> <Tag>{human(f.category)}</Tag> {f.developer.name}
          </>
        }
      >{`${f.publicId}: ${f.title}`}</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      <div className="grid actions-grid">
        <FindingActions publicId={f.publicId} onWritten={() => refetch({ requestPolicy: 'network-only' })} />
      </div>
      <div className="grid">
        <Section title="Summary">
          <p>{f.summary}</p>
          <dl className="facts">
            <dt>Reported by</dt>
            <dd>{[f.reporterName, f.reporterOrganization?.name].filter(Boolean).join(', ') || '—'}</dd>
            <dt>Discovered</dt>
            <dd>
              <When at={f.discoveredAt} />
            </dd>
            <dt>Reported</dt>
            <dd>
              <When at={f.reportedAt} />
            </dd>
            <dt>Developer aware</dt>
            <dd>
              <When at={f.developerAwareAt} />
            </dd>
            <dt>Affected versions</dt>
            <dd>
              {f.affectedVersions.map((v, i) => (
                <span key={v.id}>
                  {i > 0 ? ', ' : ''}
                  <Link to={`/versions/${encodeURIComponent(v.id)}`}>{v.name}</Link> <span className="muted">({human(v.accessStatus)})</span>
                </span>
              ))}
            </dd>
            <dt>Fixed in</dt>
            <dd>{f.fixedInVersion ? <Link to={`/versions/${encodeURIComponent(f.fixedInVersion.id)}`}>{f.fixedInVersion.name}</Link> : 'No fix yet'}</dd>
          </dl>
        </Section>

        <Section title="Severity">
          {!sev ? (
            <Empty>Not yet assessed.</Empty>
          ) : (
            <dl className="facts">
              <dt>Score</dt>
              <dd>
                <strong>{sev.score.toFixed(1)}</strong> <SeverityBadge level={sev.level} /> <span className="muted">(CVSS {sev.cvssScore.toFixed(1)})</span>
              </dd>
              <dt>Intervention tier</dt>
              <dd>
                {human(sev.interventionTier)} <span className="muted">by rule {sev.tierRule}</span>
              </dd>
              <dt>CVSS v4.0 vector</dt>
              <dd>
                <code className="wrap">{sev.cvssVector}</code>
              </dd>
              <dt>AI factors</dt>
              <dd>
                domain {human(sev.aiFactors.capabilityDomain)}; {sev.aiFactors.universal ? 'universal' : 'not universal'}; success rate{' '}
                {Math.round(sev.aiFactors.successRate * 100)}% over {sev.aiFactors.trials} trials;{' '}
                {sev.aiFactors.exploitedInWild ? 'exploited in the wild' : 'not seen in the wild'}
              </dd>
              <dt>Assessed</dt>
              <dd>
                <When at={sev.assessedAt} /> by {sev.assessedBy}, policy {sev.policyVersion}, {sev.calculator}
              </dd>
              {sev.rationale ? (
                <>
                  <dt>Rationale</dt>
                  <dd>{sev.rationale}</dd>
                </>
              ) : null}
            </dl>
          )}
          {f.severityAssessments.length > 1 ? (
            <details>
              <summary>{f.severityAssessments.length} assessments</summary>
              <ul>
                {f.severityAssessments.map((a) => (
                  <li key={a.id}>
                    <When at={a.assessedAt} />: {a.score.toFixed(1)} {a.level}, {human(a.interventionTier)} ({a.assessedBy})
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </Section>

        <Section title="Deadlines">
          {!f.deadlines ? (
            <Empty>No policy was in force.</Empty>
          ) : (
            <>
              <ul className="clocks">
                {f.deadlines.deadlines.map((d) => (
                  <li key={d.kind} className={`clock clock-${d.state.toLowerCase()}`}>
                    <div className="clock-head">
                      <strong>{human(d.kind)}</strong>{' '}
                      {d.state === 'MET' && d.metAt && d.dueAt && Date.parse(d.metAt) > Date.parse(d.dueAt) ? (
                        <span className="badge st-warn" data-testid="met-late">
                          Met late
                        </span>
                      ) : (
                        <StateBadge state={d.state} />
                      )}
                    </div>
                    <div className="clock-time">
                      {d.state === 'OVERDUE' && d.secondsOverdue != null
                        ? `${duration(d.secondsOverdue)} late`
                        : d.secondsRemaining != null
                          ? `${duration(d.secondsRemaining)} left`
                          : d.state === 'MET' && d.metAt
                            ? d.dueAt && Date.parse(d.metAt) > Date.parse(d.dueAt)
                              ? `met ${duration((Date.parse(d.metAt) - Date.parse(d.dueAt)) / 1000)} late`
                              : 'met on time'
                            : ''}
                    </div>
                    <div className="muted">
                      {d.dueAt ? (
                        <>
                          due <When at={d.dueAt} />
                        </>
                      ) : null}
                      {d.metAt ? (
                        <>
                          {' '}
                          · met <When at={d.metAt} />
                        </>
                      ) : null}
                    </div>
                    <div className="small">{d.note}</div>
                  </li>
                ))}
              </ul>
              {f.deadlines.notes.map((n) => (
                <p key={n} className="muted">
                  {n}
                </p>
              ))}
              <p className="muted small">Policy {f.deadlines.policyVersion}.</p>
            </>
          )}
        </Section>

        <Section title="Disclosure obligations">
          {f.disclosureObligations.length === 0 ? (
            <Empty>No disclosure obligations.</Empty>
          ) : (
            <div className="scroll-x" tabIndex={0} role="region" aria-label="Disclosure obligations (scrolls sideways)">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Obligation</th>
                  <th scope="col">Audience</th>
                  <th scope="col">State</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {f.disclosureObligations.map((o) => (
                  <tr key={o.code}>
                    <td>
                      {o.description} <div className="muted small">{o.source}</div>
                    </td>
                    <td>{human(o.audience)}</td>
                    <td>
                      {o.required ? <StateBadge state={o.state} /> : <span className="muted">not required</span>}
                      {o.amendmentOutstanding ? <div className="small st-text-warn">Amendment outstanding</div> : null}
                      {o.satisfiedBy ? (
                        <div className="small muted">
                          satisfied <When at={o.satisfiedBy.disclosedAt} />
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <When at={o.dueAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </Section>

        <Section title="Status history">
          <ol className="timeline">
            {f.statusHistory.map((h, i) => (
              <li key={i}>
                <When at={h.occurredAt} /> — <strong>{human(h.to)}</strong>
                {h.from ? <span className="muted"> from {human(h.from)}</span> : null} <span className="muted">by {h.actor}</span>
                {h.reason ? <div className="small">{h.reason}</div> : null}
              </li>
            ))}
          </ol>
        </Section>

        <Section title="References and disclosures">
          {f.references.length === 0 ? (
            <p className="muted">No outside references.</p>
          ) : (
            <ul>
              {f.references.map((r) => (
                <li key={r.id}>
                  <Tag>{human(r.system)}</Tag> {r.url ? <a href={r.url} rel="noreferrer noopener">{r.identifier}</a> : r.identifier}
                  {r.atlasRelease ? <span className="muted"> (ATLAS {r.atlasRelease})</span> : null}
                </li>
              ))}
            </ul>
          )}
          {f.disclosures.length ? (
            <ul>
              {f.disclosures.map((d) => (
                <li key={d.id}>
                  <When at={d.disclosedAt} /> to {human(d.audience)} ({human(d.kind)}){d.summary ? `: ${d.summary}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No disclosures recorded.</p>
          )}
        </Section>

        <Section title="Restricted details">
          {f.restrictedDetails ? (
            <div className="restricted" data-testid="restricted-details">
              <p className="small st-text-warn">Restricted: exploit details. Do not copy outside the registry.</p>
              <dl className="facts">
                <dt>Reproduction</dt>
                <dd>{f.restrictedDetails.reproductionSteps ?? '—'}</dd>
                <dt>Prompts</dt>
                <dd>
                  <pre className="wrap">{f.restrictedDetails.prompts ?? '—'}</pre>
                </dd>
                {f.restrictedDetails.notes ? (
                  <>
                    <dt>Notes</dt>
                    <dd>{f.restrictedDetails.notes}</dd>
                  </>
                ) : null}
              </dl>
            </div>
          ) : (
            <p className="muted" data-testid="restricted-hidden">
              Not shown: only the developer, auditors of an affected version and government staff may read exploit details.
            </p>
          )}
        </Section>

        <BlastRadiusTree publicId={f.publicId} />
      </div>
    </>
  );
}
