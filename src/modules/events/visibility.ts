/**
 * Applies the event rule (`mayViewEvent`, src/modules/access/rules.ts) to one event already read:
 * for `node(id)` of a RegistryEvent and for every subscription feed. `Query.events` applies the
 * same rule in its SQL (`eventVisibilitySql`). The subject finding's facts are loaded only when
 * the rule needs them for this viewer (batched loaders).
 */
import type { GraphQLContext } from '../../graphql/context';
import type { EventEntity } from '../../persistence/entities';
import { eventNeedsFindingFacts, mayViewEvent } from '../access/rules';

export async function mayViewEventNow(ctx: GraphQLContext, event: EventEntity): Promise<boolean> {
  if (!eventNeedsFindingFacts(ctx.viewer, event)) return mayViewEvent(ctx.viewer, event, null);
  const [finding, disclosed] = await Promise.all([
    ctx.loaders.findingById.load(event.subjectId),
    ctx.loaders.findingPubliclyDisclosed.load(event.subjectId),
  ]);
  return mayViewEvent(ctx.viewer, event, finding ? { developerId: finding.developerId, isPubliclyDisclosed: disclosed } : null);
}
