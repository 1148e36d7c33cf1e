/**
 * Finding owners (issue 14): `assignFinding` gives a finding an owner within the assigner's
 * government organization (or takes it away), keeping every change; `Finding.assignment` and
 * `Finding.assignmentHistory` read them through one batched statement per operation.
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { GraphQLContext } from '../../graphql/context';
import type { AssignFindingInput, Resolvers } from '../../graphql/generated/resolvers-types';
import { InputChecks, problem, runMutation, UserInputProblem, type MutationOutcome } from '../shared/unit-of-work';
import { FindingEntity, OrganizationEntity } from '../../persistence/entities';
import { actorOf, authorize, authorizeRole } from '../access/rules';
import { recordEvent } from '../events/event-log';
import { inputId, mustFind } from '../shared/write-support';
import type { FindingRef } from './mutations';
import { insertAssignment, latestAssignee, lockFindingRow } from './write-store';

export interface FindingAssignmentRow {
  findingId: string;
  assignee: string | null;
  organizationId: string | null;
  note: string | null;
  assignedBy: string;
  assignedAt: Date;
}

const SELECT = `SELECT finding_id::text AS "findingId", assignee, organization_id::text AS "organizationId", note,
                       actor AS "assignedBy", assigned_at AS "assignedAt"
                  FROM finding_assignments`;

/** Every assignment of each finding, oldest first: one statement for all the findings of an operation. */
function assignmentsByFindingLoader(db: DataSource): DataLoader<string, FindingAssignmentRow[]> {
  return new DataLoader(async (ids) => {
    const rows: FindingAssignmentRow[] = await db.query(`${SELECT} WHERE finding_id = ANY($1::uuid[]) ORDER BY assigned_at, id`, [[...ids]]);
    const by = new Map<string, FindingAssignmentRow[]>(ids.map((id) => [id, []]));
    for (const r of rows) by.get(r.findingId)!.push(r);
    return ids.map((id) => by.get(id)!);
  });
}

// Per operation: tied to the operation's loaders, so a write (which replaces them) starts afresh.
const loaders = new WeakMap<object, DataLoader<string, FindingAssignmentRow[]>>();
function assignmentsOf(ctx: GraphQLContext, findingId: string): Promise<FindingAssignmentRow[]> {
  let loader = loaders.get(ctx.loaders);
  if (!loader) {
    loader = assignmentsByFindingLoader(ctx.db);
    loaders.set(ctx.loaders, loader);
  }
  return loader.load(findingId);
}

export function assignFinding(ctx: GraphQLContext, input: AssignFindingInput): Promise<MutationOutcome<FindingRef>> {
  return runMutation(ctx, { operation: 'assignFinding', action: 'finding.assign', input, idempotencyKey: input.idempotencyKey }, async (tx) => {
    authorizeRole(ctx.viewer, 'finding.assign');
    const findingId = inputId(input.findingId, 'Finding', ['findingId']);
    const finding = await mustFind(tx, FindingEntity, findingId, 'finding', ['findingId']);
    authorize(ctx.viewer, 'finding.assign', { developerId: finding.developerId });
    const assignee = input.assignee == null ? null : input.assignee.trim();
    const checks = new InputChecks();
    if (assignee !== null) {
      checks.required(assignee, ['assignee']);
      checks.maxLength(assignee, 200, ['assignee']);
    }
    checks.maxLength(input.note, 4000, ['note']);
    const organizationId = ctx.viewer.organizationId;
    const organization = organizationId ? await tx.findOneBy(OrganizationEntity, { id: organizationId }) : null;
    if (assignee !== null && organization?.kind !== 'AGENCY') {
      checks.add('NOT_GOVERNMENT', 'Owners are assigned within your government organization; your token names none.', ['assignee']);
    }
    checks.throwIfAny();
    // Serialise assignments of one finding, so "already the owner" is decided on the newest row.
    await lockFindingRow(tx, findingId);
    const previousAssignee = (await latestAssignee(tx, findingId)) ?? null;
    if (previousAssignee === assignee) {
      throw new UserInputProblem(
        problem('NOTHING_TO_CHANGE', assignee ? `${finding.publicId} is already assigned to ${assignee}.` : `${finding.publicId} has no owner.`, ['assignee']),
      );
    }
    await insertAssignment(tx, {
      findingId,
      assignee,
      organizationId: assignee === null ? null : organizationId,
      note: input.note?.trim() || null,
      actor: actorOf(ctx.viewer),
      assignedAt: ctx.now,
    });
    await recordEvent(tx, {
      actor: actorOf(ctx.viewer),
      type: assignee === null ? 'FINDING_UNASSIGNED' : 'FINDING_ASSIGNED',
      subjectType: 'Finding',
      subjectId: findingId,
      occurredAt: ctx.now,
      payload: { publicId: finding.publicId, assignee, previousAssignee },
    });
    return { findingId };
  });
}

export const assignmentResolvers: Resolvers = {
  Finding: {
    assignment: async (finding, _a, ctx) => {
      const all = await assignmentsOf(ctx, finding.id);
      const last = all[all.length - 1];
      return last && last.assignee !== null ? last : null;
    },
    assignmentHistory: (finding, _a, ctx) => assignmentsOf(ctx, finding.id),
  },
  FindingAssignment: {
    organization: (a, _args, ctx) => (a.organizationId ? ctx.loaders.organizationById.load(a.organizationId) : null),
  },
};
