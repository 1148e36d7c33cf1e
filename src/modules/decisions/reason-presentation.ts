/**
 * The presentation boundary of the engine's explanations (`DecisionReason`, `EligibilityBlocker`):
 * the domain names findings by public id; a viewer who may not see a finding (`mayViewFinding`,
 * src/modules/access/rules.ts — the public, before its public disclosure) gets the same reason with
 * that finding named "an undisclosed finding": its public id is left out of `findingPublicIds` and
 * replaced in the message and in `clearedBy`. Stored decisions keep the full reasons; only what is
 * served is redacted, so the answer follows the disclosure as soon as it is recorded.
 */
import { auditLabel, type ReasonRefs } from '../../domain';
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

/** An internal id (a UUID) in a text: explanations stored before issue 14 named versions and audits so. */
const UUID_IN_TEXT = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * Names every internal id in a text as people know it: a model version by its name, an audit by
 * its auditor and day, an organization by its name; an id that is none of these stays as it is.
 */
async function nameInternalIds(ctx: GraphQLContext, text: string | undefined): Promise<string | undefined> {
  const ids = text ? [...new Set(text.match(UUID_IN_TEXT) ?? [])].map((id) => id.toLowerCase()) : [];
  if (!text || ids.length === 0) return text;
  const names = await Promise.all(
    ids.map(async (id) => {
      const [version, audit, organization] = await Promise.all([
        ctx.loaders.modelVersionById.load(id),
        ctx.loaders.auditById.load(id),
        ctx.loaders.organizationById.load(id),
      ]);
      if (version) return version.name;
      if (audit) return auditLabel(audit, (await ctx.loaders.organizationById.load(audit.auditorId))?.name);
      return organization?.name ?? null;
    }),
  );
  const byId = new Map(ids.map((id, i) => [id, names[i]]));
  const named = (id: string) => byId.get(id.toLowerCase()) ?? null;
  // "Audit <id> does not count" reads "The audit by Sentinel Assurance completed 2026-10-15 does not count".
  return text
    .replace(new RegExp(`\\b([Aa])udit (${UUID_IN_TEXT.source})`, 'g'), (whole, a: string, id: string) => {
      const label = named(id);
      return label ? (a === 'A' ? label.charAt(0).toUpperCase() + label.slice(1) : label) : whole;
    })
    .replace(UUID_IN_TEXT, (id) => named(id) ?? id);
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

async function redact(ctx: GraphQLContext, stored: ReasonLike): Promise<PresentedReason> {
  const [message, clearedBy] = await Promise.all([nameInternalIds(ctx, stored.message), nameInternalIds(ctx, stored.clearedBy)]);
  const r: ReasonLike = { ...stored, message: message!, clearedBy };
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
