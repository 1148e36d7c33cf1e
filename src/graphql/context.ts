/**
 * One context per GraphQL operation — HTTP, WebSocket and `_entities` alike. It holds the viewer,
 * a fresh set of DataLoaders (so caching never outlives the operation) and the clock.
 */
import type { DataSource } from 'typeorm';
import { ANONYMOUS, type Viewer } from '../modules/access/rules';
import { createAuditLoaders } from '../modules/audits/loaders';
import { createDecisionLoaders } from '../modules/decisions/loaders';
import { createEngineLoaders } from '../modules/decisions/engine-loaders';
import { createFindingLoaders } from '../modules/findings/loaders';
import { createModelLoaders } from '../modules/models/loaders';
import { createOrganizationLoaders } from '../modules/organizations/loaders';

export function createLoaders(db: DataSource) {
  const models = createModelLoaders(db);
  return {
    ...createOrganizationLoaders(db),
    ...models,
    ...createFindingLoaders(db, models.modelVersionById),
    ...createAuditLoaders(db),
    ...createDecisionLoaders(db),
    ...createEngineLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface GraphQLContext {
  db: DataSource;
  viewer: Viewer;
  loaders: Loaders;
  /** The operation's notion of "now", fixed for its whole duration. */
  now: Date;
  /** Test hook: called at named steps of a write, to inject a failure midway. */
  faultInjector?: (step: string) => void;
}

export interface ContextOptions {
  db: DataSource;
  viewer?: Viewer;
  now?: Date;
  faultInjector?: (step: string) => void;
}

export function createContext({ db, viewer = ANONYMOUS, now = new Date(), faultInjector }: ContextOptions): GraphQLContext {
  let loaders: Loaders | null = null;
  return {
    db,
    viewer,
    now,
    faultInjector,
    // Built on first use: an operation (or an idle subscription) that never reads pays nothing.
    get loaders(): Loaders {
      return (loaders ??= createLoaders(db));
    },
    set loaders(value: Loaders) {
      loaders = value;
    },
  };
}
