/**
 * Lineage in the explorer (issue 19): a finding's blast radius as a tree (affected versions, and
 * under each the descendants it reaches, with their outcome per tier), and a version's parents,
 * children and inherited findings with their paths. Each loads its own query, so the pages only
 * place them.
 */
import { Link } from 'react-router-dom';
import { useCallback } from 'react';
import { useQuery } from 'urql';
import { DeclareParentForm, DetailsGrantForm, NotAffectedForm, RetractParentForm, useLineageActions } from '../actions/LineageActions';
import { FindingBlastRadiusQuery, VersionLineageQuery } from '../operations';
import type { FindingBlastRadiusQuery as BlastRadiusResult, VersionLineageQuery as VersionLineageResult } from '../gql/graphql';
import { Empty, ErrorState, Loading, OutcomeBadge, Section, SeverityBadge, Tag, When, human } from './ui';

type Entry = NonNullable<BlastRadiusResult['findingByPublicId']>['blastRadius'][number];
type Inherited = NonNullable<VersionLineageResult['modelVersion']>['inheritedFindings'][number];
type Step = Entry['path'][number];

const versionLink = (v: { id: string; name: string }) => <Link to={`/versions/${encodeURIComponent(v.id)}`}>{v.name}</Link>;
const pathText = (path: Step[]) => path.map((s) => `${s.parent.name} → ${human(s.relation)} → `).join('') + (path.at(-1)?.child.name ?? '');

/** The blast radius of one finding, as a tree rooted at the versions it affects directly. */
export function BlastRadiusTree({ publicId }: { publicId: string }) {
  const [result] = useQuery({ query: FindingBlastRadiusQuery, variables: { publicId } });
  const entries = result.data?.findingByPublicId?.blastRadius;
  return (
    <Section title="Blast radius" id="blast-radius">
      {result.error && !result.data ? <ErrorState error={result.error} /> : null}
      {!result.data ? <Loading what="the blast radius" /> : null}
      {entries && entries.length === 0 ? <Empty>No version is affected.</Empty> : null}
      {entries && entries.length > 0 ? <Tree entries={entries} /> : null}
    </Section>
  );
}

function Tree({ entries }: { entries: Entry[] }) {
  // Each inherited entry hangs under the last parent on its (shortest) path.
  const childrenOf = new Map<string, Entry[]>();
  for (const e of entries) {
    const parent = e.path.at(-1)?.parent.id;
    if (!parent) continue;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), e]);
  }
  const render = (e: Entry, depth: number) => {
    const kids = childrenOf.get(e.modelVersion.id) ?? [];
    return (
      <li key={`${e.modelVersion.id}-${depth}`} role="treeitem" aria-level={depth} aria-expanded={kids.length ? true : undefined} aria-selected={false}>
        {versionLink(e.modelVersion)} <Tag>{e.reach === 'DIRECT' ? 'affected' : `inherited via ${human(e.path.at(-1)!.relation)}`}</Tag>{' '}
        {e.status !== 'OPEN' ? <Tag>{human(e.status)}</Tag> : null}{' '}
        {e.outcomes.map((o) => (
          <span key={o.tier} className="small">
            {human(o.tier)} <OutcomeBadge outcome={o.outcome} />{' '}
          </span>
        ))}
        {kids.length ? <ul role="group">{kids.map((k) => render(k, depth + 1))}</ul> : null}
      </li>
    );
  };
  return (
    <ul role="tree" aria-label="Versions affected directly or by inheritance" className="lineage-tree">
      {entries.filter((e) => e.reach === 'DIRECT').map((e) => render(e, 1))}
    </ul>
  );
}

/**
 * A version's parents and children, and the findings it inherits with what clears them here; with
 * the lineage writes the viewer may make on it (web/src/actions/LineageActions.tsx).
 */
export function VersionLineage({ versionId }: { versionId: string }) {
  const [result, reexecute] = useQuery({ query: VersionLineageQuery, variables: { id: versionId } });
  const can = useLineageActions(versionId);
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const v = result.data?.modelVersion;
  return (
    <Section title="Lineage" id="lineage">
      {result.error && !result.data ? <ErrorState error={result.error} /> : null}
      {!result.data ? <Loading what="the lineage" /> : null}
      {v ? (
        <>
          {v.parents.length === 0 && v.children.length === 0 ? <Empty>No parents or derived versions declared.</Empty> : null}
          {v.parents.length ? (
            <p>
              Derived from:{' '}
              {v.parents.map((p, i) => (
                <span key={p.parent.id}>
                  {i ? ', ' : ''}
                  {versionLink(p.parent)} ({human(p.relation)})
                </span>
              ))}
            </p>
          ) : null}
          {v.children.length ? (
            <p>
              Derived versions:{' '}
              {v.children.map((c, i) => (
                <span key={c.child.id}>
                  {i ? ', ' : ''}
                  {versionLink(c.child)} ({human(c.relation)})
                </span>
              ))}
            </p>
          ) : null}
          {v.inheritedFindings.length ? (
            <>
              <h3>Inherited findings</h3>
              <ul>
                {v.inheritedFindings.map((i) => (
                  <li key={i.finding?.id ?? i.clearedBy}>
                    {i.finding ? <Link to={`/findings/${i.finding.publicId}`}>{i.finding.publicId}</Link> : 'A finding'}{' '}
                    <SeverityBadge level={i.finding?.currentSeverity?.level} /> <Tag>{human(i.status)}</Tag> {i.finding?.title}
                    <div className="muted small">
                      {pathText(i.path)}. {i.clearedBy}
                    </div>
                    <DetailsGrants inherited={i} developer={v.developer} always={can.grantDetails} />
                    {can.notAffected && i.status === 'OPEN' && i.finding ? (
                      <NotAffectedForm versionId={v.id} finding={i.finding} onWritten={refresh} />
                    ) : null}
                    {/* The finding's own developer reads its details already (ALREADY_READABLE): nothing to grant. */}
                    {can.grantDetails && i.finding && i.finding.developer.id !== v.developer.id ? (
                      <DetailsGrantForm
                        versionId={v.id}
                        finding={i.finding}
                        developerName={v.developer.name}
                        standing={i.detailsGrants.some((g) => !g.revokedAt)}
                        onWritten={refresh}
                      />
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {v.lineageHistory.some((l) => l.retractedAt) ? (
            <>
              <h3>Retracted declarations</h3>
              <ul aria-label="Retracted declarations">
                {v.lineageHistory
                  .filter((l) => l.retractedAt)
                  .map((l) => (
                    <li key={`${l.parent.id}-${l.declaredAt}`}>
                      {versionLink(l.parent)} ({human(l.relation)}), declared by {l.declaredBy} <When at={l.declaredAt} />; retracted by {l.retractedBy}{' '}
                      <When at={l.retractedAt} />: {l.retractionReason}
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
          {can.declare ? <DeclareParentForm versionId={v.id} excluded={v.parents.map((p) => p.parent.id)} onWritten={refresh} /> : null}
          {can.declare && v.parents.length ? <RetractParentForm versionId={v.id} parents={v.parents} onWritten={refresh} /> : null}
        </>
      ) : null}
    </Section>
  );
}

/**
 * Whether this version's developer may read the inherited finding's restricted details by a
 * regulator's grant: the standing grant (or none) and the revoked ones; shown when there is a grant
 * or the viewer may make one. The server sends the grants only to government staff, this version's
 * developer and the finding's own developer; others see nothing.
 */
function DetailsGrants({ inherited, developer, always }: { inherited: Inherited; developer: { id: string; name: string }; always: boolean }) {
  const grants = inherited.detailsGrants;
  if (!inherited.finding) return null;
  if (inherited.finding.developer.id === developer.id) return null;
  const standing = grants.find((g) => !g.revokedAt);
  const revoked = grants.filter((g) => g.revokedAt);
  if (!standing && revoked.length === 0 && !always) return null;
  return (
    <div className="small" data-testid="details-grants">
      {standing ? (
        <p>
          <Tag>details granted</Tag> {standing.grantee.name} reads the restricted details: granted by {standing.grantedBy} <When at={standing.grantedAt} /> ({standing.justification}).
        </p>
      ) : (
        <p>
          <Tag>details not granted</Tag> {developer.name} does not read the restricted details.
        </p>
      )}
      {revoked.length ? (
        <ul aria-label={`Revoked grants of ${inherited.finding.publicId}`}>
          {revoked.map((g) => (
            <li key={g.grantedAt}>
              Granted to {g.grantee.name} by {g.grantedBy} <When at={g.grantedAt} />; revoked by {g.revokedBy} <When at={g.revokedAt} />: {g.revocationReason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
