/**
 * What a webhook listens to: event types and the filters the GraphQL subscriptions offer
 * (developer, model version, jurisdiction, severity level), evaluated against facts derived from
 * each event and its subject once per event (`eventFacts`), whatever the number of webhooks.
 *
 * - `developerId`: the developer of the event's subject (a finding's, a model version's, the
 *   version of an export decision or audit; an Organization subject is its own developer).
 * - `modelVersionId`: the version the event is about (for a finding: any version it affects).
 * - `jurisdictionCode`: export decision changes with a change in that jurisdiction, and overrides there.
 * - `level`: severity assessments resulting in that level, and deadline alerts of findings at it.
 *
 * All given conditions must hold; a list matches any of its values; an event without the fact a
 * condition asks about does not match it.
 */
import type { GraphQLContext } from '../../graphql/context';
import type { EventEntity } from '../../persistence/entities';
import { readDeadlineAlert, readExportDecisionChange, readExportOverride, readFindingChange } from '../events/subscription-messages';

/** Stored form (local ids, upper-case codes). */
export interface StoredWebhookFilter {
  developerIds?: string[];
  modelVersionIds?: string[];
  jurisdictionCodes?: string[];
  levels?: string[];
}

export interface EventFacts {
  developerId: string | null;
  modelVersionIds: string[];
  jurisdictionCodes: string[];
  level: string | null;
}

const none = (list: readonly unknown[] | undefined) => list === undefined || list.length === 0;

export function webhookMatches(eventTypes: readonly string[], filter: StoredWebhookFilter, event: EventEntity, facts: EventFacts): boolean {
  if (eventTypes.length > 0 && !eventTypes.includes(event.type)) return false;
  if (!none(filter.developerIds) && (facts.developerId === null || !filter.developerIds!.includes(facts.developerId))) return false;
  if (!none(filter.modelVersionIds) && !facts.modelVersionIds.some((v) => filter.modelVersionIds!.includes(v))) return false;
  if (!none(filter.jurisdictionCodes) && !facts.jurisdictionCodes.some((c) => filter.jurisdictionCodes!.includes(c))) return false;
  if (!none(filter.levels) && (facts.level === null || !filter.levels!.includes(facts.level))) return false;
  return true;
}

/** Whether any webhook filter needs facts read from the database (otherwise only the type matters). */
export function needsFacts(filter: StoredWebhookFilter): boolean {
  return !none(filter.developerIds) || !none(filter.modelVersionIds) || !none(filter.jurisdictionCodes) || !none(filter.levels);
}

/** The facts of one event, read through `ctx`'s loaders (a system context: facts, not presentation). */
export async function eventFacts(ctx: GraphQLContext, event: EventEntity): Promise<EventFacts> {
  const facts: EventFacts = { developerId: null, modelVersionIds: [], jurisdictionCodes: [], level: null };
  const versionDeveloper = async (versionId: string) => (await ctx.loaders.modelVersionById.load(versionId))?.developerId ?? null;
  switch (event.subjectType) {
    case 'Finding': {
      const [finding, versions] = await Promise.all([
        ctx.loaders.findingById.load(event.subjectId),
        ctx.loaders.affectedVersionsByFinding.load(event.subjectId),
      ]);
      facts.developerId = finding?.developerId ?? null;
      facts.modelVersionIds = versions.map((v) => v.id);
      facts.level = readFindingChange(event)?.level ?? readDeadlineAlert(event)?.level ?? null;
      break;
    }
    case 'ModelVersion': {
      facts.developerId = await versionDeveloper(event.subjectId);
      facts.modelVersionIds = [event.subjectId];
      facts.jurisdictionCodes = (readExportDecisionChange(event)?.changes ?? []).map((c) => c.jurisdictionCode);
      break;
    }
    case 'ExportDecision': {
      const override = readExportOverride(event);
      const decision = override ? null : await ctx.loaders.exportDecisionById.load(event.subjectId);
      const versionId = override?.modelVersionId ?? decision?.modelVersionId ?? null;
      if (versionId) {
        facts.modelVersionIds = [versionId];
        facts.developerId = await versionDeveloper(versionId);
      }
      if (override?.jurisdictionCode) facts.jurisdictionCodes = [override.jurisdictionCode];
      break;
    }
    case 'Audit': {
      const audit = await ctx.loaders.auditById.load(event.subjectId);
      if (audit) {
        facts.modelVersionIds = [audit.modelVersionId];
        facts.developerId = await versionDeveloper(audit.modelVersionId);
      }
      break;
    }
    case 'Organization':
      facts.developerId = event.subjectId;
      break;
  }
  return facts;
}
