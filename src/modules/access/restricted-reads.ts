/**
 * The only path to restricted data: checks the read rule (rules.ts) and records every read that
 * returned something as a hash-chained `RESTRICTED_DETAILS_READ` event, in the same operation and
 * before the data leaves. Reads of one operation are recorded together (one transaction); if the
 * record cannot be written, the data is not returned.
 */
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../../graphql/context';
import type { ErrorCode } from '../../graphql/errors';
import { detailsCipherOf, DetailsDecryptionError, type RestrictedDetails } from '../../infra/details-crypto';
import { describeError } from '../../infra/sql-logger';
import type { FindingEntity } from '../../persistence/entities';
import { openRestrictedDetails } from '../findings/restricted-details-store';
import { appendEvents } from '../events/event-log';
import { actorOf, mayReadRestrictedDetails, RESTRICTED_DETAILS_READ } from './rules';

/** Who may list these events: `mayViewRestrictedReadLog` (rules.ts). */
export { RESTRICTED_DETAILS_READ };

interface ReadRecord {
  finding: FindingEntity;
}

/** Per operation (keyed by its context), so batching never outlives the request. */
const recorders = new WeakMap<GraphQLContext, DataLoader<ReadRecord, true, string>>();

function recorderOf(ctx: GraphQLContext): DataLoader<ReadRecord, true, string> {
  let recorder = recorders.get(ctx);
  if (!recorder) {
    recorder = new DataLoader<ReadRecord, true, string>(
      async (reads) => {
        // One batch for every read of the operation: a fixed number of statements.
        await ctx.db.transaction((manager) =>
          appendEvents(
            manager,
            reads.map(({ finding }) => ({
              actor: actorOf(ctx.viewer),
              type: RESTRICTED_DETAILS_READ,
              subjectType: 'Finding',
              subjectId: finding.id,
              payload: { publicId: finding.publicId, organizationId: ctx.viewer.organizationId, roles: ctx.viewer.roles },
              occurredAt: ctx.now,
            })),
          ),
        );
        return reads.map(() => true as const);
      },
      { cacheKeyFn: (r) => r.finding.id },
    );
    recorders.set(ctx, recorder);
  }
  return recorder;
}

/**
 * `Finding.restrictedDetails`: the details when the viewer may read them (and the read is
 * recorded), else null. The only place sealed details are decrypted, after the rule allowed the
 * read; a row that does not open (altered, moved to another finding, key not configured) is a
 * DETAILS_UNAVAILABLE error on this field, logged for the operators, and is not recorded as read.
 */
export async function readRestrictedDetails(ctx: GraphQLContext, finding: FindingEntity): Promise<RestrictedDetails | null> {
  if (!(await mayReadRestrictedDetails(ctx, finding))) return null;
  const row = await ctx.loaders.restrictedDetailsByFinding.load(finding.id);
  if (!row) return null;
  let details: RestrictedDetails;
  try {
    details = openRestrictedDetails(detailsCipherOf(ctx.db), row);
  } catch (err) {
    if (!(err instanceof DetailsDecryptionError)) throw err;
    console.error(`[details] ${describeError(err, { stack: false })}`);
    throw new GraphQLError('The restricted details of this finding cannot be decrypted; the operators have been alerted.', {
      extensions: { code: 'DETAILS_UNAVAILABLE' satisfies ErrorCode },
    });
  }
  await recorderOf(ctx).load({ finding });
  return details;
}
