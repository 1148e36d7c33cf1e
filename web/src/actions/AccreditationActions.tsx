/**
 * Accreditations and conflicts of interest from the audits screen (issue 14): a regulator records
 * an auditor's accreditation; a regulator (for any auditor) or an auditor (for itself) declares a
 * conflict of interest with a developer. Shown only when the server lists the action for the
 * viewer (`viewerActions`); decisions that depend on them are recomputed by the server.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Section, human } from '../components/ui';
import { graphql } from '../gql';
import type { AuditScope } from '../gql/graphql';
import { utcInputToIso } from './OverrideControls';
import { errorsAt, useWrite, type InputError } from './use-write';
import { WriteOutcome } from './WriteErrors';

export const AccreditationTargetsQuery = graphql(`
  query AccreditationTargets {
    viewerActions
    viewerOrganization { id kind }
    auditors: organizations(first: 100, filter: { kind: AUDITOR }) { edges { node { id name } } }
    developers: organizations(first: 100, filter: { kind: DEVELOPER }) { edges { node { id name } } }
  }
`);

export const RegisterAccreditationMutation = graphql(`
  mutation RegisterAccreditation($input: RegisterAccreditationInput!) {
    registerAccreditation(input: $input) { auditor { id name } errors { path message code } }
  }
`);

export const DeclareConflictMutation = graphql(`
  mutation DeclareConflict($input: DeclareConflictOfInterestInput!) {
    declareConflictOfInterest(input: $input) { auditor { id name } errors { path message code } }
  }
`);

const SCOPES: AuditScope[] = ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'CYBER_OFFENSE', 'DATA_SECURITY', 'WEIGHT_SECURITY', 'GENERAL'];
const todayUtc = () => new Date().toISOString().slice(0, 10);
/** A UTC date (YYYY-MM-DD) as the API's DateTime, or the text as typed (the server then names the error). */
const dayToIso = (day: string): string => utcInputToIso(`${day.trim()}T00:00`) ?? day.trim();

const fieldErrors = (errors: readonly InputError[] | undefined, ...path: string[]) =>
  errorsAt(errors, ...path).map((e, i) => (
    <span key={i} className="small st-text-warn">
      {e.message}
    </span>
  ));

export function AccreditationActions({ onWritten }: { onWritten: () => void }) {
  const [targets] = useQuery({ query: AccreditationTargetsQuery });
  const data = targets.data;
  if (!data) return null;
  const mayAccredit = data.viewerActions.includes('REGISTER_ACCREDITATION');
  const mayDeclare = data.viewerActions.includes('DECLARE_CONFLICT_OF_INTEREST');
  const auditors = data.auditors.edges.map((e) => e.node);
  // A regulator declares for any auditor; an auditor only for itself (the same rule as the API's).
  const declarers = mayAccredit ? auditors : auditors.filter((a) => a.id === data.viewerOrganization?.id);
  if (!mayAccredit && !(mayDeclare && declarers.length)) return null;
  return (
    <Section title="Accreditations and conflicts of interest">
      {mayAccredit ? <AccreditationForm auditors={auditors} onWritten={onWritten} /> : null}
      {mayDeclare && declarers.length ? (
        <ConflictForm auditors={declarers} developers={data.developers.edges.map((e) => e.node)} onWritten={onWritten} />
      ) : null}
    </Section>
  );
}

type Named = { id: string; name: string };

function AccreditationForm({ auditors, onWritten }: { auditors: Named[]; onWritten: () => void }) {
  const [auditorId, setAuditorId] = useState('');
  const [body, setBody] = useState('');
  const [scopes, setScopes] = useState<AuditScope[]>(['JAILBREAK']);
  const [validFrom, setValidFrom] = useState(todayUtc);
  const [validUntil, setValidUntil] = useState('');
  const write = useWrite('registerAccreditation', RegisterAccreditationMutation, (d) => d.registerAccreditation, (p) => p.auditor);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({ auditorId, body: body.trim(), scopes, validFrom: dayToIso(validFrom), validUntil: validUntil.trim() ? dayToIso(validUntil) : null });
    if (r.value) {
      setBody('');
      onWritten();
    }
  };
  const errs = write.last?.errors;
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Register an accreditation">
      <h3>Register an accreditation</h3>
      <label>
        Auditor
        <select value={auditorId} onChange={(e) => setAuditorId(e.target.value)} required>
          <option value="">Choose an auditor…</option>
          {auditors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        {fieldErrors(errs, 'auditorId')}
      </label>
      <label>
        Accrediting body
        <input type="text" value={body} onChange={(e) => setBody(e.target.value)} maxLength={300} required placeholder="UK Accreditation Service (UKAS)" />
        {fieldErrors(errs, 'body')}
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s} className="choice">
            <input type="checkbox" checked={scopes.includes(s)} onChange={() => setScopes((l) => (l.includes(s) ? l.filter((x) => x !== s) : [...l, s]))} /> {human(s)}
          </label>
        ))}
        {fieldErrors(errs, 'scopes')}
      </fieldset>
      <label>
        Valid from (UTC date, YYYY-MM-DD)
        <input type="text" inputMode="numeric" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} required />
        {fieldErrors(errs, 'validFrom')}
      </label>
      <label>
        Valid until (UTC date; empty: open-ended)
        <input type="text" inputMode="numeric" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
        {fieldErrors(errs, 'validUntil')}
      </label>
      <button type="submit" disabled={write.fetching || !auditorId || !body.trim()}>
        Register accreditation
      </button>
      <WriteOutcome result={write.last} success={write.last?.value ? `Accreditation of ${write.last.value.name} registered.` : undefined} />
    </form>
  );
}

function ConflictForm({ auditors, developers, onWritten }: { auditors: Named[]; developers: Named[]; onWritten: () => void }) {
  const [auditorId, setAuditorId] = useState(auditors.length === 1 ? auditors[0]!.id : '');
  const [developerId, setDeveloperId] = useState('');
  const [description, setDescription] = useState('');
  const [periodStart, setPeriodStart] = useState(todayUtc);
  const [periodEnd, setPeriodEnd] = useState('');
  const write = useWrite('declareConflictOfInterest', DeclareConflictMutation, (d) => d.declareConflictOfInterest, (p) => p.auditor);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({
      auditorId,
      developerId,
      description: description.trim(),
      periodStart: dayToIso(periodStart),
      periodEnd: periodEnd.trim() ? dayToIso(periodEnd) : null,
    });
    if (r.value) {
      setDescription('');
      onWritten();
    }
  };
  const errs = write.last?.errors;
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Declare a conflict of interest">
      <h3>Declare a conflict of interest</h3>
      {auditors.length === 1 ? (
        <p className="small">
          Auditor: <strong>{auditors[0]!.name}</strong>
        </p>
      ) : (
        <label>
          Auditor
          <select value={auditorId} onChange={(e) => setAuditorId(e.target.value)} required>
            <option value="">Choose an auditor…</option>
            {auditors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {fieldErrors(errs, 'auditorId')}
        </label>
      )}
      <label>
        With developer
        <select value={developerId} onChange={(e) => setDeveloperId(e.target.value)} required>
          <option value="">Choose a developer…</option>
          {developers.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        {fieldErrors(errs, 'developerId')}
      </label>
      <label>
        What the conflict is
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={4000} required />
        {fieldErrors(errs, 'description')}
      </label>
      <label>
        From (UTC date, YYYY-MM-DD)
        <input type="text" inputMode="numeric" value={periodStart} onChange={(e) => setPeriodStart(e.target.value)} required />
        {fieldErrors(errs, 'periodStart')}
      </label>
      <label>
        Until (UTC date; empty: ongoing)
        <input type="text" inputMode="numeric" value={periodEnd} onChange={(e) => setPeriodEnd(e.target.value)} />
        {fieldErrors(errs, 'periodEnd')}
      </label>
      <button type="submit" disabled={write.fetching || !auditorId || !developerId || !description.trim()}>
        Declare conflict
      </button>
      <WriteOutcome result={write.last} success={write.last?.value ? `Conflict of interest of ${write.last.value.name} recorded.` : undefined} />
    </form>
  );
}
