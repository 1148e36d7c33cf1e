/** The registry's event feed, as it arrives. */
import { Link } from 'react-router-dom';
import { useLive } from '../live';
import { Empty, PageTitle, When, human } from '../components/ui';

function linkFor(subjectType: string, subjectId: string, payload: string): string | null {
  if (subjectType === 'ModelVersion') return `/versions/${encodeURIComponent(subjectId)}`;
  if (subjectType === 'ExportDecision') return `/decisions/${encodeURIComponent(subjectId)}`;
  if (subjectType === 'Finding') {
    try {
      const p = JSON.parse(payload) as { publicId?: string };
      return p.publicId ? `/findings/${p.publicId}` : null;
    } catch {
      return null;
    }
  }
  if (subjectType === 'Audit') return '/audits';
  return null;
}

export function Live() {
  const { events, mode, received } = useLive();
  return (
    <>
      <PageTitle sub={`${mode === 'subscription' ? 'Subscribed over WebSocket' : mode === 'polling' ? 'Polling every second (no subscription offered yet)' : human(mode)} · ${received} new since this page was opened`}>
        Live
      </PageTitle>
      {events.length === 0 ? (
        <Empty>No events yet.</Empty>
      ) : (
        <ol className="feed live-feed" aria-label="Registry events, newest first" aria-live="polite" aria-relevant="additions">
          {events.map((e) => {
            const to = linkFor(e.subjectType, e.subjectId, e.payload);
            return (
              <li key={e.id}>
                <span className="seq">#{e.sequence}</span> <When at={e.occurredAt} /> <strong>{human(e.type)}</strong> on{' '}
                {to ? <Link to={to}>{e.subjectType}</Link> : e.subjectType} <span className="muted">by {e.actor}</span>
                <details>
                  <summary>Payload</summary>
                  <pre className="wrap small">{e.payload}</pre>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
