/**
 * The only path to restricted data: checks the read rule (rules.ts) and records every read that
 * returned something as a hash-chained `RESTRICTED_DETAILS_READ` event, in the same operation and
 * before the data leaves. Reads of one operation are recorded together (one transaction); if the
 * record cannot be written, the data is not returned.
 */
import DataLoader from 'dataloader';
import type { GraphQLContext } from '../../graphql/context';
import type { FindingEntity, FindingRestrictedDetailsEntity } from '../../persistence/entities';
import { appendEvents } from '../events/event-log';
import { actorOf, mayReadRestrictedDetails } from './rules';

export const RESTRICTED_DETAILS_READ = 'RESTRICTED_DETAILS_READ';

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

/** `Finding.restrictedDetails`: the details when the viewer may read them (and the read is recorded), else null. */
export async function readRestrictedDetails(ctx: GraphQLContext, finding: FindingEntity): Promise<FindingRestrictedDetailsEntity | null> {
  if (!(await mayReadRestrictedDetails(ctx, finding))) return null;
  const details = await ctx.loaders.restrictedDetailsByFinding.load(finding.id);
  if (!details) return null;
  await recorderOf(ctx).load({ finding });
  return details;
}
