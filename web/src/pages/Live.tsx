/** The registry's event feed, as it arrives. */
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { useLive } from '../live';
import { Empty, PageTitle, When, human, readableTimes } from '../components/ui';

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

function parsePayload(payload: string): Record<string, unknown> {
  try {
    const p = JSON.parse(payload) as unknown;
    return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The subject as people know it (public id, version and jurisdiction, name), from the event's payload. */
function subjectName(subjectType: string, p: Record<string, unknown>): string {
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : null);
  if (subjectType === 'Finding') return [str('publicId'), str('title')].filter(Boolean).join(' ') || 'a finding';
  if (subjectType === 'ExportDecision') return [str('versionName') ?? 'a decision', str('jurisdiction') ? `in ${str('jurisdiction')}` : null].filter(Boolean).join(' ');
  if (subjectType === 'ModelVersion') return str('versionName') ?? str('name') ?? 'a model version';
  return str('name') ?? `a ${human(subjectType).toLowerCase()}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Internal ids mean nothing to people (the subject is named above): such fields are left out. */
const isInternalId = (key: string, value: unknown): boolean =>
  /Ids?$/.test(key) && (Array.isArray(value) ? value.length > 0 && value.every((v) => typeof v === 'string' && UUID.test(v)) : typeof value === 'string' && UUID.test(value));

/** A payload value in words: lists joined, objects as key: value, nothing as a dash. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join('; ') : 'none';
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${show(v)}`).join(', ');
  return readableTimes(String(value));
}

export function Live() {
  const { events: all, mode, received } = useLive();
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const types = [...new Set(all.map((e) => e.type))].sort();
  const q = text.trim().toLowerCase();
  const events = all.filter((e) => (!type || e.type === type) && (!q || `${e.type} ${e.actor} ${e.payload}`.toLowerCase().includes(q)));
  return (
    <>
      <PageTitle sub={`${mode === 'subscription' ? 'Subscribed over WebSocket' : mode === 'polling' ? 'Polling every second (no subscription offered yet)' : human(mode)} · ${received} new since this page was opened`}>
        Live
      </PageTitle>
      <form className="filters" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
        <label>
          Event type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Any</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {human(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Contains
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Public id, version, actor…" />
        </label>
      </form>
      {events.length === 0 ? (
        <Empty>{all.length ? 'No event matches the filter.' : 'No events yet.'}</Empty>
      ) : (
        <ol className="feed live-feed" aria-label="Registry events, newest first" aria-live="polite" aria-relevant="additions">
          {events.map((e) => {
            const to = linkFor(e.subjectType, e.subjectId, e.payload);
            const payload = parsePayload(e.payload);
            const name = subjectName(e.subjectType, payload);
            return (
              <li key={e.id}>
                <span className="seq">#{e.sequence}</span> <When at={e.occurredAt} /> <strong>{human(e.type)}</strong>:{' '}
                {to ? <Link to={to}>{name}</Link> : name} <span className="muted">by {e.actor}</span>
                <details>
                  <summary>Details</summary>
                  <dl className="facts small">
                    {Object.entries(payload)
                      .filter(([k, v]) => !isInternalId(k, v))
                      .map(([k, v]) => (
                      <Fragment key={k}>
                        <dt>{k}</dt>
                        <dd>{show(v)}</dd>
                      </Fragment>
                    ))}
                  </dl>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
