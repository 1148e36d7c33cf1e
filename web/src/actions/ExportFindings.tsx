/** "Export CSV" / "Export JSON" of the findings list with the screen's filters and order. */
import { useState } from 'react';
import { useClient } from 'urql';
import type { FindingFilter, FindingOrder, FindingsExportQuery as ExportData } from '../gql/graphql';
import { FindingsExportQuery } from './operations';
import { MAX_EXPORT_ROWS, download, toCsv } from './export-list';

type Row = ExportData['findings']['edges'][number]['node'];

const COLUMNS = [
  'publicId',
  'title',
  'category',
  'status',
  'severityLevel',
  'score',
  'interventionTier',
  'cvssVector',
  'developer',
  'affectedVersions',
  'fixedInVersion',
  'overdueDeadlines',
  'discoveredAt',
  'reportedAt',
] as const;

const csvRow = (f: Row) => [
  f.publicId,
  f.title,
  f.category,
  f.status,
  f.currentSeverity?.level,
  f.currentSeverity?.score,
  f.currentSeverity?.interventionTier,
  f.currentSeverity?.cvssVector,
  f.developer.name,
  f.affectedVersions.map((v) => v.name).join('; '),
  f.fixedInVersion?.name,
  (f.deadlines?.deadlines ?? [])
    .filter((d) => d.state === 'OVERDUE')
    .map((d) => d.kind)
    .join('; '),
  f.discoveredAt,
  f.reportedAt,
];

export function ExportFindings({ filter, orderBy }: { filter: FindingFilter; orderBy: FindingOrder }) {
  const client = useClient();
  const [state, setState] = useState<string | null>(null);

  const run = async (format: 'csv' | 'json') => {
    setState('Exporting…');
    const rows: Row[] = [];
    let after: string | null = null;
    let total: number;
    for (;;) {
      const page = await client.query(FindingsExportQuery, { first: 100, after, filter, orderBy }, { requestPolicy: 'network-only' }).toPromise();
      if (page.error || !page.data) {
        setState(`Export failed: ${page.error?.message ?? 'no answer'}`);
        return;
      }
      total = page.data.findings.totalCount;
      rows.push(...page.data.findings.edges.map((e) => e.node));
      if (!page.data.findings.pageInfo.hasNextPage || rows.length >= MAX_EXPORT_ROWS) break;
      after = page.data.findings.pageInfo.endCursor ?? null;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (format === 'csv') download(`findings-${stamp}.csv`, 'text/csv;charset=utf-8', toCsv(COLUMNS, rows.map(csvRow)));
    else
      download(
        `findings-${stamp}.json`,
        'application/json',
        JSON.stringify({ exportedAt: new Date().toISOString(), filter, orderBy, totalCount: total, findings: rows }, (k, v) => (k === '__typename' ? undefined : v), 2),
      );
    setState(rows.length < total ? `Exported the first ${rows.length} of ${total}.` : `Exported ${rows.length}.`);
  };

  return (
    <span className="export-buttons">
      <button type="button" onClick={() => void run('csv')}>
        Export CSV
      </button>{' '}
      <button type="button" onClick={() => void run('json')}>
        Export JSON
      </button>{' '}
      <span role="status" className="muted small">
        {state}
      </span>
    </span>
  );
}
