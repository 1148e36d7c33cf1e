/**
 * Lineage writes on a version page (issue 19): declare a parent (relation and parent version) and
 * retract a standing one with a reason — shown when the server lists DECLARE_LINEAGE among the
 * version's `viewerActions` (its developer, a regulator) — record a justified "not affected" for an
 * inherited finding that is open here — shown when it lists RECORD_NOT_AFFECTED (regulators) — and
 * grant or revoke an inherited finding's restricted details to this version's developer — shown
 * when it lists GRANT_INHERITED_FINDING_DETAILS (regulators). The same rules as the API decide.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { human } from '../components/ui';
import type { LineageRelation } from '../gql/graphql';
import {
  DeclareLineageMutation,
  GrantInheritedFindingDetailsMutation,
  LineageParentCandidatesQuery,
  RecordNotAffectedMutation,
  RetractLineageMutation,
  RevokeInheritedFindingDetailsMutation,
  VersionActionsQuery,
} from './operations';
import { useWrite } from './use-write';
import { WriteOutcome } from './WriteErrors';

const RELATIONS: LineageRelation[] = ['FINE_TUNE', 'DISTILLATION', 'QUANTIZATION', 'MERGE', 'CONTINUED_PRETRAINING'];

/** The version's lineage controls, for what the viewer may do here. */
export function useLineageActions(versionId: string): { declare: boolean; notAffected: boolean; grantDetails: boolean } {
  const [actions] = useQuery({ query: VersionActionsQuery, variables: { id: versionId } });
  const allowed = actions.data?.modelVersion?.viewerActions ?? [];
  return {
    // DECLARE_LINEAGE covers retracting a declaration too (schema/viewer-actions.graphql).
    declare: allowed.includes('DECLARE_LINEAGE'),
    notAffected: allowed.includes('RECORD_NOT_AFFECTED'),
    grantDetails: allowed.includes('GRANT_INHERITED_FINDING_DETAILS'),
  };
}

export function DeclareParentForm({ versionId, excluded, onWritten }: { versionId: string; excluded: readonly string[]; onWritten: () => void }) {
  const [candidates] = useQuery({ query: LineageParentCandidatesQuery });
  const [parentId, setParentId] = useState('');
  const [relation, setRelation] = useState<LineageRelation>('FINE_TUNE');
  const [note, setNote] = useState('');
  // Which parent the last write declared: the form is cleared for the next one, the message stays.
  const [declared, setDeclared] = useState<string | null>(null);
  const declare = useWrite('declareLineage', DeclareLineageMutation, (d) => d.declareLineage, (p) => p.modelVersion);
  const { reset } = declare;
  useEffect(() => reset(), [parentId, relation, note, reset]);
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      setDeclared(null);
      set(value);
    };
  const options = (candidates.data?.modelVersions.edges ?? []).map((e) => e.node).filter((v) => v.id !== versionId && !excluded.includes(v.id));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await declare.run({ childVersionId: versionId, parentVersionId: parentId, relation, note: note.trim() || null });
    if (r.value) {
      setDeclared(options.find((o) => o.id === parentId)?.name ?? 'The parent');
      setParentId('');
      setNote('');
      onWritten();
    }
  };
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Declare a parent">
      <h4>Declare a parent</h4>
      <label>
        Parent version
        <select value={parentId} onChange={(e) => edit(setParentId)(e.target.value)} required>
          <option value="">Choose a version…</option>
          {options.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.developerName})
            </option>
          ))}
        </select>
      </label>
      <label>
        Relation
        <select value={relation} onChange={(e) => edit(setRelation)(e.target.value as LineageRelation)}>
          {RELATIONS.map((r) => (
            <option key={r} value={r}>
              {human(r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note (optional)
        <textarea value={note} onChange={(e) => edit(setNote)(e.target.value)} rows={2} maxLength={4000} />
      </label>
      <button type="submit" disabled={declare.fetching || !parentId}>
        Declare parent
      </button>
      <WriteOutcome result={declare.last} />
      {declared ? (
        <p className="write-done" role="status">
          Parent declared: {declared}.
        </p>
      ) : null}
    </form>
  );
}

export function NotAffectedForm({
  versionId,
  finding,
  onWritten,
}: {
  versionId: string;
  finding: { id: string; publicId: string };
  onWritten: () => void;
}) {
  const [justification, setJustification] = useState('');
  const [evidence, setEvidence] = useState('');
  const record = useWrite('recordNotAffected', RecordNotAffectedMutation, (d) => d.recordNotAffected, (p) => p.modelVersion);
  const { reset } = record;
  useEffect(() => reset(), [justification, evidence, reset]);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await record.run({ findingId: finding.id, modelVersionId: versionId, justification, evidence });
    if (r.value) onWritten();
  };
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label={`Record not affected by ${finding.publicId}`}>
      <label>
        Why this version is not affected (required)
        <textarea value={justification} onChange={(e) => setJustification(e.target.value)} rows={2} maxLength={4000} required />
      </label>
      <label>
        Evidence (required)
        <textarea value={evidence} onChange={(e) => setEvidence(e.target.value)} rows={2} maxLength={4000} required />
      </label>
      <button type="submit" disabled={record.fetching}>
        Record not affected
      </button>
      <WriteOutcome result={record.last} success="Recorded as not affected." />
    </form>
  );
}

/** Retract one of the version's standing parent declarations, with the reason the API requires. */
export function RetractParentForm({
  versionId,
  parents,
  onWritten,
}: {
  versionId: string;
  parents: readonly { relation: LineageRelation; parent: { id: string; name: string } }[];
  onWritten: () => void;
}) {
  const [parentId, setParentId] = useState('');
  const [reason, setReason] = useState('');
  // Which parent the last write retracted: the form is cleared for the next one, the message stays.
  const [retracted, setRetracted] = useState<string | null>(null);
  const retract = useWrite('retractLineage', RetractLineageMutation, (d) => d.retractLineage, (p) => p.modelVersion);
  const { reset } = retract;
  useEffect(() => reset(), [parentId, reason, reset]);
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      setRetracted(null);
      set(value);
    };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await retract.run({ childVersionId: versionId, parentVersionId: parentId, reason });
    if (r.value) {
      setRetracted(parents.find((p) => p.parent.id === parentId)?.parent.name ?? 'The parent');
      setParentId('');
      setReason('');
      onWritten();
    }
  };
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Retract a parent">
      <h4>Retract a parent</h4>
      <label>
        Parent to retract
        <select value={parentId} onChange={(e) => edit(setParentId)(e.target.value)} required>
          <option value="">Choose a parent…</option>
          {parents.map((p) => (
            <option key={p.parent.id} value={p.parent.id}>
              {p.parent.name} ({human(p.relation)})
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (required)
        <textarea value={reason} onChange={(e) => edit(setReason)(e.target.value)} rows={2} maxLength={4000} required />
      </label>
      <button type="submit" disabled={retract.fetching || !parentId}>
        Retract parent
      </button>
      <WriteOutcome result={retract.last} />
      {retracted ? (
        <p className="write-done" role="status">
          Parent retracted: {retracted}.
        </p>
      ) : null}
    </form>
  );
}

/**
 * Grant this version's developer the restricted details of a finding it inherits (no grant
 * stands), or revoke the standing grant — each with the justification or reason the API requires.
 */
export function DetailsGrantForm({
  versionId,
  finding,
  developerName,
  standing,
  onWritten,
}: {
  versionId: string;
  finding: { id: string; publicId: string };
  developerName: string;
  standing: boolean;
  onWritten: () => void;
}) {
  const [text, setText] = useState('');
  const grant = useWrite('grantInheritedFindingDetails', GrantInheritedFindingDetailsMutation, (d) => d.grantInheritedFindingDetails, (p) => p.grant);
  const revoke = useWrite('revokeInheritedFindingDetails', RevokeInheritedFindingDetailsMutation, (d) => d.revokeInheritedFindingDetails, (p) => p.grant);
  const [done, setDone] = useState<string | null>(null);
  const { reset: resetGrant } = grant;
  const { reset: resetRevoke } = revoke;
  useEffect(() => {
    resetGrant();
    resetRevoke();
  }, [text, standing, resetGrant, resetRevoke]);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const base = { findingId: finding.id, modelVersionId: versionId };
    const r = standing ? await revoke.run({ ...base, reason: text }) : await grant.run({ ...base, justification: text });
    if (r.value) {
      setText('');
      setDone(standing ? `Details of ${finding.publicId} revoked from ${developerName}.` : `Details of ${finding.publicId} granted to ${developerName}.`);
      onWritten();
    }
  };
  const write = standing ? revoke : grant;
  const name = standing ? `Revoke details of ${finding.publicId}` : `Grant details of ${finding.publicId}`;
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label={name}>
      <label>
        {standing ? `Why ${developerName} should no longer read the details (required)` : `Why ${developerName} needs the restricted details (required)`}
        <textarea
          value={text}
          onChange={(e) => {
            setDone(null);
            setText(e.target.value);
          }}
          rows={2}
          maxLength={4000}
          required
        />
      </label>
      <button type="submit" disabled={write.fetching}>
        {standing ? 'Revoke details' : 'Grant details'}
      </button>
      <WriteOutcome result={write.last} />
      {done ? (
        <p className="write-done" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}
