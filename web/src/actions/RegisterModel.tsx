/**
 * Register a model line and a model version from the versions screen (issue 14). A developer
 * registers for its own organization, a regulator for any developer: the forms offer only the
 * developers (`Organization.viewerActions`) and models (`Model.viewerActions`) the server lists for
 * the viewer, and are absent when it lists none. The server checks everything again.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Section, human } from '../components/ui';
import { graphql } from '../gql';
import type { CapabilityDomain, WeightAvailability } from '../gql/graphql';
import { utcInputToIso } from './OverrideControls';
import { errorsAt, useWrite, type InputError } from './use-write';
import { WriteOutcome } from './WriteErrors';

export const RegistrationTargetsQuery = graphql(`
  query RegistrationTargets {
    viewerActions
    organizations(first: 100, filter: { kind: DEVELOPER }) { edges { node { id name viewerActions } } }
    models(first: 100) { edges { node { id name viewerActions developer { id name } } } }
  }
`);

export const RegisterModelMutation = graphql(`
  mutation RegisterModel($input: RegisterModelInput!) {
    registerModel(input: $input) { model { id name } errors { path message code } }
  }
`);

export const RegisterModelVersionMutation = graphql(`
  mutation RegisterModelVersion($input: RegisterModelVersionInput!) {
    registerModelVersion(input: $input) { modelVersion { id name } errors { path message code } }
  }
`);

const WEIGHTS: WeightAvailability[] = ['API_ONLY', 'RESTRICTED_WEIGHTS', 'OPEN_WEIGHTS'];
const DOMAINS: CapabilityDomain[] = ['GENERAL', 'CODE', 'CYBER_OFFENSE', 'CBRN', 'PERSUASION', 'AUTONOMY', 'BIOLOGY'];
const todayUtc = () => new Date().toISOString().slice(0, 10);

const fieldErrors = (errors: readonly InputError[] | undefined, ...path: string[]) =>
  errorsAt(errors, ...path).map((e, i) => (
    <span key={i} className="small st-text-warn">
      {e.message}
    </span>
  ));

/** Both forms, for viewers who may register; nothing otherwise. */
export function RegisterModelControls({ onWritten }: { onWritten: () => void }) {
  const [targets, refetch] = useQuery({ query: RegistrationTargetsQuery });
  if (!targets.data) return null;
  const developers = targets.data.organizations.edges.map((e) => e.node).filter((o) => o.viewerActions.includes('REGISTER_MODEL'));
  const models = targets.data.models.edges.map((e) => e.node).filter((m) => m.viewerActions.includes('REGISTER_MODEL_VERSION'));
  const mayModel = targets.data.viewerActions.includes('REGISTER_MODEL') && developers.length > 0;
  const mayVersion = targets.data.viewerActions.includes('REGISTER_MODEL_VERSION') && models.length > 0;
  if (!mayModel && !mayVersion) return null;
  const written = () => {
    refetch({ requestPolicy: 'network-only' });
    onWritten();
  };
  return (
    <Section title="Register">
      {mayModel ? <RegisterModelForm developers={developers} onWritten={written} /> : null}
      {mayVersion ? <RegisterVersionForm models={models} onWritten={written} /> : null}
    </Section>
  );
}

function RegisterModelForm({ developers, onWritten }: { developers: { id: string; name: string }[]; onWritten: () => void }) {
  const [developerId, setDeveloperId] = useState(developers.length === 1 ? developers[0]!.id : '');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const write = useWrite('registerModel', RegisterModelMutation, (d) => d.registerModel, (p) => p.model);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({ developerId, name: name.trim(), description: description.trim() || null });
    if (r.value) {
      setName('');
      setDescription('');
      onWritten();
    }
  };
  const errs = write.last?.errors;
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Register a model">
      <h3>A model line</h3>
      {developers.length === 1 ? (
        <p className="small">
          Developer: <strong>{developers[0]!.name}</strong>
        </p>
      ) : (
        <label>
          Developer
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
      )}
      <label>
        Model name
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        {fieldErrors(errs, 'name')}
      </label>
      <label>
        Description (optional)
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={4000} />
        {fieldErrors(errs, 'description')}
      </label>
      <button type="submit" disabled={write.fetching || !developerId || !name.trim()}>
        Register model
      </button>
      <WriteOutcome result={write.last} success={write.last?.value ? `Model ${write.last.value.name} registered.` : undefined} />
    </form>
  );
}

function RegisterVersionForm({ models, onWritten }: { models: { id: string; name: string; developer: { name: string } }[]; onWritten: () => void }) {
  const [modelId, setModelId] = useState('');
  const [name, setName] = useState('');
  const [releasedOn, setReleasedOn] = useState(todayUtc);
  const [compute, setCompute] = useState('');
  const [weights, setWeights] = useState<WeightAvailability>('API_ONLY');
  const [domains, setDomains] = useState<CapabilityDomain[]>(['GENERAL']);
  const write = useWrite('registerModelVersion', RegisterModelVersionMutation, (d) => d.registerModelVersion, (p) => p.modelVersion);
  const computeOps = compute.trim() === '' ? null : Number(compute.trim());
  const computeInvalid = computeOps !== null && (!Number.isFinite(computeOps) || computeOps < 0);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write.run({
      modelId,
      name: name.trim(),
      releasedAt: releasedOn ? (utcInputToIso(`${releasedOn}T00:00`) ?? releasedOn) : null,
      trainingComputeOps: computeOps,
      weightAvailability: weights,
      capabilityDomains: domains,
    });
    if (r.value) {
      setName('');
      onWritten();
    }
  };
  const errs = write.last?.errors;
  return (
    <form className="write-form" onSubmit={onSubmit} aria-label="Register a model version">
      <h3>A version (release)</h3>
      <label>
        Model
        <select value={modelId} onChange={(e) => setModelId(e.target.value)} required>
          <option value="">Choose a model…</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.developer.name})
            </option>
          ))}
        </select>
        {fieldErrors(errs, 'modelId')}
      </label>
      <label>
        Version name
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required placeholder="Mythos 5.2" />
        {fieldErrors(errs, 'name')}
      </label>
      <label>
        Released (UTC date, YYYY-MM-DD; empty if not yet)
        <input type="text" inputMode="numeric" value={releasedOn} onChange={(e) => setReleasedOn(e.target.value)} />
        {fieldErrors(errs, 'releasedAt')}
      </label>
      <label>
        Training compute (operations, e.g. 3e26; empty if undisclosed)
        <input type="text" value={compute} onChange={(e) => setCompute(e.target.value)} aria-invalid={computeInvalid} />
        {computeInvalid ? <span className="small st-text-warn">A non-negative number, such as 3e26.</span> : null}
        {fieldErrors(errs, 'trainingComputeOps')}
      </label>
      <label>
        Weights
        <select value={weights} onChange={(e) => setWeights(e.target.value as WeightAvailability)}>
          {WEIGHTS.map((w) => (
            <option key={w} value={w}>
              {human(w)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Capability domains</legend>
        {DOMAINS.map((d) => (
          <label key={d} className="choice">
            <input type="checkbox" checked={domains.includes(d)} onChange={() => setDomains((l) => (l.includes(d) ? l.filter((x) => x !== d) : [...l, d]))} />{' '}
            {human(d)}
          </label>
        ))}
        {fieldErrors(errs, 'capabilityDomains')}
      </fieldset>
      <button type="submit" disabled={write.fetching || !modelId || !name.trim() || computeInvalid}>
        Register version
      </button>
      <WriteOutcome result={write.last} success={write.last?.value ? `Version ${write.last.value.name} registered; its export decisions are computed.` : undefined} />
    </form>
  );
}
