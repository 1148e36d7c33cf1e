/**
 * Stored export decisions: every override in force within the filters (the server's `hasOverride`,
 * not just the page shown), a filterable, paginated table (overrides marked, with justification
 * and expiry) and a decision page with its full history.
 */
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { DecisionOverridesQuery, DecisionQuery, DecisionsQuery, FilterOptionsQuery } from '../operations';
import type { ExportOutcome, JurisdictionTier } from '../gql/graphql';
import { useLiveRefresh } from '../live';
import { JurisdictionOptionsQuery } from '../actions/operations';
import { ExportDecisions } from '../actions/ExportLists';
import { Empty, ErrorState, LiveNotice, Loading, OUTCOMES, OutcomeBadge, PageTitle, Section, TIERS, When, human, FilterSelect, codeOptions, readableTimes } from '../components/ui';

const PAGE_SIZE = 50;

export function Decisions() {
  const [params, setParams] = useSearchParams();
  const version = params.get('version') ?? '';
  const code = (params.get('jurisdiction') ?? '').toUpperCase();
  const tier = params.get('tier') ?? '';
  const outcome = params.get('outcome') ?? '';
  const overridden = params.get('override') ?? '';
  const after = params.get('after');
  const before = params.get('before');
  const filter = {
    modelVersionId: version || undefined,
    jurisdictionCode: code || undefined,
    tier: (tier || undefined) as JurisdictionTier | undefined,
    outcome: outcome ? [outcome as ExportOutcome] : undefined,
    hasOverride: overridden === 'yes' ? true : overridden === 'no' ? false : undefined,
  };
  const [result, refetch] = useQuery({
    query: DecisionsQuery,
    variables: before ? { last: PAGE_SIZE, before, filter } : { first: PAGE_SIZE, after, filter },
  });
  const [overridesResult, refetchOverrides] = useQuery({
    query: DecisionOverridesQuery,
    variables: { filter: { ...filter, hasOverride: true } },
    pause: overridden === 'no',
  });
  const [options] = useQuery({ query: FilterOptionsQuery });
  const [notice, dismiss] = useLiveRefresh('any', () => {
    refetch({ requestPolicy: 'network-only' });
    if (overridden !== 'no') refetchOverrides({ requestPolicy: 'network-only' });
  });

  const update = (changes: Record<string, string | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepPage) {
      next.delete('after');
      next.delete('before');
    }
    setParams(next);
  };

  const page = result.data?.exportDecisions;
  const [jurisdictions] = useQuery({ query: JurisdictionOptionsQuery });
  const rows = page?.edges.map((e) => e.node) ?? [];
  const overridePage = overridesResult.data?.exportDecisions;
  const overrides = overridePage?.edges.map((e) => e.node).filter((d) => d.override) ?? [];
  return (
    <>
      <PageTitle sub={page ? `${page.totalCount} stored decisions match` : undefined}>Export decisions</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      <form className="filters" aria-label="Filter decisions" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Model version"
          value={version}
          onChange={(v) => update({ version: v })}
          options={(options.data?.modelVersions.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
        />
        <FilterSelect
          label="Jurisdiction"
          value={code}
          onChange={(v) => update({ jurisdiction: v })}
          options={(jurisdictions.data?.jurisdictions ?? []).map((j) => ({ value: j.code, label: `${j.name} (${j.code})` }))}
        />
        <FilterSelect label="Tier" value={tier} onChange={(v) => update({ tier: v })} options={codeOptions(TIERS)} />
        <FilterSelect label="Outcome" value={outcome} onChange={(v) => update({ outcome: v })} options={codeOptions(OUTCOMES)} />
        <FilterSelect label="Override" value={overridden} onChange={(v) => update({ override: v })} options={[{ value: 'yes', label: 'In force' }, { value: 'no', label: 'None in force' }]} />
      </form>
      <ExportDecisions filter={filter} />
      {result.error && !result.data ? <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!result.data && !result.error ? <Loading what="decisions" /> : null}
      {page ? (
        <>
          <Section title="Overrides in force">
            {overridden === 'no' ? (
              <p className="muted">Showing only decisions without an override in force.</p>
            ) : overridesResult.error && !overridePage ? (
              <ErrorState error={overridesResult.error} retry={() => refetchOverrides({ requestPolicy: 'network-only' })} />
            ) : !overridePage ? (
              <Loading what="overrides" />
            ) : overrides.length === 0 ? (
              <p className="muted">No regulator override in force among the decisions matching these filters.</p>
            ) : (
              <>
                <p className="muted" data-testid="override-count">
                  {overridePage.totalCount} override{overridePage.totalCount === 1 ? '' : 's'} in force match these filters
                  {overridePage.totalCount > overrides.length ? ` (the first ${overrides.length} listed; choose “Override: in force” to page through them all)` : ''}.
                </p>
                <ul aria-label="Overrides in force">
                  {overrides.map((d) => (
                    <li key={d.id}>
                      <Link to={`/decisions/${encodeURIComponent(d.id)}`}>
                        {d.modelVersion.name} in {d.jurisdiction.name}
                      </Link>
                      : <OutcomeBadge outcome={d.override!.outcome} /> (computed {d.computedOutcome}) by {d.override!.setBy} — “{d.override!.justification}”{' '}
                      {d.override!.expiresAt ? (
                        <>
                          expires <When at={d.override!.expiresAt} />
                        </>
                      ) : (
                        'until lifted'
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Section>
          {rows.length === 0 ? (
            <Empty>No decisions match these filters.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table compact" aria-label="Export decisions">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Jurisdiction</th>
                    <th scope="col">Tier</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Computed</th>
                    <th scope="col">Override</th>
                    <th scope="col">Evaluated</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link to={`/versions/${encodeURIComponent(d.modelVersion.id)}?cell=${d.jurisdiction.code}`}>{d.modelVersion.name}</Link>
                      </td>
                      <td>
                        <Link to={`/decisions/${encodeURIComponent(d.id)}`}>
                          {d.jurisdiction.name} ({d.jurisdiction.code})
                        </Link>
                      </td>
                      <td>{human(d.tier)}</td>
                      <td>
                        <OutcomeBadge outcome={d.outcome} />
                      </td>
                      <td>{d.computedOutcome}</td>
                      <td>{d.override ? `yes, by ${d.override.setBy}` : '—'}</td>
                      <td>
                        <When at={d.evaluatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pager" aria-label="Pages of decisions">
            <button type="button" disabled={!page.pageInfo.hasPreviousPage && !after} onClick={() => update({ before: page.pageInfo.startCursor, after: null }, true)}>
              ← Previous
            </button>
            <button type="button" disabled={!page.pageInfo.hasNextPage && !before} onClick={() => update({ after: page.pageInfo.endCursor, before: null }, true)}>
              Next →
            </button>
          </nav>
        </>
      ) : null}
    </>
  );
}

export function DecisionDetail() {
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: DecisionQuery, variables: { id } });
  const d = result.data?.exportDecision;
  const [notice, dismiss] = useLiveRefresh(d ? [d.id, d.modelVersion.id] : [], () => refetch({ requestPolicy: 'network-only' }));
  if (result.error && !result.data) return <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="the decision" />;
  if (!d) {
    return (
      <>
        <PageTitle>Decision not found</PageTitle>
        <Empty>
          No export decision has this id. <Link to="/decisions">Back to decisions</Link>
        </Empty>
      </>
    );
  }
  return (
    <>
      <PageTitle sub={<OutcomeBadge outcome={d.outcome} />}>{`${d.modelVersion.name} in ${d.jurisdiction.name}`}</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      <div className="grid">
        <Section title="Decision">
          <dl className="facts">
            <dt>Outcome</dt>
            <dd>
              <OutcomeBadge outcome={d.outcome} /> <span className="muted">(computed {d.computedOutcome})</span>
            </dd>
            <dt>Tier</dt>
            <dd>{human(d.tier)}</dd>
            <dt>Policy</dt>
            <dd>{d.policyVersion}</dd>
            <dt>Evaluated</dt>
            <dd>
              <When at={d.evaluatedAt} />
            </dd>
            <dt>Override</dt>
            <dd>
              {d.override ? (
                <>
                  {d.override.outcome} by {d.override.setBy} on <When at={d.override.setAt} />: “{d.override.justification}”;{' '}
                  {d.override.expiresAt ? (
                    <>
                      expires <When at={d.override.expiresAt} />
                    </>
                  ) : (
                    'until lifted'
                  )}
                </>
              ) : (
                'none'
              )}
            </dd>
          </dl>
          <p>
            <Link to={`/versions/${encodeURIComponent(d.modelVersion.id)}?cell=${d.jurisdiction.code}`}>Open in the eligibility matrix</Link>
          </p>
        </Section>
        <Section title="Reasons and path to eligibility">
          <ul>
            {d.reasons.map((r, i) => (
              <li key={i}>
                <code>{r.code}</code> {readableTimes(r.message)}
              </li>
            ))}
          </ul>
          {d.pathToEligibility.length ? (
            <ol>
              {d.pathToEligibility.map((p, i) => (
                <li key={i}>
                  {readableTimes(p.message)} <strong>Cleared by:</strong> {readableTimes(p.clearedBy)}
                </li>
              ))}
            </ol>
          ) : (
            <p>Nothing blocks eligibility.</p>
          )}
        </Section>
        <Section title="History">
          <ol className="timeline">
            {d.history.map((h, i) => (
              <li key={i}>
                <When at={h.changedAt} /> — <OutcomeBadge outcome={h.outcome} /> <span className="muted">({human(h.cause)}, by {h.actor}, policy {h.policyVersion})</span>
                <div className="small">{h.reasons.map((r) => r.code).join(', ')}</div>
              </li>
            ))}
          </ol>
        </Section>
      </div>
    </>
  );
}
