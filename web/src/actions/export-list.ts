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
