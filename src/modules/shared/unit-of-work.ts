/**
 * The unit of work of the write API: runs one use case in one database transaction, with typed
 * user errors as payload data, optimistic-concurrency conflicts, idempotency keys, bounded
 * waiting for a write slot, and the events appended last. Afterwards the operation drops its
 * loaders (they may hold what the write changed).
 *
 * It knows nothing of GraphQL: it takes the operation's scope (database, viewer, client signal,
 * and a way to drop its loaders) and its settings from the `UnitOfWork` the server built from the
 * configuration (src/graphql/server.ts), so two servers in one process keep their own.
 *
 * A use case throws `UserInputProblem` for anything the caller got wrong; nothing it wrote
 * survives (the transaction rolls back). Authorization failures and bugs are thrown GraphQL
 * errors, as everywhere else.
 */
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import pLimit from 'p-limit';
import { actorOf, authorizeRole, type Action, type Viewer } from '../access/rules';
import { canonicalJson, flushEventOutbox, openEventOutbox } from '../events/event-log';
import { WriteQueueTimeoutError } from '../../infra/database-busy';
import { findUnstorableText } from './unstorable-text';
import { prepared } from '../../persistence/prepared-statements';

export interface MutationError {
  code: string;
  message: string;
  path: string[];
}

/** One or more things wrong with the input; each names the input field. */
export class UserInputProblem extends Error {
  readonly problems: MutationError[];
  constructor(problems: MutationError[] | MutationError) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '));
    this.name = 'UserInputProblem';
    this.problems = list;
  }
}

export function problem(code: string, message: string, path: (string | number)[]): MutationError {
  return { code, message, path: path.map(String) };
}

/** Collects input problems, then throws them all at once. */
export class InputChecks {
  private readonly found: MutationError[] = [];
  add(code: string, message: string, path: (string | number)[]): void {
    this.found.push(problem(code, message, path));
  }
  /** Adds a TOO_LONG problem when `value` exceeds `max` characters. */
  maxLength(value: string | null | undefined, max: number, path: (string | number)[]): void {
    if (value != null && value.length > max) this.add('TOO_LONG', `Must be at most ${max} characters (got ${value.length}).`, path);
  }
  required(value: string | null | undefined, path: (string | number)[]): void {
    if (value == null || value.trim() === '') this.add('REQUIRED', 'Must not be empty.', path);
  }
  notInFuture(value: Date | null | undefined, now: Date, path: (string | number)[]): void {
    if (value && value.getTime() > now.getTime()) this.add('FUTURE_DATE', 'Must not be in the future.', path);
  }
  get ok(): boolean {
    return this.found.length === 0;
  }
  throwIfAny(): void {
    if (this.found.length) throw new UserInputProblem(this.found);
  }
}

/** Test hook: throws at a named step to prove that a failure midway leaves no trace. */
export type FaultInjector = (step: string) => void;

export interface MutationSpec {
  /** the mutation's name, part of the idempotency scope */
  operation: string;
  /**
   * The action the use case performs: its role check runs before anything else — before an
   * idempotent replay too, so a stored response is never handed to a caller who may not perform it.
   */
  action: Action;
  input: unknown;
  idempotencyKey?: string | null;
}

export interface MutationOutcome<R> {
  result: R | null;
  errors: MutationError[];
}

const UNIQUE_VIOLATIONS: Record<string, MutationError> = {
  findings_public_id_unique: problem('DUPLICATE_PUBLIC_ID', 'A finding with this public id already exists.', ['publicId']),
  organizations_name_unique: problem('DUPLICATE_NAME', 'An organization with this name already exists.', ['name']),
  models_developer_name_unique: problem('DUPLICATE_NAME', 'This developer already has a model with this name.', ['name']),
  model_versions_model_name_unique: problem('DUPLICATE_NAME', 'This model already has a version with this name.', ['name']),
  policy_versions_version_unique: problem('DUPLICATE_VERSION', 'A policy version with this label already exists.', ['document', 'version']),
  finding_references_unique: problem('DUPLICATE_REFERENCE', 'The same reference is given twice.', ['references']),
};

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

export interface UnitOfWorkSettings {
  /** How long a stored idempotent response replays (IDEMPOTENCY_TTL). */
  idempotencyTtlMs: number;
  /**
   * At most this many write transactions at once (DB_WRITE_CONCURRENCY; null: unlimited), so
   * writers never take every pool connection and readers keep theirs.
   */
  maxConcurrentWrites: number | null;
  /** How long a write waits for its slot, without holding a connection, before its 503. */
  queueTimeoutMs: number;
}

export const DEFAULT_UNIT_OF_WORK_SETTINGS: Readonly<UnitOfWorkSettings> = {
  idempotencyTtlMs: 24 * 3600 * 1000,
  maxConcurrentWrites: null,
  queueTimeoutMs: 5_000,
};

/** What the unit of work needs of the operation that runs a use case (GraphQLContext has it all). */
export interface OperationScope {
  db: DataSource;
  viewer: Viewer;
  /** Aborted when the client has gone: a write not yet started is not started. */
  signal?: AbortSignal;
  /** The unit of work of the server that runs the operation (default: DEFAULT_UNIT_OF_WORK_SETTINGS). */
  unitOfWork?: UnitOfWork;
  /** Drops what the operation's loaders cached: called after every committed write. */
  discardLoaders(): void;
}

/**
 * One server's write settings and write slots. A write waits for its slot at most
 * `queueTimeoutMs`; then it is a 503 (WriteQueueTimeoutError, SERVICE_UNAVAILABLE) like a
 * pool-acquire timeout. p-limit keeps the queue.
 */
export class UnitOfWork {
  readonly settings: Readonly<UnitOfWorkSettings>;
  private readonly slots: pLimit.Limit | null;

  constructor(settings: Partial<UnitOfWorkSettings> = {}) {
    this.settings = { ...DEFAULT_UNIT_OF_WORK_SETTINGS, ...settings };
    this.slots = this.settings.maxConcurrentWrites ? pLimit(this.settings.maxConcurrentWrites) : null;
  }

  get idempotencyTtlMs(): number {
    return this.settings.idempotencyTtlMs;
  }

  inWriteSlot<T>(work: () => Promise<T>): Promise<T> {
    const slots = this.slots;
    if (!slots) return work();
    const timeoutMs = this.settings.queueTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        reject(new WriteQueueTimeoutError(timeoutMs));
      }, timeoutMs);
      void slots(async () => {
        if (expired) return; // its caller has its 503 already: never started
        clearTimeout(timer);
        try {
          resolve(await work());
        } catch (err) {
          reject(err);
        }
      });
    });
  }
}

const DEFAULT_UNIT_OF_WORK = new UnitOfWork();

/** The client of this request went away before its write started: nothing is done (never a payload). */
export class ClientGoneError extends Error {
  constructor() {
    super('The client closed the request before the write started.');
    this.name = 'ClientGoneError';
  }
}

/**
 * Whose key it is: the subject, the organization it acts for and its roles. A token with the same
 * subject but another organization or other roles (a different principal in every way that
 * matters to authorization) has its own keys and never sees another's stored responses.
 */
export function idempotencyScope(viewer: Viewer): string {
  return `${viewer.organizationId ?? '-'}|${[...viewer.roles].sort().join(',')}`;
}

function requestHash(spec: MutationSpec): string {
  return createHash('sha256').update(canonicalJson({ operation: spec.operation, input: spec.input })).digest('hex');
}

/** Runs one use case of the operation `ctx` in the unit of work of its server. */
export async function runMutation<R>(
  ctx: OperationScope,
  spec: MutationSpec,
  work: (tx: EntityManager) => Promise<R>,
): Promise<MutationOutcome<R>> {
  const unitOfWork = ctx.unitOfWork ?? DEFAULT_UNIT_OF_WORK;
  const idempotencyTtlMs = unitOfWork.idempotencyTtlMs;
  const actor = actorOf(ctx.viewer);
  const key = spec.idempotencyKey ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    return {
      result: null,
      errors: [problem('INVALID_IDEMPOTENCY_KEY', 'Use 1-200 letters, digits, ".", "_", ":" or "-".', ['idempotencyKey'])],
    };
  }
  // Role check first, before any replay or read (the use case then checks ownership itself).
  authorizeRole(ctx.viewer, spec.action);
  // Text the store cannot hold (NUL, unpaired surrogates) is a payload error at its input path.
  const unstorable = findUnstorableText(spec.input);
  if (unstorable) {
    return { result: null, errors: [problem('INVALID_TEXT', `This value ${unstorable.why}.`, unstorable.path)] };
  }
  const scope = idempotencyScope(ctx.viewer);
  const hash = key ? requestHash(spec) : '';
  // Work whose client has gone is not started (src/graphql/http-security.ts sets the signal).
  if (ctx.signal?.aborted) throw new ClientGoneError();
  try {
    const result = await unitOfWork.inWriteSlot(() => ctx.db.transaction(async (tx) => {
      // The pool may have kept this request waiting for a connection: check again.
      if (ctx.signal?.aborted) throw new ClientGoneError();
      // Events are collected and appended last, just before commit (event-log.ts, "the outbox").
      openEventOutbox(tx);
      if (key) {
        // Serialise requests with the same key (only those: a 64-bit hash of actor, scope and key):
        // the second waits, then sees the first's result. Lock order: this is the first lock taken.
        await tx.query(prepared('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))'), [`idempotency\n${actor}\n${scope}\n${key}`]);
        // An expired key no longer replays: its row goes, and the request runs afresh. One
        // statement (one cut-off for both halves; the SELECT sees the row as before the DELETE).
        const [previous] = await tx.query(
          prepared(`WITH cut AS (SELECT clock_timestamp() - make_interval(secs => $4) AS at),
                expired AS (DELETE FROM idempotency_keys k USING cut
                             WHERE k.actor = $1 AND k.scope = $2 AND k.key = $3 AND k.created_at <= cut.at RETURNING 1)
           SELECT k.request_hash, k.response FROM idempotency_keys k, cut
            WHERE k.actor = $1 AND k.scope = $2 AND k.key = $3 AND k.created_at > cut.at`),
          [actor, scope, key, idempotencyTtlMs / 1000],
        );
        if (previous) {
          if (previous.request_hash !== hash) {
            throw new UserInputProblem(
              problem('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used with a different request.', ['idempotencyKey']),
            );
          }
          return { replayed: true as const, value: previous.response as R };
        }
      }
      const value = await work(tx);
      if (key) {
        await tx.query(
          prepared('INSERT INTO idempotency_keys (key, actor, scope, operation, request_hash, response) VALUES ($1, $2, $3, $4, $5, $6)'),
          [key, actor, scope, spec.operation, hash, JSON.stringify(value ?? null)],
        );
      }
      // Last: the events, under the chain lock, which the commit right after releases.
      await flushEventOutbox(tx);
      return { replayed: false as const, value };
    }));
    // What this operation loaded before the write may be stale now.
    ctx.discardLoaders();
    return { result: result.value, errors: [] };
  } catch (err) {
    if (err instanceof UserInputProblem) return { result: null, errors: err.problems };
    const pg = (err as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string }) ?? {};
    const code = pg.driverError?.code ?? pg.code;
    const constraint = pg.driverError?.constraint ?? pg.constraint;
    if (code === '23505' && constraint && UNIQUE_VIOLATIONS[constraint]) {
      return { result: null, errors: [UNIQUE_VIOLATIONS[constraint]] };
    }
    if (code === '23514' || code === '23505' || code === '23503') {
      return {
        result: null,
        errors: [problem('INVALID_INPUT', `The input breaks a registry rule (${constraint ?? 'constraint'}).`, [])],
      };
    }
    throw err;
  }
}

/** Conflict of optimistic concurrency: the record changed since the client read it. */
export function staleVersion(entity: string, expected: number, actual: number): UserInputProblem {
  return new UserInputProblem(
    problem(
      'STALE_VERSION',
      `The ${entity} was changed by someone else (your version ${expected}, current ${actual}); reload and retry.`,
      ['expectedRowVersion'],
    ),
  );
}
