/**
 * The presentation boundary of the engine's explanations (`DecisionReason`, `EligibilityBlocker`):
 * the domain names findings by public id; a viewer who may not see a finding (`mayViewFinding`,
 * src/modules/access/rules.ts — the public, before its public disclosure) gets the same reason with
 * that finding named "an undisclosed finding": its public id is left out of `findingPublicIds` and
 * replaced in the message and in `clearedBy`. Stored decisions keep the full reasons; only what is
 * served is redacted, so the answer follows the disclosure as soon as it is recorded.
 */
import type { ReasonRefs } from '../../domain';
import type { GraphQLContext } from '../../graphql/context';
import { mayViewFinding, seesUndisclosedFindings } from '../access/rules';

/** How a finding the viewer may not see is named. */
export const UNDISCLOSED_FINDING = 'an undisclosed finding';

/** A public id anywhere in a text (the form of `Finding.publicId`). */
const PUBLIC_ID_IN_TEXT = /\bMSR-\d{4}-\d{4,}\b/g;

export interface ReasonLike {
  message: string;
  clearedBy?: string;
  refs?: ReasonRefs | null;
}

export interface PresentedReason {
  message: string;
  clearedBy: string | undefined;
  findingPublicIds: string[];
}

/** Per operation and reason object: the three fields of a reason are redacted together, once. */
const presented = new WeakMap<GraphQLContext, WeakMap<object, Promise<PresentedReason>>>();

function idsIn(text: string | undefined): string[] {
  return text ? (text.match(PUBLIC_ID_IN_TEXT) ?? []) : [];
}

function rewrite(text: string, hidden: Set<string>): string {
  return text.replace(PUBLIC_ID_IN_TEXT, (id, offset: number) => {
    if (!hidden.has(id)) return id;
    const sentenceStart = offset === 0 || /[.!?]\s+$/.test(text.slice(0, offset));
    return sentenceStart ? UNDISCLOSED_FINDING.charAt(0).toUpperCase() + UNDISCLOSED_FINDING.slice(1) : UNDISCLOSED_FINDING;
  });
}

async function redact(ctx: GraphQLContext, r: ReasonLike): Promise<PresentedReason> {
  const findingPublicIds = r.refs?.findingPublicIds ?? [];
  if (seesUndisclosedFindings(ctx.viewer)) return { message: r.message, clearedBy: r.clearedBy, findingPublicIds };
  const named = [...new Set([...findingPublicIds, ...idsIn(r.message), ...idsIn(r.clearedBy)])];
  if (named.length === 0) return { message: r.message, clearedBy: r.clearedBy, findingPublicIds };
  const disclosed = await Promise.all(named.map((id) => ctx.loaders.publicIdPubliclyDisclosed.load(id)));
  const hidden = new Set(named.filter((_id, i) => !mayViewFinding(ctx.viewer, disclosed[i]!)));
  if (hidden.size === 0) return { message: r.message, clearedBy: r.clearedBy, findingPublicIds };
  return {
    message: rewrite(r.message, hidden),
    clearedBy: r.clearedBy === undefined ? undefined : rewrite(r.clearedBy, hidden),
    findingPublicIds: findingPublicIds.filter((id) => !hidden.has(id)),
  };
}

/** A reason (or blocker) as this viewer may see it. */
export function presentReason(ctx: GraphQLContext, r: ReasonLike): Promise<PresentedReason> {
  let byReason = presented.get(ctx);
  if (!byReason) presented.set(ctx, (byReason = new WeakMap()));
  let result = byReason.get(r);
  if (!result) byReason.set(r, (result = redact(ctx, r)));
  return result;
}
