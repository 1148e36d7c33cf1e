/** Small building blocks shared by every screen: states, badges, dates, page titles. */
import { useEffect, useRef, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import type { LiveNoticeState } from '../live';

export const OUTCOMES = ['ELIGIBLE', 'CONDITIONAL', 'RESTRICTED', 'SUSPENDED', 'PROHIBITED'] as const;
export const OUTCOME_COLORS: Record<string, string> = {
  ELIGIBLE: '#1a7f37',
  CONDITIONAL: '#9a6700',
  RESTRICTED: '#bc4c00',
  SUSPENDED: '#cf222e',
  PROHIBITED: '#57606a',
};
/** A symbol beside every colour, so the outcome never depends on colour alone. */
export const OUTCOME_SYMBOLS: Record<string, string> = {
  ELIGIBLE: '✓',
  CONDITIONAL: '≈',
  RESTRICTED: '!',
  // U+2016 (double vertical line): in every common font, unlike U+23F8 (⏸), which rendered as an empty box.
  SUSPENDED: '‖',
  PROHIBITED: '✕',
};
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export const SEVERITY_COLORS: Record<string, string> = {
  CRITICAL: '#82071e',
  HIGH: '#cf222e',
  MEDIUM: '#8a5a00', // 5.9:1 with white text (the former #bf8700 was 3.1:1)
  LOW: '#57606a',
};
export const TIERS = ['TIER_1', 'TIER_2', 'TIER_3'] as const;
export const OPEN_STATUSES = ['REPORTED', 'TRIAGED', 'MITIGATING', 'REMEDIATED'] as const;

export const human = (code: string | null | undefined): string =>
  code ? code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ') : '—';

/** Sets the document title and moves focus to the page heading, so screen readers announce it. */
export interface FilterOption {
  value: string;
  label: string;
}

/** A labelled filter drop-down whose first choice, "Any", means no filter (value ""). */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly FilterOption[];
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Options for a closed set of codes, labelled for people. */
export const codeOptions = (codes: readonly string[]): FilterOption[] => codes.map((c) => ({ value: c, label: human(c) }));

export function PageTitle({ children, sub }: { children: string; sub?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} — Model Security Registry`;
    ref.current?.focus({ preventScroll: true });
  }, [children]);
  return (
    <header className="page-header">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {sub ? <div className="page-sub">{sub}</div> : null}
    </header>
  );
}

export function Loading({ what = 'data' }: { what?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function ErrorState({ error, retry }: { error: CombinedError | Error | string; retry?: () => void }) {
  const message =
    typeof error === 'string'
      ? error
      : 'graphQLErrors' in error && error.graphQLErrors.length
        ? error.graphQLErrors.map((e) => e.message).join(' ')
        : 'networkError' in error && error.networkError
          ? `The registry could not be reached (${error.networkError.message}).`
          : error.message;
  return (
    <div className="state state-error" role="alert">
      <strong>Something went wrong.</strong> {message}
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className="badge" style={{ background: OUTCOME_COLORS[outcome] ?? '#57606a' }}>
      <span aria-hidden="true">{OUTCOME_SYMBOLS[outcome]} </span>
      {outcome}
    </span>
  );
}

export function SeverityBadge({ level }: { level: string | null | undefined }) {
  if (!level) return <span className="badge badge-muted">unassessed</span>;
  return (
    <span className="badge" style={{ background: SEVERITY_COLORS[level] ?? '#57606a' }}>
      {level}
    </span>
  );
}

const STATE_CLASS: Record<string, string> = {
  OVERDUE: 'st-bad',
  DUE_SOON: 'st-warn',
  ON_TRACK: 'st-ok',
  MET: 'st-done',
  NOT_APPLICABLE: 'st-muted',
};
export function StateBadge({ state }: { state: string }) {
  return <span className={`badge ${STATE_CLASS[state] ?? 'badge-muted'}`}>{human(state)}</span>;
}

export function Tag({ children }: { children: ReactNode }) {
  return <span className="tag">{children}</span>;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function When({ at, dateOnly }: { at: string | null | undefined; dateOnly?: boolean }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {(dateOnly ? dayFormat : dateFormat).format(d)}
      {dateOnly ? '' : ' UTC'}
    </time>
  );
}

/** "3 d 4 h" from seconds. */
export function duration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

export function LiveNotice({ notice, onDismiss }: { notice: LiveNoticeState | null; onDismiss: () => void }) {
  return (
    <div aria-live="polite" role="status" className="live-notice-slot">
      {notice ? (
        <div className="live-notice">
          <span className="pulse" aria-hidden="true" /> {notice.message}{' '}
          <time dateTime={notice.at.toISOString()}>({notice.at.toLocaleTimeString()})</time>
          <button type="button" onClick={onDismiss} aria-label="Dismiss update notice">
            ✕
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-h`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** An ISO 8601 instant inside a text (as the API's explanations write them). */
const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z\b/g;

/**
 * A text with every ISO instant in it formatted like the dates beside it ("30 Nov 2026, 06:15 UTC"),
 * so an explanation never shows `2026-11-30T06:15:51.406Z` next to a formatted date.
 */
export function readableTimes(text: string | null | undefined): string {
  if (!text) return text ?? '';
  return text.replace(ISO_IN_TEXT, (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : `${dateFormat.format(d)} UTC`;
  });
}
