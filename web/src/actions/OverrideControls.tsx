/**
 * A regulator's override of one export decision: set it (outcome, justification, expiry),
 * replace it with a new outcome or expiry (the same mutation), or lift it with a reason. Shown
 * only when the server lists OVERRIDE_EXPORT_DECISION among the version's `viewerActions`.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { human } from '../components/ui';
import type { ExportOutcome } from '../gql/graphql';
import { LiftExportOverrideMutation, OverrideExportDecisionMutation, VersionActionsQuery } from './operations';
import { useWrite } from './use-write';
import { WriteOutcome } from './WriteErrors';

const OUTCOMES: ExportOutcome[] = ['ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'SUSPENDED', 'PROHIBITED'];

/** `2026-12-31T18:00` typed into a UTC-labelled input → ISO in UTC; empty or invalid → null. */
export function utcInputToIso(local: string): string | null {
  if (!local) return null;
  const d = new Date(`${local.length === 16 ? `${local}:00` : local}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export interface OverrideCell {
  jurisdiction: { code: string; name: string };
  computedOutcome: string;
  override: { outcome: string; justification: string; expiresAt?: string | null } | null;
}

export function OverrideControls({ versionId, cell, onWritten }: { versionId: string; cell: OverrideCell; onWritten: () => void }) {
  const [actions] = useQuery({ query: VersionActionsQuery, variables: { id: versionId } });
  if (!actions.data?.modelVersion?.viewerActions.includes('OVERRIDE_EXPORT_DECISION')) return null;
  return <OverrideForms key={cell.jurisdiction.code} versionId={versionId} cell={cell} onWritten={onWritten} />;
}

function OverrideForms({ versionId, cell, onWritten }: { versionId: string; cell: OverrideCell; onWritten: () => void }) {
  const current = cell.override;
  const [outcome, setOutcome] = useState<ExportOutcome>((current?.outcome as ExportOutcome) ?? 'RESTRICTED');
  const [justification, setJustification] = useState(current?.justification ?? '');
  const [expires, setExpires] = useState(current?.expiresAt ? current.expiresAt.slice(0, 16) : '');
  const [liftReason, setLiftReason] = useState('');
  const set = useWrite('overrideExportDecision', OverrideExportDecisionMutation, (d) => d.overrideExportDecision, (p) => p.exportDecision);
  const lift = useWrite('liftExportOverride', LiftExportOverrideMutation, (d) => d.liftExportOverride, (p) => p.exportDecision);
  const code = cell.jurisdiction.code;
  // What the last write said is about the inputs it was sent with: cleared once they change.
  const { reset } = set;
  useEffect(() => reset(), [outcome, justification, expires, reset]);
  const [setMessage, setSetMessage] = useState('');

  const onSet = async (e: FormEvent) => {
    e.preventDefault();
    setSetMessage(current ? 'Override replaced.' : 'Override set.');
    const r = await set.run({ modelVersionId: versionId, jurisdictionCode: code, outcome, justification, expiresAt: utcInputToIso(expires) });
    if (r.value) onWritten();
  };
  const onLift = async (e: FormEvent) => {
    e.preventDefault();
    const r = await lift.run({ modelVersionId: versionId, jurisdictionCode: code, reason: liftReason });
    if (r.value) {
      setLiftReason('');
      onWritten();
    }
  };
  return (
    <div className="override-controls" data-testid="override-controls">
      <h4>{current ? 'Replace the override' : 'Override this decision'}</h4>
      <form className="write-form" onSubmit={onSet} aria-label={current ? 'Replace the override' : 'Set an override'}>
        <label>
          Outcome to impose
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as ExportOutcome)}>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {human(o)}
                {o === cell.computedOutcome ? ' (what the rules give)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Justification (required)
          <textarea value={justification} onChange={(e) => setJustification(e.target.value)} rows={2} maxLength={4000} required />
        </label>
        <label>
          Expires (UTC, YYYY-MM-DDTHH:MM; empty: until lifted)
          <input
            type="text"
            inputMode="numeric"
            placeholder="2026-12-31T18:00"
            pattern="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </label>
        <button type="submit" disabled={set.fetching}>
          {current ? 'Replace override' : 'Set override'}
        </button>
        <WriteOutcome result={set.last} success={setMessage} />
      </form>
      {current ? (
        <form className="write-form" onSubmit={onLift} aria-label="Lift the override">
          <label>
            Why lift it (required)
            <textarea value={liftReason} onChange={(e) => setLiftReason(e.target.value)} rows={2} maxLength={4000} required />
          </label>
          <button type="submit" disabled={lift.fetching}>
            Lift override
          </button>
          <WriteOutcome result={lift.last} success="Override lifted." />
        </form>
      ) : null}
    </div>
  );
}
