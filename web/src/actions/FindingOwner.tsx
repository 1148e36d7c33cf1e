/** A finding's owner and the history of its assignments, with the assign form for government staff. */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { describeToken, readToken } from '../auth';
import { Section, When } from '../components/ui';
import { AssignFindingMutation, FindingOwnerQuery } from './operations';
import { useWrite } from './use-write';
import { WriteOutcome } from './WriteErrors';

export function FindingOwner({ publicId, mayAssign }: { publicId: string; mayAssign: boolean }) {
  const [result, refetch] = useQuery({ query: FindingOwnerQuery, variables: { publicId }, requestPolicy: 'network-only' });
  const f = result.data?.findingByPublicId;
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const write = useWrite('assignFinding', AssignFindingMutation, (d) => d.assignFinding, (p) => p.finding);
  if (!f) return null;
  const me = describeToken(readToken() ?? '')?.subject ?? null;
  const submit = async (to: string | null) => {
    const r = await write.run({ findingId: f.id, assignee: to, note: note.trim() || null });
    if (r.value) {
      setAssignee('');
      setNote('');
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(assignee.trim());
  };
  return (
    <Section title="Owner" id="owner">
      <p data-testid="finding-owner">
        {f.assignment ? (
          <>
            <strong>{f.assignment.assignee}</strong>
            {f.assignment.organization ? <span className="muted"> ({f.assignment.organization.name})</span> : null}, assigned by {f.assignment.assignedBy}{' '}
            <When at={f.assignment.assignedAt} />
            {f.assignment.note ? <span className="small">: {f.assignment.note}</span> : null}
          </>
        ) : (
          <span className="muted">Nobody owns this finding.</span>
        )}
      </p>
      {mayAssign ? (
        <form className="write-form" onSubmit={onSubmit} aria-label="Assign the finding">
          <label>
            Assign to (a person of your organization, as your identity provider names them)
            <input type="text" value={assignee} onChange={(e) => setAssignee(e.target.value)} maxLength={200} required />
          </label>
          <label>
            Note (optional)
            <input type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
          </label>
          <div className="bulk-row">
            <button type="submit" disabled={write.fetching}>
              Assign
            </button>
            {me && f.assignment?.assignee !== me ? (
              <button type="button" onClick={() => void submit(me)} disabled={write.fetching}>
                Assign to me
              </button>
            ) : null}
            {f.assignment ? (
              <button type="button" onClick={() => void submit(null)} disabled={write.fetching}>
                Unassign
              </button>
            ) : null}
          </div>
          <WriteOutcome result={write.last} success="Owner updated." />
        </form>
      ) : null}
      {f.assignmentHistory.length ? (
        <details>
          <summary>{f.assignmentHistory.length} assignment changes</summary>
          <ol className="timeline">
            {f.assignmentHistory.map((a, i) => (
              <li key={i}>
                <When at={a.assignedAt} /> — {a.assignee ? <strong>{a.assignee}</strong> : 'unassigned'} <span className="muted">by {a.assignedBy}</span>
                {a.note ? <div className="small">{a.note}</div> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </Section>
  );
}
