/**
 * "Export CSV" / "Export JSON" of the decisions and audits lists with the screen's filters applied
 * (paged through the API like the findings export, web/src/actions/export-list.ts).
 */
import { useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { AuditFilter, AuditsExportQuery as AuditsData, DecisionsExportQuery as DecisionsData, ExportDecisionFilter } from '../gql/graphql';
import { collectPages, downloadExport, type Cell, type ExportPage } from './export-list';

export const DecisionsExportQuery = graphql(`
  query DecisionsExport($first: Int!, $after: String, $filter: ExportDecisionFilter) {
    exportDecisions(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          tier outcome computedOutcome evaluatedAt policyVersion
          modelVersion { name modelName developerName }
          jurisdiction { code name }
          override { outcome justification setBy expiresAt }
          reasons { code message findingPublicIds }
        }
      }
    }
  }
`);

export const AuditsExportQuery = graphql(`
  query AuditsExport($first: Int!, $after: String, $filter: AuditFilter) {
    audits(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          kind status scopes summary startedAt completedAt outcome
          auditor { name }
          modelVersion { name modelName developerName }
          findings { role retestResult finding { publicId } }
          qualification { counts policyVersion reasons { code message } }
        }
      }
    }
  }
`);

type DecisionRow = DecisionsData['exportDecisions']['edges'][number]['node'];
type AuditRow = AuditsData['audits']['edges'][number]['node'];

const DECISION_COLUMNS = [
  'modelVersion',
  'model',
  'developer',
  'jurisdictionCode',
  'jurisdiction',
  'tier',
  'outcome',
  'computedOutcome',
  'overrideOutcome',
  'overrideJustification',
  'overrideSetBy',
  'overrideExpiresAt',
  'reasons',
  'policyVersion',
  'evaluatedAt',
] as const;

const decisionRow = (d: DecisionRow): Cell[] => [
  d.modelVersion.name,
  d.modelVersion.modelName,
  d.modelVersion.developerName,
  d.jurisdiction.code,
  d.jurisdiction.name,
  d.tier,
  d.outcome,
  d.computedOutcome,
  d.override?.outcome,
  d.override?.justification,
  d.override?.setBy,
  d.override?.expiresAt,
  d.reasons.map((r) => r.code).join('; '),
  d.policyVersion,
  d.evaluatedAt,
];

const AUDIT_COLUMNS = [
  'modelVersion',
  'developer',
  'auditor',
  'kind',
  'status',
  'scopes',
  'startedAt',
  'completedAt',
  'outcome',
  'counts',
  'qualificationReasons',
  'findings',
  'summary',
] as const;

const auditRow = (a: AuditRow): Cell[] => [
  a.modelVersion.name,
  a.modelVersion.developerName,
  a.auditor.name,
  a.kind,
  a.status,
  a.scopes.join('; '),
  a.startedAt,
  a.completedAt,
  a.outcome,
  a.qualification?.counts,
  a.qualification?.reasons.map((r) => r.code).join('; '),
  a.findings.map((f) => `${f.role} ${f.finding.publicId}${f.retestResult ? ` ${f.retestResult}` : ''}`).join('; '),
  a.summary,
];

function ExportButtons<Row>({
  fetchPage,
  write,
}: {
  fetchPage: (after: string | null) => Promise<ExportPage<Row> | { error: string }>;
  write: (format: 'csv' | 'json', exported: { rows: Row[]; totalCount: number }) => string;
}) {
  const [state, setState] = useState<string | null>(null);
  const run = async (format: 'csv' | 'json') => {
    setState('Exporting…');
    const exported = await collectPages(fetchPage);
    setState('error' in exported ? `Export failed: ${exported.error}` : write(format, exported));
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

export function ExportDecisions({ filter }: { filter: ExportDecisionFilter }) {
  const client = useClient();
  return (
    <ExportButtons<DecisionRow>
      fetchPage={async (after) => {
        const r = await client.query(DecisionsExportQuery, { first: 100, after, filter }, { requestPolicy: 'network-only' }).toPromise();
        if (r.error || !r.data) return { error: r.error?.message ?? 'no answer' };
        const c = r.data.exportDecisions;
        return { totalCount: c.totalCount, rows: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor ?? null, hasNextPage: c.pageInfo.hasNextPage };
      }}
      write={(format, exported) => downloadExport(format, 'decisions', exported, DECISION_COLUMNS, decisionRow, { filter })}
    />
  );
}

export function ExportAudits({ filter }: { filter: AuditFilter }) {
  const client = useClient();
  return (
    <ExportButtons<AuditRow>
      fetchPage={async (after) => {
        const r = await client.query(AuditsExportQuery, { first: 100, after, filter }, { requestPolicy: 'network-only' }).toPromise();
        if (r.error || !r.data) return { error: r.error?.message ?? 'no answer' };
        const c = r.data.audits;
        return { totalCount: c.totalCount, rows: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor ?? null, hasNextPage: c.pageInfo.hasNextPage };
      }}
      write={(format, exported) => downloadExport(format, 'audits', exported, AUDIT_COLUMNS, auditRow, { filter })}
    />
  );
}
