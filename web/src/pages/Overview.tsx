/** At a glance: what is dangerous, what is late, what changed. */
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { OverviewQuery, VersionSuspensionQuery } from '../operations';
import type { OverviewQuery as OverviewResult } from '../gql/graphql';
import { useLiveRefresh } from '../live';
import {
  Empty,
  ErrorState,
  Loading,
  LiveNotice,
  OPEN_STATUSES,
  OUTCOME_COLORS,
  OUTCOMES,
  PageTitle,
  Section,
  SEVERITIES,
  SEVERITY_COLORS,
  SeverityBadge,
  StateBadge,
  When,
  duration,
  human,
} from '../components/ui';

const TIER_KEYS = [
  ['TIER_1', 't1'],
  ['TIER_2', 't2'],
  ['TIER_3', 't3'],
] as const;

export function Overview() {
  const [result, refetch] = useQuery({ query: OverviewQuery, variables: { openStatuses: [...OPEN_STATUSES] } });
  const [notice, dismiss] = useLiveRefresh('any', () => refetch({ requestPolicy: 'network-only' }));
  const { data, fetching, error } = result;

  return (
    <>
      <PageTitle>Overview</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      {error && !data ? <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {fetching && !data ? <Loading what="the overview" /> : null}
      {data ? <OverviewBody data={data} /> : null}
    </>
  );
}

type OverviewData = OverviewResult;

function OverviewBody({ data }: { data: OverviewData }) {
  const open = data.open.edges.map((e) => e.node);
  const bySeverity = { CRITICAL: data.critical.totalCount, HIGH: data.high.totalCount, MEDIUM: data.medium.totalCount, LOW: data.low.totalCount };
  const byTier = new Map<string, number>();
  for (const f of open) {
    const tier = f.currentSeverity?.interventionTier ?? 'UNASSESSED';
    byTier.set(tier, (byTier.get(tier) ?? 0) + 1);
  }
  const deadlines = open.flatMap((f) =>
    (f.deadlines?.deadlines ?? [])
      .filter((d) => d.state === 'OVERDUE' || d.state === 'DUE_SOON')
      .map((d) => ({ finding: f, deadline: d })),
  );
  deadlines.sort((a, b) => (a.deadline.dueAt ?? '').localeCompare(b.deadline.dueAt ?? ''));

  // Findings over time: reports per month, stacked by current severity.
  const months = new Map<string, Record<string, number>>();
  for (const e of data.all.edges) {
    const month = e.node.reportedAt.slice(0, 7);
    const row = months.get(month) ?? {};
    const level = e.node.currentSeverity?.level ?? 'UNASSESSED';
    row[level] = (row[level] ?? 0) + 1;
    months.set(month, row);
  }
  const timeline = [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, row]) => ({ month, ...row }));

  const outcomesByTier = TIER_KEYS.map(([tier, k]) => ({
    tier: human(tier),
    ELIGIBLE: data[`${k}Eligible`].totalCount,
    CONDITIONAL: data[`${k}Conditional`].totalCount,
    RESTRICTED: data[`${k}Restricted`].totalCount,
    SUSPENDED: data[`${k}Suspended`].totalCount,
    PROHIBITED: data[`${k}Prohibited`].totalCount,
  }));

  const activeVersions = data.versions.edges.map((e) => e.node).filter((v) => v.accessStatus !== 'RETIRED');

  return (
    <div className="grid">
      <Section title="Open findings by severity">
        <ul className="stat-row" aria-label="Open findings by severity">
          {SEVERITIES.map((level) => (
            <li key={level} className="stat" style={{ borderTopColor: SEVERITY_COLORS[level] }}>
              <Link to={`/findings?severity=${level}&status=open`}>
                <span className="stat-value">{bySeverity[level]}</span>
                <span className="stat-label">{human(level)}</span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="muted">{data.open.totalCount} open findings (reported, triaged, mitigating or remediated but not yet verified).</p>
      </Section>

      <Section title="Open findings by intervention tier">
        <ul className="stat-row" aria-label="Open findings by intervention tier">
          {['GOVERNMENT_INTERVENTION', 'GOVERNMENT_NOTIFICATION', 'INTERNAL_REMEDIATION', 'UNASSESSED'].map((tier) => (
            <li key={tier} className="stat">
              <span className="stat-value">{byTier.get(tier) ?? 0}</span>
              <span className="stat-label">{human(tier)}</span>
            </li>
          ))}
        </ul>
        {data.open.totalCount > open.length ? <p className="muted">Counted over the newest {open.length} open findings.</p> : null}
      </Section>

      <Section title="Deadlines overdue or due soon">
        {deadlines.length === 0 ? (
          <Empty>No deadline is overdue or due soon.</Empty>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Deadlines (scrolls sideways)">
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Obligation</th>
                <th scope="col">State</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {deadlines.slice(0, 12).map(({ finding, deadline }) => (
                <tr key={`${finding.id}-${deadline.kind}`}>
                  <td>
                    <Link to={`/findings/${finding.publicId}`}>{finding.publicId}</Link> <SeverityBadge level={finding.currentSeverity?.level} />
                  </td>
                  <td>{human(deadline.kind)}</td>
                  <td>
                    <StateBadge state={deadline.state} />{' '}
                    <span className="muted">
                      {deadline.secondsOverdue ? `${duration(deadline.secondsOverdue)} late` : deadline.secondsRemaining ? `${duration(deadline.secondsRemaining)} left` : ''}
                    </span>
                  </td>
                  <td>
                    <When at={deadline.dueAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Section>

      <Section title="Model versions and suspensions">
        {activeVersions.length === 0 ? (
          <Empty>No active model versions.</Empty>
        ) : (
          <ul className="version-list">
            {activeVersions.slice(0, 30).map((v) => (
              <VersionSuspension key={v.id} id={v.id} name={v.name} developer={v.developer.name} accessStatus={v.accessStatus} />
            ))}
          </ul>
        )}
      </Section>

      <Section title="Findings over time by severity">
        {timeline.length === 0 ? (
          <Empty>No findings yet.</Empty>
        ) : (
          <figure className="chart" aria-label="Bar chart: findings reported per month, stacked by severity">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={timeline}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {[...SEVERITIES, 'UNASSESSED'].map((level) => (
                  <Bar key={level} dataKey={level} stackId="s" fill={SEVERITY_COLORS[level] ?? '#afb8c1'} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
            <figcaption className="muted">
              Reports per month ({data.all.totalCount > data.all.edges.length ? `newest ${data.all.edges.length} of ${data.all.totalCount}` : `${data.all.totalCount} findings`}).
            </figcaption>
          </figure>
        )}
      </Section>

      <Section title="Export outcomes by tier">
        <figure className="chart" aria-label="Bar chart: stored export decisions per tier, stacked by outcome">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={outcomesByTier} layout="vertical">
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="tier" width={70} />
              <Tooltip />
              <Legend />
              {OUTCOMES.map((o) => (
                <Bar key={o} dataKey={o} stackId="o" fill={OUTCOME_COLORS[o]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
          <figcaption className="muted">Stored decisions (version × jurisdiction) in force now.</figcaption>
        </figure>
      </Section>

      <Section title="Recent decision changes">
        {data.changes.edges.length === 0 ? (
          <Empty>No decision has changed yet.</Empty>
        ) : (
          <ol className="feed">
            {[...data.changes.edges].reverse().map(({ node }) => (
              <li key={node.id}>
                <DecisionChange occurredAt={node.occurredAt} actor={node.actor} subjectId={node.subjectId} payload={node.payload} versions={data.versions.edges.map((e) => e.node)} />
              </li>
            ))}
          </ol>
        )}
      </Section>
    </div>
  );
}

function VersionSuspension({ id, name, developer, accessStatus }: { id: string; name: string; developer: string; accessStatus: string }) {
  const [{ data }] = useQuery({ query: VersionSuspensionQuery, variables: { versionId: id } });
  const suspended = data?.suspended.totalCount ?? 0;
  const all = data?.all.totalCount ?? 0;
  const isSuspended = accessStatus === 'SUSPENDED' || (all > 0 && suspended === all);
  return (
    <li className={isSuspended ? 'suspended' : ''}>
      <Link to={`/versions/${encodeURIComponent(id)}`}>{name}</Link> <span className="muted">{developer}</span>{' '}
      {data ? (
        isSuspended ? (
          <span className="badge" style={{ background: OUTCOME_COLORS.SUSPENDED }}>
            Suspended everywhere
          </span>
        ) : suspended > 0 ? (
          <span className="badge st-warn">
            Suspended in {suspended} of {all}
          </span>
        ) : (
          <span className="badge st-ok">Not suspended</span>
        )
      ) : (
        <span className="muted">…</span>
      )}
    </li>
  );
}

interface ChangePayload {
  cause?: string;
  changed?: number;
  outcomes?: { jurisdiction: string; tier: string; from: string | null; to: string }[];
}

function DecisionChange(props: { occurredAt: string; actor: string; subjectId: string; payload: string; versions: { id: string; name: string }[] }) {
  let payload: ChangePayload = {};
  try {
    payload = JSON.parse(props.payload) as ChangePayload;
  } catch {
    /* shown without details */
  }
  const version = props.versions.find((v) => v.id === props.subjectId);
  const moves = new Map<string, number>();
  for (const o of payload.outcomes ?? []) {
    const k = `${o.from ?? 'new'} → ${o.to}`;
    moves.set(k, (moves.get(k) ?? 0) + 1);
  }
  return (
    <>
      <When at={props.occurredAt} /> —{' '}
      {version ? <Link to={`/versions/${encodeURIComponent(version.id)}`}>{version.name}</Link> : 'a model version'}:{' '}
      {/* "changed" counts decisions whose reasons were rewritten too; only outcome moves are news. */}
      {moves.size
        ? `${payload.outcomes!.length} outcome${payload.outcomes!.length === 1 ? '' : 's'} changed (${human(payload.cause)}): ${[...moves.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}`
        : `no outcome changed; ${payload.changed ?? 0} decisions re-evaluated (${human(payload.cause)})`}{' '}
      <span className="muted">by {props.actor}</span>
    </>
  );
}
