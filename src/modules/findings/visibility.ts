/**
 * Applies the undisclosed-findings rule (`mayViewFinding`, src/modules/access/rules.ts) to findings
 * already loaded, for every read path that does not page in SQL (single lookups, `node`,
 * `_entities`, nested lists, audits, subscription messages). Paged listings apply the same rule in
 * their SQL (`findingVisibilitySql`). Viewers who see every finding cost no statement; for the
 * others the disclosure check is one batched statement (`findingPubliclyDisclosed`).
 */
import type { GraphQLContext } from '../../graphql/context';
import type { FindingEntity } from '../../persistence/entities';
import { mayViewFinding, seesUndisclosedFindings } from '../access/rules';

/** Whether the viewer may see the finding with this id. */
export async function mayViewFindingId(ctx: GraphQLContext, findingId: string): Promise<boolean> {
  if (seesUndisclosedFindings(ctx.viewer)) return true;
  return mayViewFinding(ctx.viewer, await ctx.loaders.findingPubliclyDisclosed.load(findingId));
}

/** The finding, or null when the viewer may not see it (the same answer as for no finding). */
export async function visibleFinding<T extends FindingEntity>(ctx: GraphQLContext, finding: T | null | undefined): Promise<T | null> {
  if (!finding) return null;
  return (await mayViewFindingId(ctx, finding.id)) ? finding : null;
}

/** The findings of a list the viewer may see, in order. */
export async function visibleFindings<T extends FindingEntity>(ctx: GraphQLContext, findings: readonly T[]): Promise<T[]> {
  if (seesUndisclosedFindings(ctx.viewer) || findings.length === 0) return [...findings];
  const disclosed = await Promise.all(findings.map((f) => ctx.loaders.findingPubliclyDisclosed.load(f.id)));
  return findings.filter((_f, i) => mayViewFinding(ctx.viewer, disclosed[i]!));
}

/** Items of a list that refer to findings by id, kept only when the viewer may see the finding. */
export async function withVisibleFindings<T>(ctx: GraphQLContext, items: readonly T[], findingIdOf: (item: T) => string): Promise<T[]> {
  if (seesUndisclosedFindings(ctx.viewer) || items.length === 0) return [...items];
  const disclosed = await Promise.all(items.map((item) => ctx.loaders.findingPubliclyDisclosed.load(findingIdOf(item))));
  return items.filter((_item, i) => mayViewFinding(ctx.viewer, disclosed[i]!));
}
