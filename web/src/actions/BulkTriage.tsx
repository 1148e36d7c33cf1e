/**
 * Bulk triage on the findings table: the analyst selects findings and moves them all in one
 * action; each finding is moved with its own current row version and idempotency key, and the
 * result is listed per finding (moved, or why not). Offered only to viewers whose roles may
 * transition findings (`viewerActions`); each finding's own rules are checked by the server.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import { human } from '../components/ui';
import type { FindingStatus } from '../gql/graphql';
import { AssignFindingMutation, BulkTargetsQuery, TransitionFindingMutation, ViewerActionsQuery } from './operations';
import { newIdempotencyKey } from './use-write';

const TARGETS: FindingStatus[] = ['TRIAGED', 'MITIGATING', 'REMEDIATED', 'VERIFIED', 'CLOSED', 'REJECTED', 'WITHDRAWN'];

/** Whether the viewer may move findings at all (the table shows its selection column then), and assign them. */
export function useMayBulkTriage(): boolean {
  const [actions] = useQuery({ query: ViewerActionsQuery });
  return actions.data?.viewerActions.includes('TRANSITION_FINDING') ?? false;
}
function useMayAssign(): boolean {
  const [actions] = useQuery({ query: ViewerActionsQuery });
  return actions.data?.viewerActions.includes('ASSIGN_FINDING') ?? false;
}

interface ItemResult {
  publicId: string;
  ok: boolean;
  message: string;
}

export function BulkTriage({ selected, onDone, onClear }: { selected: string[]; onDone: () => void; onClear: () => void }) {
  const client = useClient();
  const [to, setTo] = useState<FindingStatus>('TRIAGED');
  const [reason, setReason] = useState('');
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<ItemResult[] | null>(null);
  const busy = useRef(false);
  // One key per finding for this intent (same target, reason and selection): a repeated click replays.
  const keys = useRef(new Map<string, string>());
  const intent = JSON.stringify({ to, reason, selected });
  const lastIntent = useRef(intent);
  if (lastIntent.current !== intent) {
    lastIntent.current = intent;
    keys.current.clear();
  }

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (busy.current || selected.length === 0) return;
    busy.current = true;
    setRunning(true);
    const out: ItemResult[] = [];
    try {
      const current = await client.query(BulkTargetsQuery, { ids: selected }, { requestPolicy: 'network-only' }).toPromise();
      const findings = (current.data?.nodes ?? []).flatMap((n) => (n && 'publicId' in n ? [n] : []));
      for (const f of findings) {
        const move = f.availableTransitions.find((t) => t.to === to);
        if (!move) {
          out.push({ publicId: f.publicId, ok: false, message: f.availableTransitions.length ? `Not possible from ${human(f.status)}.` : 'You may not move this finding, or it is final.' });
          continue;
        }
        if (move.reasonRequired && !reason.trim()) {
          out.push({ publicId: f.publicId, ok: false, message: `A reason is required to move to ${human(to)}.` });
          continue;
        }
        const key = keys.current.get(f.id) ?? newIdempotencyKey('transitionFinding');
        keys.current.set(f.id, key);
        const r = await client
          .mutation(TransitionFindingMutation, { input: { findingId: f.id, expectedRowVersion: f.rowVersion, to, reason: reason.trim() || null, idempotencyKey: key } })
          .toPromise();
        const payload = r.data?.transitionFinding;
        if (r.error || !payload) out.push({ publicId: f.publicId, ok: false, message: r.error?.message ?? 'No answer.' });
        else if (payload.errors.length) out.push({ publicId: f.publicId, ok: false, message: payload.errors.map((x) => x.message).join(' ') });
        else out.push({ publicId: f.publicId, ok: true, message: `Moved to ${human(to)}.` });
      }
      const missing = selected.length - findings.length;
      if (missing > 0) out.push({ publicId: `${missing} finding${missing > 1 ? 's' : ''}`, ok: false, message: 'No longer visible to you.' });
    } finally {
      busy.current = false;
      setRunning(false);
      setResults(out);
      onDone();
    }
  };

  const mayAssign = useMayAssign();
  const [owner, setOwner] = useState('');
  const assignKeys = useRef(new Map<string, string>());
  const assignIntent = JSON.stringify({ owner, selected });
  const lastAssignIntent = useRef(assignIntent);
  if (lastAssignIntent.current !== assignIntent) {
    lastAssignIntent.current = assignIntent;
    assignKeys.current.clear();
  }
  const assignAll = async () => {
    if (busy.current || selected.length === 0 || !owner.trim()) return;
    busy.current = true;
    setRunning(true);
    const out: ItemResult[] = [];
    try {
      const current = await client.query(BulkTargetsQuery, { ids: selected }, { requestPolicy: 'network-only' }).toPromise();
      const names = new Map((current.data?.nodes ?? []).flatMap((n) => (n && 'publicId' in n ? [[n.id, n.publicId] as const] : [])));
      for (const id of selected) {
        const publicId = names.get(id) ?? id;
        const key = assignKeys.current.get(id) ?? newIdempotencyKey('assignFinding');
        assignKeys.current.set(id, key);
        const r = await client.mutation(AssignFindingMutation, { input: { findingId: id, assignee: owner.trim(), idempotencyKey: key } }).toPromise();
        const payload = r.data?.assignFinding;
        if (r.error || !payload) out.push({ publicId, ok: false, message: r.error?.message ?? 'No answer.' });
        else if (payload.errors.length) out.push({ publicId, ok: false, message: payload.errors.map((x) => x.message).join(' ') });
        else out.push({ publicId, ok: true, message: `Assigned to ${owner.trim()}.` });
      }
    } finally {
      busy.current = false;
      setRunning(false);
      setResults(out);
      onDone();
    }
  };

  const moved = results?.filter((r) => r.ok).length ?? 0;
  return (
    <form className="bulk-bar write-form" onSubmit={apply} aria-label="Move the selected findings">
      <div className="bulk-row">
        <strong>{selected.length} selected</strong>
        <label>
          Move to
          <select value={to} onChange={(e) => setTo(e.target.value as FindingStatus)}>
            {TARGETS.map((s) => (
              <option key={s} value={s}>
                {human(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason (required for rejected, withdrawn, re-opening)
          <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={4000} />
        </label>
        <button type="submit" disabled={running || selected.length === 0}>
          {running ? 'Moving…' : `Move ${selected.length} finding${selected.length === 1 ? '' : 's'}`}
        </button>
        <button type="button" onClick={onClear} disabled={running}>
          Clear selection
        </button>
      </div>
      {mayAssign ? (
        <div className="bulk-row">
          <label>
            Assign to
            <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} />
          </label>
          <button type="button" onClick={() => void assignAll()} disabled={running || !owner.trim()}>
            Assign {selected.length} finding{selected.length === 1 ? '' : 's'}
          </button>
        </div>
      ) : null}
      {results ? (
        <div role="status" data-testid="bulk-results">
          <p>
            {moved} of {results.length} done.
          </p>
          <ul>
            {results.map((r) => (
              <li key={r.publicId} className={r.ok ? 'write-done' : 'st-text-warn'}>
                {r.publicId}: {r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
