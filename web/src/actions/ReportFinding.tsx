/**
 * `/findings/new`: report a finding. Offered only to viewers whose roles may report
 * (`viewerActions`), and only against versions they may report on (`ModelVersion.viewerActions`:
 * a developer its own). The server checks everything again; its errors name the field.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { Empty, Loading, PageTitle, Section, human } from '../components/ui';
import type { FindingCategory, ReferenceSystem } from '../gql/graphql';
import { ReportFindingMutation, ReportTargetsQuery, ViewerActionsQuery } from './operations';
import { errorsAt, useWrite } from './use-write';
import { WriteOutcome } from './WriteErrors';
import { utcInputToIso } from './OverrideControls';

const CATEGORIES: FindingCategory[] = [
  'JAILBREAK',
  'PROMPT_INJECTION',
  'DATA_EXFILTRATION',
  'WEIGHT_EXFILTRATION',
  'CBRN_UPLIFT',
  'CYBER_OFFENSE_UPLIFT',
  'MODEL_POISONING',
  'OTHER',
];
const SYSTEMS: ReferenceSystem[] = ['MITRE_ATLAS', 'CVE', 'AVID', 'OTHER'];

/** The "Report a finding" link, for viewers who may report. */
export function ReportFindingLink() {
  const [actions] = useQuery({ query: ViewerActionsQuery });
  if (!actions.data?.viewerActions.includes('REPORT_FINDING')) return null;
  return (
    <Link to="/findings/new" className="button-link">
      Report a finding
    </Link>
  );
}

const nowUtcInput = () => new Date().toISOString().slice(0, 16);

export function ReportFinding() {
  const navigate = useNavigate();
  const [actions] = useQuery({ query: ViewerActionsQuery });
  const [targets] = useQuery({ query: ReportTargetsQuery });
  const [versionIds, setVersionIds] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [category, setCategory] = useState<FindingCategory>('JAILBREAK');
  const [reporterName, setReporterName] = useState('');
  const [discoveredAt, setDiscoveredAt] = useState(nowUtcInput);
  const [prompts, setPrompts] = useState('');
  const [steps, setSteps] = useState('');
  const [refSystem, setRefSystem] = useState<ReferenceSystem>('MITRE_ATLAS');
  const [refId, setRefId] = useState('');
  const write = useWrite('reportFinding', ReportFindingMutation, (d) => d.reportFinding, (p) => p.finding);

  if (!actions.data || !targets.data) return <Loading what="what you may report on" />;
  if (!actions.data.viewerActions.includes('REPORT_FINDING')) {
    return (
      <>
        <PageTitle>Report a finding</PageTitle>
        <Empty>
          Your role may not report findings. <Link to="/signin">Sign in</Link> as government staff, a developer or an auditor.
        </Empty>
      </>
    );
  }
  const versions = targets.data.modelVersions.edges.map((e) => e.node).filter((v) => v.viewerActions.includes('REPORT_FINDING'));
  const toggle = (id: string) => setVersionIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const restricted = prompts.trim() || steps.trim() ? { prompts: prompts.trim() || null, reproductionSteps: steps.trim() || null } : null;
    const r = await write.run({
      affectedVersionIds: versionIds,
      title,
      summary,
      category,
      reporterName: reporterName.trim() || null,
      discoveredAt: utcInputToIso(discoveredAt) ?? discoveredAt,
      restrictedDetails: restricted,
      references: refId.trim() ? [{ system: refSystem, identifier: refId.trim() }] : null,
    });
    if (r.value) navigate(`/findings/${r.value.publicId}`);
  };
  const errs = write.last?.errors;
  const fieldError = (...path: string[]) =>
    errorsAt(errs, ...path).map((e, i) => (
      <span key={i} className="small st-text-warn">
        {e.message}
      </span>
    ));

  return (
    <>
      <PageTitle>Report a finding</PageTitle>
      <Section title="The report">
        <form className="write-form" onSubmit={onSubmit} aria-label="Report a finding">
          <fieldset>
            <legend>Affected versions (all of one developer)</legend>
            {versions.map((v) => (
              <label key={v.id} className="choice">
                <input type="checkbox" checked={versionIds.includes(v.id)} onChange={() => toggle(v.id)} /> {v.name}{' '}
                <span className="muted small">({v.developer.name})</span>
              </label>
            ))}
            {fieldError('affectedVersionIds')}
          </fieldset>
          <label>
            Title
            <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required />
            {fieldError('title')}
          </label>
          <label>
            Public summary (no exploit details)
            <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} maxLength={10000} required />
            {fieldError('summary')}
          </label>
          <label>
            Category
            <select value={category} onChange={(e) => setCategory(e.target.value as FindingCategory)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {human(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Reporter (as given)
            <input type="text" value={reporterName} onChange={(e) => setReporterName(e.target.value)} />
          </label>
          <label>
            Discovered (UTC, YYYY-MM-DDTHH:MM)
            <input type="text" inputMode="numeric" value={discoveredAt} onChange={(e) => setDiscoveredAt(e.target.value)} required />
            {fieldError('discoveredAt')}
          </label>
          <fieldset>
            <legend>Restricted details (only those the access rules allow will read them)</legend>
            <label>
              Prompts
              <textarea value={prompts} onChange={(e) => setPrompts(e.target.value)} rows={2} />
            </label>
            <label>
              Reproduction steps
              <textarea value={steps} onChange={(e) => setSteps(e.target.value)} rows={2} />
            </label>
          </fieldset>
          <fieldset>
            <legend>Reference (optional)</legend>
            <label>
              Catalogue
              <select value={refSystem} onChange={(e) => setRefSystem(e.target.value as ReferenceSystem)}>
                {SYSTEMS.map((s) => (
                  <option key={s} value={s}>
                    {human(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Identifier
              <input type="text" value={refId} onChange={(e) => setRefId(e.target.value)} placeholder="AML.T0054" />
              {fieldError('references')}
            </label>
          </fieldset>
          <button type="submit" disabled={write.fetching || versionIds.length === 0}>
            Report finding
          </button>
          <WriteOutcome result={write.last} />
        </form>
      </Section>
    </>
  );
}
