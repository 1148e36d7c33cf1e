/** Model versions: the list. */
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { ModelVersionsQuery } from '../operations';
import { useLiveRefresh } from '../live';
import { RegisterModelControls } from '../actions/RegisterModel';
import { Empty, ErrorState, LiveNotice, Loading, PageTitle, Tag, When, human } from '../components/ui';

export function Versions() {
  const [result, refetch] = useQuery({ query: ModelVersionsQuery });
  const [notice, dismiss] = useLiveRefresh('any', () => refetch({ requestPolicy: 'network-only' }));
  const versions = result.data?.modelVersions.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageTitle sub={result.data ? `${result.data.modelVersions.totalCount} versions` : undefined}>Model versions</PageTitle>
      <LiveNotice notice={notice} onDismiss={dismiss} />
      {result.error && !result.data ? <ErrorState error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!result.data && !result.error ? <Loading what="model versions" /> : null}
      {result.data && versions.length === 0 ? <Empty>No model versions registered.</Empty> : null}
      {versions.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Model versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Model</th>
                <th scope="col">Developer</th>
                <th scope="col">Access</th>
                <th scope="col">Released</th>
                <th scope="col">Training compute</th>
                <th scope="col">Weights</th>
                <th scope="col">Capability domains</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>
                    <Link to={`/versions/${encodeURIComponent(v.id)}`}>{v.name}</Link>
                  </td>
                  <td>{v.model.name}</td>
                  <td>{v.developer.name}</td>
                  <td>
                    <span className={`badge ${v.accessStatus === 'ACTIVE' ? 'st-ok' : v.accessStatus === 'SUSPENDED' ? 'st-bad' : 'badge-muted'}`}>{human(v.accessStatus)}</span>
                  </td>
                  <td>
                    <When at={v.releasedAt} dateOnly />
                  </td>
                  <td>{v.trainingComputeOps != null ? v.trainingComputeOps.toExponential(1) : '—'}</td>
                  <td>{human(v.weightAvailability)}</td>
                  <td>
                    {v.capabilityDomains.map((d) => (
                      <Tag key={d}>{human(d)}</Tag>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <RegisterModelControls onWritten={() => refetch({ requestPolicy: 'network-only' })} />
    </>
  );
}
