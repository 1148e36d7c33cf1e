/**
 * Imports documents from files (`npm run import`, `npm run bench:import`, the tests): each file is
 * one document in its own transaction, so one rejection never undoes the others. Answers a count
 * per outcome and per rejection reason (the first problem's field).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { mapDocument, type ImportFormatName } from './import-mutation';
import { recomputeDecisions } from '../decisions/recompute-decisions';
import { documentHash, writeImportedFinding } from './importer';

export interface FileOutcome {
  file: string;
  outcome: 'IMPORTED' | 'ALREADY_IMPORTED' | 'REJECTED';
  sourceId?: string;
  sourceClass?: string;
  findingId?: string;
  /** for REJECTED: `<field path>: <message>` */
  reason?: string;
}

export interface ImportSummary {
  total: number;
  byOutcome: Record<string, number>;
  /** imported documents per source class (AVID problemtype.classof) */
  byClass: Record<string, number>;
  /** rejections per reason */
  rejections: Record<string, number>;
  created: { organizations: number; models: number; versions: number };
  outcomes: FileOutcome[];
  /** versions whose decisions were recomputed after the import */
  versionsRecomputed: number;
}

const RECOMPUTE_BATCH = 50;

/** The .json files named: a file, or every .json file in a directory tree (sorted). */
export function listDocumentFiles(target: string): string[] {
  const stat = fs.statSync(target);
  if (stat.isFile()) return [target];
  const out: string[] = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    const p = path.join(target, entry.name);
    if (entry.isDirectory()) out.push(...listDocumentFiles(p));
    else if (entry.name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export async function importFiles(
  db: DataSource,
  format: ImportFormatName,
  files: readonly string[],
  opts: { actor: string; now?: () => Date; onOutcome?: (o: FileOutcome) => void },
): Promise<ImportSummary> {
  // Decisions are recomputed once per version touched, after all documents (a version named by
  // many reports would otherwise be re-evaluated for every one of them), in batches.
  const touched = new Set<string>();
  const summary: ImportSummary = { total: 0, byOutcome: {}, byClass: {}, rejections: {}, created: { organizations: 0, models: 0, versions: 0 }, outcomes: [], versionsRecomputed: 0 };
  for (const file of files) {
    summary.total++;
    const now = opts.now?.() ?? new Date();
    let outcome: FileOutcome;
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      doc = undefined;
      outcome = { file, outcome: 'REJECTED', reason: `document: not JSON (${(err as Error).message})` };
    }
    if (doc !== undefined) {
      const mapped = mapDocument(format, doc, now);
      if (!mapped.ok) {
        const p = mapped.problems[0]!;
        outcome = { file, outcome: 'REJECTED', reason: `document.${p.path.join('.') || '(root)'}: ${p.message}` };
      } else {
        const written = await db.transaction((tx) =>
          writeImportedFinding(tx, mapped.finding, documentHash(doc), opts.actor, now, { recomputeDecisions: false }),
        );
        for (const id of written.versionIds) touched.add(id);
        outcome = { file, outcome: written.outcome, sourceId: mapped.finding.sourceId, sourceClass: mapped.finding.sourceClass, findingId: written.findingId };
        summary.created.organizations += written.created.organizations;
        summary.created.models += written.created.models;
        summary.created.versions += written.created.versions;
        if (written.outcome === 'IMPORTED') bump(summary.byClass, mapped.finding.sourceClass);
      }
    }
    outcome = outcome!;
    bump(summary.byOutcome, outcome.outcome);
    if (outcome.reason) bump(summary.rejections, outcome.reason);
    summary.outcomes.push(outcome);
    opts.onOutcome?.(outcome);
  }
  const ids = [...touched];
  const now = opts.now?.() ?? new Date();
  for (let i = 0; i < ids.length; i += RECOMPUTE_BATCH) {
    const batch = ids.slice(i, i + RECOMPUTE_BATCH);
    await db.transaction((tx) => recomputeDecisions(tx, batch, { cause: 'FINDING_REPORTED', actor: opts.actor, now }));
  }
  summary.versionsRecomputed = ids.length;
  return summary;
}
