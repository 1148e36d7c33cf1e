/**
 * The policy what-if (issue 16): a regulator or analyst edits a draft of the policy in force, sees
 * its exact effect on the whole registry (`simulatePolicy`: counts by tier and outcome, every
 * changed decision, moved deadlines and disclosure obligations, what the draft changes in the
 * document) and — a regulator, for the very text just simulated — publishes it.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { SimulatePolicyQuery } from '../gql/graphql';
import { useWrite } from '../actions/use-write';
import { WriteOutcome } from '../actions/WriteErrors';
import { utcInputToIso } from '../actions/OverrideControls';
import { ViewerActionsQuery } from '../actions/operations';
import { Empty, ErrorState, Loading, OutcomeBadge, PageTitle, Section, When, human } from '../components/ui';

const PolicyDraftQuery = graphql(`
  query PolicyDraft {
    policyInForce { id version effectiveFrom document }
  }
`);

const SimulatePolicyDocument = graphql(`
  query SimulatePolicy($input: SimulatePolicyInput!, $after: String) {
    simulatePolicy(input: $input) {
      errors { path code message }
      simulation {
        at currentPolicyVersion draftPolicyVersion evaluatedDecisions changedDecisions
        counts { tier outcome before after }
        changes(first: 50, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node {
            modelVersion { id name }
            jurisdiction { code name }
            before { tier outcome reasons { code message } }
            after { tier outcome reasons { code message } }
          } }
        }
        deadlineChanges { finding { publicId title } kind before { state dueAt durationHours } after { state dueAt durationHours } }
        disclosureChanges { finding { publicId title } code before { required state dueAt } after { required state dueAt } }
        documentChanges { path kind category summary source }
      }
    }
  }
`);

const PublishDraftMutation = graphql(`
  mutation PublishDraft($input: PublishPolicyVersionInput!) {
    publishPolicyVersion(input: $input) {
      errors { path code message }
      policyVersion { id version effectiveFrom }
      proposedChange { id status }
    }
  }
`);

type Simulation = NonNullable<SimulatePolicyQuery['simulatePolicy']['simulation']>;
type Change = Simulation['changes']['edges'][number]['node'];

export function PolicyWhatIf() {
  const client = useClient();
  const [policy] = useQuery({ query: PolicyDraftQuery });
  const [actions] = useQuery({ query: ViewerActionsQuery });
  const [draft, setDraft] = useState<string | null>(null);
  const [at, setAt] = useState('');
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ path: readonly string[]; code: string; message: string }[]>([]);
  const [sim, setSim] = useState<Simulation | null>(null);
  const [changes, setChanges] = useState<Change[]>([]);
  const [simulatedText, setSimulatedText] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const publish = useWrite('publishPolicyVersion', PublishDraftMutation, (d) => d.publishPolicyVersion, (p) =>
    // Four eyes (docs/regulator.md): the policy in force may make a publication a proposed change.
    p.policyVersion ? { message: `Published policy ${p.policyVersion.version}.` } : p.proposedChange ? { message: 'Proposed: the publication waits for a second regulator\'s approval.' } : null,
  );

  if (policy.fetching && !policy.data) return <Loading what="the policy in force" />;
  if (policy.error) return <ErrorState error={policy.error} />;
  const inForce = policy.data?.policyInForce;
  const text = draft ?? (inForce ? JSON.stringify(JSON.parse(inForce.document), null, 2) : '');
  const mayPublish = actions.data?.viewerActions.includes('PUBLISH_POLICY_VERSION') ?? false;

  const run = async (after: string | null) => {
    setRunning(true);
    setFailure(null);
    try {
      // Typed in UTC like every time in the explorer; a time that does not parse is sent as typed, and refused.
      const input = { document: text, ...(at.trim() ? { at: utcInputToIso(at.trim()) ?? at.trim() } : {}) };
      const r = await client.query(SimulatePolicyDocument, { input, after }, { requestPolicy: 'network-only' }).toPromise();
      if (r.error || !r.data) {
        setFailure(r.error?.graphQLErrors.map((e) => e.message).join(' ') || r.error?.networkError?.message || 'The registry did not answer.');
        return;
      }
      const payload = r.data.simulatePolicy;
      setErrors([...payload.errors]);
      if (!payload.simulation) {
        setSim(null);
        setChanges([]);
        setSimulatedText(null);
        return;
      }
      setSim(payload.simulation);
      setChanges((prev) => (after ? [...prev, ...payload.simulation!.changes.edges.map((e) => e.node)] : payload.simulation!.changes.edges.map((e) => e.node)));
      setSimulatedText(text);
    } finally {
      setRunning(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    publish.reset();
    void run(null);
  };

  return (
    <>
      <PageTitle sub={inForce ? <>In force: policy {inForce.version} since <When at={inForce.effectiveFrom} dateOnly /></> : 'No policy is in force.'}>
        Policy what-if
      </PageTitle>
      <form onSubmit={onSubmit} className="stack" aria-label="Draft policy">
        <label htmlFor="policy-draft">
          Draft policy document (JSON) — change its <code>version</code> and edit, e.g. move a country between{' '}
          <code>jurisdictions.tiers</code> or a <code>severity.bands</code> threshold
        </label>
        <textarea id="policy-draft" rows={18} spellCheck={false} value={text} onChange={(e) => setDraft(e.target.value)} style={{ fontFamily: 'monospace', width: '100%' }} />
        <label htmlFor="policy-at">Evaluate at (UTC, YYYY-MM-DDTHH:MM; optional, default now — a past moment replays the registry as it was then)</label>
        <input id="policy-at" type="text" inputMode="numeric" placeholder="2026-11-01T10:00" value={at} onChange={(e) => setAt(e.target.value)} />
        <button type="submit" disabled={running}>
          {running ? 'Simulating…' : 'Simulate'}
        </button>
      </form>

      {failure && (
        <div className="state state-error" role="alert">
          <strong>Not simulated.</strong> {failure}
        </div>
      )}
      {errors.length > 0 && (
        <div className="state state-error" role="alert" data-testid="draft-errors">
          <strong>The draft is not a valid policy:</strong>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <code>{e.path.join('.')}</code>: {e.message} <span className="muted small">({e.code})</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {sim && (
        <>
          <Section title="Effect">
            <p role="status">
              Policy {sim.draftPolicyVersion} against {sim.currentPolicyVersion} at <When at={sim.at} />: {sim.evaluatedDecisions.toLocaleString()} version ×
              jurisdiction pairs evaluated, <strong>{sim.changedDecisions.toLocaleString()}</strong> change outcome.
            </p>
            <table>
              <caption>Decisions per tier and outcome, before → after</caption>
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {sim.counts
                  .filter((c) => c.before > 0 || c.after > 0)
                  .map((c) => (
                    <tr key={`${c.tier}-${c.outcome}`} className={c.before !== c.after ? 'changed' : undefined}>
                      <td>{human(c.tier)}</td>
                      <td>
                        <OutcomeBadge outcome={c.outcome} />
                      </td>
                      <td>{c.before}</td>
                      <td>{c.after}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </Section>

          <Section title="What the draft changes">
            {sim.documentChanges.length === 0 ? (
              <Empty>The draft is the policy in force.</Empty>
            ) : (
              <ul>
                {sim.documentChanges.map((c, i) => (
                  <li key={i}>
                    {c.summary} <span className="muted small">({human(c.category)}{c.source ? `; source: ${c.source}` : ''})</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section title="Decisions that change">
            {changes.length === 0 ? (
              <Empty>No decision changes outcome.</Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Model version</th>
                    <th scope="col">Jurisdiction</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                    <th scope="col">Why, after</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={`${c.modelVersion.id}-${c.jurisdiction.code}`}>
                      <td>
                        <Link to={`/versions/${encodeURIComponent(c.modelVersion.id)}`}>{c.modelVersion.name}</Link>
                      </td>
                      <td>
                        {c.jurisdiction.name} ({c.jurisdiction.code}){c.before.tier !== c.after.tier ? `, ${human(c.before.tier)} → ${human(c.after.tier)}` : ''}
                      </td>
                      <td>
                        <OutcomeBadge outcome={c.before.outcome} />
                      </td>
                      <td>
                        <OutcomeBadge outcome={c.after.outcome} />
                      </td>
                      <td className="small">{c.after.reasons.map((r) => r.code).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {sim.changes.pageInfo.hasNextPage && (
              <button type="button" disabled={running} onClick={() => void run(sim.changes.pageInfo.endCursor ?? null)}>
                More ({(sim.changes.totalCount - changes.length).toLocaleString()} left)
              </button>
            )}
          </Section>

          <Section title="Deadlines and disclosure obligations that move">
            {sim.deadlineChanges.length + sim.disclosureChanges.length === 0 ? (
              <Empty>No deadline or disclosure obligation of an open finding moves.</Empty>
            ) : (
              <ul>
                {sim.deadlineChanges.map((d, i) => (
                  <li key={`d${i}`}>
                    <Link to={`/findings/${d.finding.publicId}`}>{d.finding.publicId}</Link> {human(d.kind)}: due <When at={d.before.dueAt} /> ({human(d.before.state)}) →{' '}
                    <When at={d.after.dueAt} /> ({human(d.after.state)})
                  </li>
                ))}
                {sim.disclosureChanges.map((d, i) => (
                  <li key={`o${i}`}>
                    <Link to={`/findings/${d.finding.publicId}`}>{d.finding.publicId}</Link> {d.code}:{' '}
                    {d.before?.required ? <>due <When at={d.before.dueAt} /></> : 'not required'} →{' '}
                    {d.after?.required ? <>due <When at={d.after.dueAt} /></> : 'not required'}
                  </li>
                ))}
              </ul>
            )}
          </Section>

          {mayPublish && simulatedText === text && (
            <Section title="Publish this draft">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void publish.run({ document: text, summary: summary || null });
                }}
              >
                <label htmlFor="policy-summary">What changed (summary)</label>
                <input id="policy-summary" value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={4000} />
                <button type="submit" disabled={publish.fetching}>
                  Publish policy {sim.draftPolicyVersion}
                </button>
              </form>
              <WriteOutcome result={publish.last} success={publish.last?.value?.message} />
            </Section>
          )}
        </>
      )}
    </>
  );
}
