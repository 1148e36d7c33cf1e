/**
 * The writes on one finding, each shown only when the server says the viewer may make it
 * (`Finding.viewerActions`, `availableTransitions`: the API's own rules). Lifecycle moves carry
 * the row version the analyst read; a STALE_VERSION shows what changed since and offers to
 * re-apply the move on the current version.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { useLiveRefresh } from '../live';
import { Section, human } from '../components/ui';
import {
  FindingActionsQuery,
  FixCandidatesQuery,
  LinkFixVersionMutation,
  RecordDisclosureMutation,
  TransitionFindingMutation,
} from './operations';
import type { DisclosureAudience, FindingActionsQuery as FindingActionsData, FindingStatus } from '../gql/graphql';
import { useWrite } from './use-write';
import { WriteOutcome } from './WriteErrors';
import { SeverityCalculator } from './SeverityCalculator';
import { FindingOwner } from './FindingOwner';

type ActionFinding = NonNullable<FindingActionsData['findingByPublicId']>;

export function FindingActions({ publicId, onWritten }: { publicId: string; onWritten: () => void }) {
  const [result, refetch] = useQuery({ query: FindingActionsQuery, variables: { publicId }, requestPolicy: 'network-only' });
  const f = result.data?.findingByPublicId;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useLiveRefresh(f ? [f.id] : [], reload);
  if (!f) return null;
  // Everyone who sees the finding sees its owner; the form only for those who may assign.
  const owner = <FindingOwner publicId={publicId} mayAssign={f.viewerActions.includes('ASSIGN_FINDING')} />;
  if (f.viewerActions.length === 0) return owner;
  const written = () => {
    reload();
    onWritten();
  };
  const can = (action: string) => f.viewerActions.includes(action as never);
  return (
    <>
      {owner}
      {can('TRANSITION_FINDING') && f.availableTransitions.length > 0 ? (
        <Section title="Move in the lifecycle" id="act-transition">
          <TransitionForm finding={f} onWritten={written} onStale={reload} />
        </Section>
      ) : null}
      {can('ASSESS_FINDING_SEVERITY') ? (
        <Section title="Assess severity" id="act-assess">
          <SeverityCalculator
            findingId={f.id}
            initialVector={f.currentSeverity?.cvssVector ?? null}
            initialFactors={f.currentSeverity?.aiFactors ?? null}
            onWritten={written}
          />
        </Section>
      ) : null}
      {can('LINK_FIX_VERSION') || can('RECORD_DISCLOSURE') ? (
        <Section title="Fix and disclosure" id="act-fix">
          {can('LINK_FIX_VERSION') ? <LinkFixForm finding={f} onWritten={written} /> : null}
          {can('RECORD_DISCLOSURE') ? <DisclosureForm finding={f} onWritten={written} /> : null}
        </Section>
      ) : null}
    </>
  );
}

/** What the analyst saw when choosing a move: compared with the current finding on STALE_VERSION. */
interface Snapshot {
  rowVersion: number;
  status: string;
  fix: string | null;
  vector: string | null;
}
const snapshotOf = (f: ActionFinding): Snapshot => ({
  rowVersion: f.rowVersion,
  status: f.status,
  fix: f.fixedInVersion?.name ?? null,
  vector: f.currentSeverity?.cvssVector ?? null,
});

/** In words, what differs between what was read and what is stored now. */
export function describeChanges(before: Snapshot, now: Snapshot): string[] {
  const changes: string[] = [];
  if (before.status !== now.status) changes.push(`Status: ${human(before.status)} → ${human(now.status)}`);
  if (before.fix !== now.fix) changes.push(`Fixed in: ${before.fix ?? 'none'} → ${now.fix ?? 'none'}`);
  if (before.vector !== now.vector) changes.push(`Severity vector: ${before.vector ?? 'unassessed'} → ${now.vector ?? 'unassessed'}`);
  if (changes.length === 0 && before.rowVersion !== now.rowVersion) changes.push('Another change was recorded (for example a disclosure).');
  return changes;
}

function TransitionForm({ finding, onWritten, onStale }: { finding: ActionFinding; onWritten: () => void; onStale: () => void }) {
  const [to, setTo] = useState<FindingStatus | ''>('');
  const [reason, setReason] = useState('');
  const [base, setBase] = useState<Snapshot | null>(null);
  const [stale, setStale] = useState(false);
  const write = useWrite('transitionFinding', TransitionFindingMutation, (d) => d.transitionFinding, (p) => p.finding);
  const option = finding.availableTransitions.find((o) => o.to === to) ?? null;
  const read = base ?? snapshotOf(finding);

  const submit = async (expectedRowVersion: number) => {
    if (!to) return;
    const r = await write.run({ findingId: finding.id, expectedRowVersion, to, reason: reason.trim() || null });
    if (r.errors.some((e) => e.code === 'STALE_VERSION')) {
      setStale(true);
      onStale();
    } else if (r.value) {
      setTo('');
      setReason('');
      setBase(null);
      setStale(false);
      onWritten();
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(read.rowVersion);
  };
  const reapply = () => {
    setBase(snapshotOf(finding));
    setStale(false);
    void submit(finding.rowVersion);
  };
  const changes = stale ? describeChanges(read, snapshotOf(finding)) : [];
  const stillPossible = stale && option !== null;

  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Move the finding">
      <p className="muted small">Now {human(finding.status)}.</p>
      <fieldset>
        <legend>New status</legend>
        {finding.availableTransitions.map((o) => (
          <label key={o.to} className="choice">
            <input
              type="radio"
              name="transition-to"
              value={o.to}
              checked={to === o.to}
              onChange={() => {
                setTo(o.to);
                if (!base) setBase(snapshotOf(finding));
              }}
            />{' '}
            {human(o.to)}
            {o.reasonRequired ? <span className="muted small"> (reason required)</span> : null}
            {o.unmetPrecondition ? <span className="small st-text-warn"> — {o.unmetPrecondition}</span> : null}
          </label>
        ))}
      </fieldset>
      <label>
        Reason{option?.reasonRequired ? ' (required)' : ' (optional)'}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={4000} required={option?.reasonRequired ?? false} />
      </label>
      <button type="submit" disabled={!to || write.fetching}>
        {to ? `Move to ${human(to)}` : 'Choose a status'}
      </button>
      {stale ? (
        <div className="state state-error" role="alert" data-testid="stale-version">
          <strong>Someone else changed this finding since you read it.</strong> Nothing was written.
          <ul>
            {changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          {stillPossible ? (
            <button type="button" onClick={reapply} disabled={write.fetching}>
              Re-apply: move to {human(to)} on the current version
            </button>
          ) : (
            <p>Moving to {human(to)} is no longer possible from {human(finding.status)}.</p>
          )}
        </div>
      ) : (
        <WriteOutcome result={write.last} success="Moved." />
      )}
    </form>
  );
}

function LinkFixForm({ finding, onWritten }: { finding: ActionFinding; onWritten: () => void }) {
  const [versionId, setVersionId] = useState('');
  const [candidates] = useQuery({ query: FixCandidatesQuery, variables: { developerId: finding.developer.id } });
  const write = useWrite('linkFixVersion', LinkFixVersionMutation, (d) => d.linkFixVersion, (p) => p.finding);
  const options = candidates.data?.modelVersions.edges.map((e) => e.node) ?? [];
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({ findingId: finding.id, expectedRowVersion: finding.rowVersion, fixedInVersionId: versionId });
    if (r.value) {
      setVersionId('');
      onWritten();
    }
  };
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Link the fix version">
      <label>
        Fixed in version{finding.fixedInVersion ? ` (now ${finding.fixedInVersion.name})` : ''}
        <select value={versionId} onChange={(e) => setVersionId(e.target.value)} required>
          <option value="">Choose a version</option>
          {options.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!versionId || write.fetching}>
        Link fix version
      </button>
      <WriteOutcome result={write.last} success="Fix version linked." />
    </form>
  );
}

const AUDIENCES: DisclosureAudience[] = ['GOVERNMENT', 'PARTNER_AGENCIES', 'PUBLIC'];

function DisclosureForm({ finding, onWritten }: { finding: ActionFinding; onWritten: () => void }) {
  const required = finding.disclosureObligations.filter((o) => o.required);
  const [obligation, setObligation] = useState('');
  const [audience, setAudience] = useState<DisclosureAudience>('GOVERNMENT');
  const [kind, setKind] = useState<'INITIAL' | 'AMENDED'>('INITIAL');
  const [summary, setSummary] = useState('');
  const write = useWrite('recordDisclosure', RecordDisclosureMutation, (d) => d.recordDisclosure, (p) => p.finding);
  const chooseObligation = (code: string) => {
    setObligation(code);
    const o = required.find((x) => x.code === code);
    if (o) setAudience(o.audience);
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({ findingId: finding.id, audience, kind, obligationCode: obligation || null, summary: summary.trim() || null });
    if (r.value) {
      setSummary('');
      onWritten();
    }
  };
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Record a disclosure">
      <label>
        Obligation it answers
        <select value={obligation} onChange={(e) => chooseObligation(e.target.value)}>
          <option value="">None</option>
          {required.map((o) => (
            <option key={o.code} value={o.code}>
              {o.description} ({human(o.state)})
            </option>
          ))}
        </select>
      </label>
      <label>
        Audience
        <select value={audience} onChange={(e) => setAudience(e.target.value as DisclosureAudience)}>
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {human(a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as 'INITIAL' | 'AMENDED')}>
          <option value="INITIAL">Initial</option>
          <option value="AMENDED">Amended</option>
        </select>
      </label>
      <label>
        What was disclosed (never exploit details)
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={2} maxLength={10000} />
      </label>
      <button type="submit" disabled={write.fetching}>
        Record disclosure
      </button>
      <WriteOutcome result={write.last} success="Disclosure recorded." />
    </form>
  );
}
