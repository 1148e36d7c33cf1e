/**
 * Export of a list as CSV or JSON, built in the browser from the API's own pages (the screen's
 * filter and order applied by the server), so an export holds exactly what the list holds.
 */

/** At most this many rows per export (100 pages of 100). */
export const MAX_EXPORT_ROWS = 10_000;

export type Cell = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading
 * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so a spreadsheet does not run it
 * as a formula (OWASP "CSV injection").
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Offers the text as a file download. */
export function download(filename: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One page of a connection as an export reads it. */
export interface ExportPage<Row> {
  totalCount: number;
  rows: Row[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * Reads every page (100 at a time, at most MAX_EXPORT_ROWS rows) through `fetchPage`, which
 * applies the screen's filter; a failed page stops the export with its message.
 */
export async function collectPages<Row>(
  fetchPage: (after: string | null) => Promise<ExportPage<Row> | { error: string }>,
): Promise<{ rows: Row[]; totalCount: number } | { error: string }> {
  const rows: Row[] = [];
  let after: string | null = null;
  let totalCount: number;
  for (;;) {
    const page = await fetchPage(after);
    if ('error' in page) return page;
    totalCount = page.totalCount;
    rows.push(...page.rows);
    if (!page.hasNextPage || rows.length >= MAX_EXPORT_ROWS) break;
    after = page.endCursor;
  }
  return { rows, totalCount };
}

/** The export as a download: CSV with `columns`, or JSON with the filter and the rows under `key`. */
export function downloadExport<Row>(
  format: 'csv' | 'json',
  name: string,
  exported: { rows: Row[]; totalCount: number },
  columns: readonly string[],
  csvRow: (row: Row) => Cell[],
  meta: Record<string, unknown>,
): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (format === 'csv') download(`${name}-${stamp}.csv`, 'text/csv;charset=utf-8', toCsv(columns, exported.rows.map(csvRow)));
  else
    download(
      `${name}-${stamp}.json`,
      'application/json',
      JSON.stringify({ exportedAt: new Date().toISOString(), ...meta, totalCount: exported.totalCount, [name]: exported.rows }, (k, v) => (k === '__typename' ? undefined : v), 2),
    );
  return exported.rows.length < exported.totalCount ? `Exported the first ${exported.rows.length} of ${exported.totalCount}.` : `Exported ${exported.rows.length}.`;
}
