/**
 * `importFinding`: one AVID report or OSV record, through the write API's runner (one transaction,
 * payload errors naming the field, idempotency keys not needed: the source id is the key).
 */
import type { GraphQLContext } from '../../graphql/context';
import type { ImportFindingInput } from '../../graphql/generated/resolvers-types';
import { problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { actorOf, authorizeRole } from '../access/rules';
import { mapAvidReport, mapOsvRecord, type MapResult } from './import-model';
import { documentHash, writeImportedFinding, type ImportWrite } from './importer';

export type ImportFormatName = 'AVID' | 'OSV';

/** Parses and maps a document; problems are at `document.<path inside the document>`. */
export function mapDocument(format: ImportFormatName, document: unknown, now: Date): MapResult {
  return format === 'AVID' ? mapAvidReport(document, now) : mapOsvRecord(document, now);
}

export function importFinding(ctx: GraphQLContext, input: ImportFindingInput): Promise<MutationOutcome<ImportWrite>> {
  return runMutation(ctx, { operation: 'importFinding', action: 'finding.import', input }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.import');
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.document);
    } catch (err) {
      throw new UserInputProblem(problem('INVALID_JSON', `Not JSON: ${(err as Error).message}`, ['document']));
    }
    const mapped = mapDocument(input.format, parsed, ctx.now);
    if (!mapped.ok) {
      throw new UserInputProblem(mapped.problems.map((p) => problem('INVALID_DOCUMENT', p.message, ['document', ...p.path])));
    }
    return writeImportedFinding(tx, mapped.finding, documentHash(parsed), actorOf(ctx.viewer), ctx.now);
  });
}
