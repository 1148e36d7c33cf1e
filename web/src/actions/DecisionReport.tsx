/**
 * `/versions/:id/report`: a printable decision report for one version — every stored decision
 * with its outcome, reasons, path to eligibility, policy version and history, grouped by outcome
 * (the eligible ones listed compactly). Print with the browser (the page has print styles).
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useClient } from 'urql';
import { ErrorState, Loading, OUTCOMES, OutcomeBadge, PageTitle, When, human, readableTimes } from '../components/ui';
import type { DecisionReportQuery as ReportData } from '../gql/graphql';
import { DecisionReportQuery } from './operations';

type Decision = ReportData['exportDecisions']['edges'][number]['node'];
type Version = NonNullable<ReportData['modelVersion']>;

export function DecisionReport() {
  const { id = '' } = useParams();
  const client = useClient();
  const [state, setState] = useState<{ version: Version | null; decisions: Decision[] } | { error: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const decisions: Decision[] = [];
      let after: string | null = null;
      let version: Version | null = null;
      for (let page = 0; page < 10; page++) {
        const r = await client.query(DecisionReportQuery, { versionId: id, first: 100, after }, { requestPolicy: 'network-only' }).toPromise();
        if (r.error || !r.data) {
          if (!cancelled) setState({ error: r.error?.message ?? 'No answer.' });
          return;
        }
        version = r.data.modelVersion ?? null;
        decisions.push(...r.data.exportDecisions.edges.map((e) => e.node));
        if (!r.data.exportDecisions.pageInfo.hasNextPage) break;
        after = r.data.exportDecisions.pageInfo.endCursor ?? null;
      }
      if (!cancelled) setState({ version, decisions });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, id]);

  if (!state) return <Loading what="the decision report" />;
  if ('error' in state) return <ErrorState error={state.error} />;
  const { version, decisions } = state;
  if (!version) return <ErrorState error="No model version has this id." />;
  const byOutcome = OUTCOMES.map((o) => ({ outcome: o, decisions: decisions.filter((d) => d.outcome === o) })).filter((g) => g.decisions.length);
  const policies = [...new Set(decisions.map((d) => d.policyVersion))];

  return (
    <article className="report" data-testid="decision-report">
      <PageTitle sub={<span className="no-print"><Link to={`/versions/${encodeURIComponent(id)}`}>Back to the version</Link> · <button type="button" onClick={() => window.print()}>Print</button></span>}>
        {`Export decision report: ${version.name}`}
      </PageTitle>
      <dl className="facts">
        <dt>Model</dt>
        <dd>
          {version.model.name} by {version.developer.name}
        </dd>
        <dt>Access status</dt>
        <dd>{human(version.accessStatus)}</dd>
        <dt>Policy version</dt>
        <dd>{policies.join(', ') || '—'}</dd>
        <dt>Decisions</dt>
        <dd>
          {decisions.length} jurisdictions:{' '}
          {byOutcome.map((g) => `${g.decisions.length} ${human(g.outcome).toLowerCase()}`).join(', ')}
        </dd>
        <dt>Printed</dt>
        <dd>
          <When at={new Date().toISOString()} />
        </dd>
      </dl>
      {byOutcome.map((g) => (
        <section key={g.outcome} aria-labelledby={`report-${g.outcome}`}>
          <h2 id={`report-${g.outcome}`}>
            <OutcomeBadge outcome={g.outcome} /> {g.decisions.length} {human(g.outcome).toLowerCase()}
          </h2>
          {g.outcome === 'ELIGIBLE' ? (
            <p>{g.decisions.map((d) => `${d.jurisdiction.name} (${d.jurisdiction.code})`).join(', ')}</p>
          ) : (
            g.decisions.map((d) => <DecisionEntry key={d.id} d={d} />)
          )}
        </section>
      ))}
    </article>
  );
}

function DecisionEntry({ d }: { d: Decision }) {
  return (
    <div className="report-entry">
      <h3>
        {d.jurisdiction.name} ({d.jurisdiction.code}) · {human(d.tier)}
      </h3>
      {d.override ? (
        <p>
          Override to {human(d.override.outcome)} by {d.override.setBy}
          {d.override.expiresAt ? (
            <>
              {' '}
              until <When at={d.override.expiresAt} />
            </>
          ) : null}
          : {d.override.justification} (the rules give {human(d.computedOutcome)})
        </p>
      ) : null}
      <h4>Reasons</h4>
      <ul>
        {d.reasons.map((r, i) => (
          <li key={i}>
            {readableTimes(r.message)} <span className="muted small">({r.code}{r.findingPublicIds.length ? `; ${r.findingPublicIds.join(', ')}` : ''})</span>
          </li>
        ))}
      </ul>
      {d.pathToEligibility.length ? (
        <>
          <h4>Path to eligibility</h4>
          <ol>
            {d.pathToEligibility.map((p, i) => (
              <li key={i}>
                {readableTimes(p.message)} <strong>Cleared by:</strong> {readableTimes(p.clearedBy)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <h4>History</h4>
      <ol className="timeline">
        {d.history.map((h, i) => (
          <li key={i}>
            <When at={h.changedAt} /> — {human(h.outcome)} <span className="muted">({human(h.cause)}, {h.actor}, policy {h.policyVersion})</span>
          </li>
        ))}
      </ol>
      <p className="muted small">
        Policy {d.policyVersion}, evaluated <When at={d.evaluatedAt} />.
      </p>
    </div>
  );
}
