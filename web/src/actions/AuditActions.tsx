/**
 * An auditor's writes on the audits screen: open an audit of a model version, and complete one of
 * its own open audits by pasting the Ed25519 signature over the exact payload the registry shows
 * (`auditAttestation`). Shown only when the server lists OPEN_AUDIT / COMPLETE_AUDIT for the viewer
 * and the viewer's organization is an auditor; the server checks everything again.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Section, When, human } from '../components/ui';
import type { AuditKind, AuditOutcome, AuditScope, OpenAuditsQuery as OpenAuditsData, RetestResult } from '../gql/graphql';
import { AuditAttestationQuery, AuditorWorkbenchQuery, CompleteAuditMutation, DeveloperFindingsQuery, OpenAuditMutation, OpenAuditsQuery } from './audit-operations';
import { utcInputToIso } from './OverrideControls';
import { download } from './export-list';
import { errorsAt, useWrite, type InputError } from './use-write';
import { WriteOutcome } from './WriteErrors';

const SCOPES: AuditScope[] = ['JAILBREAK', 'PROMPT_INJECTION', 'CBRN', 'CYBER_OFFENSE', 'DATA_SECURITY', 'WEIGHT_SECURITY', 'GENERAL'];
const OUTCOMES: AuditOutcome[] = ['PASS', 'PASS_WITH_FINDINGS', 'FAIL'];

/** Now in UTC as the inputs take it (YYYY-MM-DDTHH:MM:SS). */
const nowUtcInput = () => new Date().toISOString().slice(0, 19);

/** Why the registry refused a completion, in words an auditor can act on (by error code). */
const REFUSAL_HELP: Record<string, string> = {
  INVALID_SIGNATURE:
    'The signature must be the Ed25519 signature (base64, 64 bytes) of exactly the payload shown, byte for byte with no added line break, made with the private key whose public key is registered for your organization. Changing the outcome, the completion time or the findings changes the payload: sign it again.',
  NO_PUBLIC_KEY: 'Your organization has no attestation public key registered, so no signature can be verified. A regulator registers it with the organization.',
  STALE_VERSION: 'The audit changed since this page read it (completed or edited elsewhere). Reload the page to see it as it is now.',
  ALREADY_COMPLETED: 'This audit is already completed; a completed audit cannot be completed again.',
  FUTURE_DATE: 'The completion time is later than now (the time is in UTC).',
  DATES_OUT_OF_ORDER: 'An audit cannot complete before it started: give a completion time after the start.',
  MISSING_RETEST_RESULT: 'A retest gives a result (fix holds or not) for every finding it retests.',
  NOT_RETESTED: 'A result was given for a finding this audit does not retest.',
  DIFFERENT_DEVELOPER: "A finding raised must concern the audited developer's models.",
  FORBIDDEN: 'Only the auditor that opened the audit may complete it.',
};

function Explained({ errors }: { errors: readonly InputError[] }) {
  const help = [...new Set(errors.map((e) => e.code))].filter((c) => REFUSAL_HELP[c]);
  if (!help.length) return null;
  return (
    <div className="small" data-testid="refusal-help">
      <strong>Why:</strong>
      <ul>
        {help.map((c) => (
          <li key={c}>
            <code>{c}</code> {REFUSAL_HELP[c]}
          </li>
        ))}
      </ul>
    </div>
  );
}

const fieldErrors = (errors: readonly InputError[] | undefined, ...path: string[]) =>
  errorsAt(errors, ...path).map((e, i) => (
    <span key={i} className="small st-text-warn">
      {e.message}
    </span>
  ));

/** The auditor's panel on /audits; nothing for other viewers. */
export function AuditorActions({ onWritten }: { onWritten: () => void }) {
  const [workbench] = useQuery({ query: AuditorWorkbenchQuery });
  const [completed, setCompleted] = useState<string | null>(null);
  const data = workbench.data;
  const org = data?.viewerOrganization;
  const mayOpen = !!data?.viewerActions.includes('OPEN_AUDIT') && org?.kind === 'AUDITOR';
  const mayComplete = !!data?.viewerActions.includes('COMPLETE_AUDIT') && org?.kind === 'AUDITOR';
  const [open, refetchOpen] = useQuery({ query: OpenAuditsQuery, variables: { auditorId: org?.id ?? '' }, pause: !mayComplete });
  if (!data || !org || (!mayOpen && !mayComplete)) return null;
  const written = (message?: string) => {
    setCompleted(message ?? null);
    refetchOpen({ requestPolicy: 'network-only' });
    onWritten();
  };
  const accredited = new Set(org.accreditations.filter((a) => a.status === 'ACTIVE').flatMap((a) => a.scopes));
  const versions = data.modelVersions.edges.map((e) => e.node).filter((v) => v.developer.id !== org.id);
  const openAudits = open.data?.audits.edges.map((e) => e.node) ?? [];
  return (
    <>
      {mayOpen ? (
        <Section title={`Open an audit as ${org.name}`}>
          <OpenAuditForm auditorId={org.id} versions={versions} accredited={accredited} onWritten={written} />
        </Section>
      ) : null}
      {mayComplete ? (
        <Section title="Your open audits">
          <p role="status" className="write-done">
            {completed}
          </p>
          {openAudits.length === 0 ? (
            <p className="muted">No open audits by {org.name}.</p>
          ) : (
            openAudits.map((a) => <CompleteAuditForm key={`${a.id}:${a.rowVersion}`} audit={a} auditorName={org.name} onWritten={written} />)
          )}
        </Section>
      ) : null}
    </>
  );
}

interface VersionOption {
  id: string;
  name: string;
  developer: { id: string; name: string };
}

function OpenAuditForm({
  auditorId,
  versions,
  accredited,
  onWritten,
}: {
  auditorId: string;
  versions: VersionOption[];
  accredited: Set<string>;
  onWritten: (message?: string) => void;
}) {
  const [versionId, setVersionId] = useState('');
  const [kind, setKind] = useState<AuditKind>('INITIAL');
  const [scopes, setScopes] = useState<AuditScope[]>(['JAILBREAK']);
  const [startedAt, setStartedAt] = useState(nowUtcInput);
  const [summary, setSummary] = useState('');
  const [retestIds, setRetestIds] = useState<string[]>([]);
  const version = versions.find((v) => v.id === versionId);
  const [findings] = useQuery({ query: DeveloperFindingsQuery, variables: { developerId: version?.developer.id ?? '' }, pause: !version || kind !== 'RETEST' });
  const write = useWrite('openAudit', OpenAuditMutation, (d) => d.openAudit, (p) => p.audit);
  const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({
      auditorId,
      modelVersionId: versionId,
      kind,
      scopes,
      startedAt: utcInputToIso(startedAt) ?? startedAt,
      summary: summary.trim() || null,
      retestFindingIds: kind === 'RETEST' ? retestIds : null,
    });
    if (r.value) {
      setSummary('');
      setRetestIds([]);
      onWritten();
    }
  };
  const errs = write.last?.errors;
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Open an audit">
      <label>
        Model version
        <select value={versionId} onChange={(e) => setVersionId(e.target.value)} required>
          <option value="">Choose a version…</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.developer.name})
            </option>
          ))}
        </select>
        {fieldErrors(errs, 'modelVersionId')}
      </label>
      <label>
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as AuditKind)}>
          <option value="INITIAL">Initial evaluation</option>
          <option value="RETEST">Retest of fixes</option>
        </select>
      </label>
      <fieldset>
        <legend>Scopes (accredited ones marked)</legend>
        {SCOPES.map((s) => (
          <label key={s} className="choice">
            <input type="checkbox" checked={scopes.includes(s)} onChange={() => setScopes((l) => toggle(l, s))} /> {human(s)}
            {accredited.has(s) ? <span className="muted small">(accredited)</span> : null}
          </label>
        ))}
        {fieldErrors(errs, 'scopes')}
      </fieldset>
      {kind === 'RETEST' ? (
        <fieldset>
          <legend>Findings whose fixes are retested</legend>
          {!version ? (
            <span className="muted small">Choose the version first.</span>
          ) : (findings.data?.findings.edges.length ?? 0) === 0 ? (
            <span className="muted small">No findings against {version.developer.name}.</span>
          ) : (
            findings.data!.findings.edges.map(({ node: f }) => (
              <label key={f.id} className="choice">
                <input type="checkbox" checked={retestIds.includes(f.id)} onChange={() => setRetestIds((l) => toggle(l, f.id))} /> {f.publicId}{' '}
                <span className="muted small">
                  {f.title} ({human(f.status)})
                </span>
              </label>
            ))
          )}
          {fieldErrors(errs, 'retestFindingIds')}
        </fieldset>
      ) : null}
      <label>
        Started (UTC, YYYY-MM-DDTHH:MM:SS)
        <input type="text" inputMode="numeric" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} required />
        {fieldErrors(errs, 'startedAt')}
      </label>
      <label>
        Public summary (optional)
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={2} maxLength={10000} />
      </label>
      <button type="submit" disabled={write.fetching || !versionId}>
        Open audit
      </button>
      <WriteOutcome result={write.last} success="Audit opened." />
    </form>
  );
}

type OpenAudit = OpenAuditsData['audits']['edges'][number]['node'];

function CompleteAuditForm({ audit, auditorName, onWritten }: { audit: OpenAudit; auditorName: string; onWritten: (message: string) => void }) {
  const [outcome, setOutcome] = useState<AuditOutcome>('PASS');
  const [completedAt, setCompletedAt] = useState(nowUtcInput);
  const [raisedIds, setRaisedIds] = useState<string[]>([]);
  const retested = audit.findings.filter((f) => f.role === 'RETESTED').map((f) => f.finding);
  const [results, setResults] = useState<Record<string, RetestResult>>(() => Object.fromEntries(retested.map((f) => [f.id, 'PASS' as RetestResult])));
  const [signature, setSignature] = useState('');
  const [findings] = useQuery({ query: DeveloperFindingsQuery, variables: { developerId: audit.modelVersion.developer.id } });
  const write = useWrite('completeAudit', CompleteAuditMutation, (d) => d.completeAudit, (p) => p.audit);

  const completion = {
    auditId: audit.id,
    expectedRowVersion: audit.rowVersion,
    outcome,
    completedAt: utcInputToIso(completedAt) ?? completedAt,
    raisedFindingIds: raisedIds,
    retestResults: retested.map((f) => ({ findingId: f.id, result: results[f.id] ?? 'PASS' })),
  };
  // The payload is asked for with the completion as it will be sent (the signature aside).
  const [attestation] = useQuery({ query: AuditAttestationQuery, variables: { input: { ...completion, attestationSignature: '' } } });
  const payload = attestation.data?.auditAttestation.payload ?? null;
  const notYet = attestation.data?.auditAttestation.errors ?? [];

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({ ...completion, attestationSignature: signature.trim() });
    if (r.value) onWritten(`Audit of ${audit.modelVersion.name} completed (${human(outcome)}); the signature verified.`);
  };
  const title = `${audit.modelVersion.name} by ${auditorName}`;
  const raisable = findings.data?.findings.edges.map((e) => e.node).filter((f) => !retested.some((r) => r.id === f.id)) ?? [];
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label={`Complete the audit of ${title}`}>
      <h3>
        {human(audit.kind)} audit of {audit.modelVersion.name}{' '}
        <span className="muted small">
          opened <When at={audit.startedAt} />; scopes {audit.scopes.map(human).join(', ')}
        </span>
      </h3>
      <label>
        Outcome
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as AuditOutcome)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {human(o)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Completed (UTC, YYYY-MM-DDTHH:MM:SS)
        <input type="text" inputMode="numeric" value={completedAt} onChange={(e) => setCompletedAt(e.target.value)} required />
        {fieldErrors(write.last?.errors, 'completedAt')}
      </label>
      {retested.length ? (
        <fieldset>
          <legend>Retest results</legend>
          {retested.map((f) => (
            <label key={f.id}>
              {f.publicId}: {f.title}
              <select value={results[f.id] ?? 'PASS'} onChange={(e) => setResults((r) => ({ ...r, [f.id]: e.target.value as RetestResult }))}>
                <option value="PASS">Pass: the fix holds</option>
                <option value="FAIL">Fail: the exploit still works</option>
              </select>
            </label>
          ))}
        </fieldset>
      ) : null}
      {raisable.length ? (
        <fieldset>
          <legend>Findings the audit raised (optional)</legend>
          {raisable.map((f) => (
            <label key={f.id} className="choice">
              <input type="checkbox" checked={raisedIds.includes(f.id)} onChange={() => setRaisedIds((l) => (l.includes(f.id) ? l.filter((x) => x !== f.id) : [...l, f.id]))} />{' '}
              {f.publicId} <span className="muted small">{f.title}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="attestation" data-testid="attestation">
        <strong>Payload to sign</strong>
        {payload ? (
          <>
            <p className="small muted">
              The registry&apos;s canonical JSON of this completion: the audit, auditor and version ids, kind, scopes, outcome, completion time
              (ISO 8601, UTC) and findings, keys and lists sorted. Sign exactly these bytes (UTF-8, no trailing line break) with your
              organization&apos;s Ed25519 key, for example{' '}
              <code>openssl pkeyutl -sign -rawin -inkey auditor-key.pem -in payload.json | base64 -w0</code>. Any change above changes the payload.
            </p>
            <pre className="mono payload" data-testid="attestation-payload" tabIndex={0} aria-label="Payload to sign">
              {payload}
            </pre>
            <button type="button" onClick={() => download(`attestation-${audit.id}.json`, 'application/json', payload)}>
              Download payload
            </button>
          </>
        ) : notYet.length ? (
          <div className="state state-error" data-testid="attestation-errors">
            Nothing to sign yet:
            <ul>
              {notYet.map((e, i) => (
                <li key={i}>
                  {e.message} <span className="muted small">({e.code}{e.path.length ? ` at ${e.path.join('.')}` : ''})</span>
                </li>
              ))}
            </ul>
            <Explained errors={notYet} />
          </div>
        ) : (
          <p className="muted small">Preparing the payload…</p>
        )}
      </div>
      <label>
        Ed25519 signature over the payload (base64)
        <textarea className="mono" value={signature} onChange={(e) => setSignature(e.target.value)} rows={2} required spellCheck={false} />
        {fieldErrors(write.last?.errors, 'attestationSignature')}
      </label>
      <button type="submit" disabled={write.fetching || !payload || !signature.trim()}>
        Complete audit
      </button>
      <WriteOutcome result={write.last} success="Audit completed." />
      {write.last?.errors.length ? <Explained errors={write.last.errors} /> : null}
    </form>
  );
}
