/**
 * One context per GraphQL operation — HTTP, WebSocket and `_entities` alike. It holds the viewer,
 * a fresh set of DataLoaders (so caching never outlives the operation) and the clock.
 */
import type { DataSource } from 'typeorm';
import { ANONYMOUS, type Viewer } from '../modules/access/rules';
import type { UnitOfWork } from '../modules/shared/unit-of-work';
import { auditLoaders } from '../modules/audits/loaders';
import { decisionLoaders } from '../modules/decisions/loaders';
import { engineLoaders } from '../modules/decisions/engine-loaders';
import { findingLoaders } from '../modules/findings/loaders';
import { modelLoaders } from '../modules/models/loaders';
import { organizationLoaders } from '../modules/organizations/loaders';
import type { RequestRecord } from './request-telemetry';

const loaderFactories = {
  ...organizationLoaders,
  ...modelLoaders,
  ...findingLoaders,
  ...auditLoaders,
  ...decisionLoaders,
  ...engineLoaders,
};
type LoaderFactories = typeof loaderFactories;

/** The operation's loaders, by name; each is built on its first read (a getter on the prototype). */
export type Loaders = {
  readonly [K in keyof LoaderFactories]: ReturnType<LoaderFactories[K]>;
};

// Every factory must accept the scope it is given: the DataSource and the other loaders by name.
type Scope = Loaders & { readonly db: DataSource };
const _everyFactoryFitsTheScope: {
  [K in keyof LoaderFactories]: (scope: Scope) => ReturnType<LoaderFactories[K]>;
} = loaderFactories;
void _everyFactoryFitsTheScope;

/**
 * Issue 12: building every loader of every module for each operation was a measurable share of a
 * small read's CPU (`createLoaders` in the profile of Q1), while an operation uses a handful. So the
 * prototype holds one getter per loader; the first read builds that loader and stores it as an own,
 * non-enumerable property of the instance, which later reads find first.
 */
class LazyLoaders {
  constructor(readonly db: DataSource) {}
}
for (const [name, factory] of Object.entries(loaderFactories) as [string, (scope: Scope) => unknown][]) {
  Object.defineProperty(LazyLoaders.prototype, name, {
    configurable: false,
    enumerable: false,
    get(this: LazyLoaders) {
      const loader = factory(this as unknown as Scope);
      Object.defineProperty(this, name, {
        value: loader,
        writable: false,
        enumerable: false,
        configurable: false,
      });
      return loader;
    },
  });
}

export function createLoaders(db: DataSource): Loaders {
  return new LazyLoaders(db) as unknown as Loaders;
}

export interface GraphQLContext {
  db: DataSource;
  viewer: Viewer;
  loaders: Loaders;
  /** The operation's notion of "now", fixed for its whole duration. */
  now: Date;
  /**
   * The caller's network address (HTTP socket or WebSocket), for anonymous callers' cost budget
   * and connection caps. A plain own property, so it survives Apollo's copy of the context.
   */
  clientAddress?: string;
  /**
   * The HTTP request's log record (request id, operation, error codes; src/graphql/request-telemetry.ts).
   * An own property holding a reference, so Apollo's copy of the context fills the same record.
   */
  request?: RequestRecord;
  /** Test hook: called at named steps of a write, to inject a failure midway. */
  faultInjector?: (step: string) => void;
  /** Aborted when the client has gone (HTTP request closed): a write not yet started is not started. */
  signal?: AbortSignal;
  /** The unit of work of the server running this operation: its write settings and slots. */
  unitOfWork?: UnitOfWork;
  /** Drops what the loaders cached (the unit of work calls it after a write commits). */
  discardLoaders(): void;
}

export interface ContextOptions {
  db: DataSource;
  viewer?: Viewer;
  now?: Date;
  clientAddress?: string;
  request?: RequestRecord;
  faultInjector?: (step: string) => void;
  signal?: AbortSignal;
  unitOfWork?: UnitOfWork;
}

/**
 * Apollo Server copies the context of every request (`Object.assign(Object.create(proto), ctx)`):
 * own enumerable properties are copied — getters evaluated — and the prototype is kept. So the
 * lazy `loaders` getter lives on the prototype and its cache in a non-enumerable slot: the copy
 * keeps the getter, nothing builds loaders until a resolver asks, and the copy and the original
 * never share a half-built cache.
 */
const LOADERS = Symbol('loaders');

class OperationContext implements GraphQLContext {
  declare [LOADERS]?: Loaders;
  db: DataSource;
  viewer: Viewer;
  now: Date;
  clientAddress?: string;
  request?: RequestRecord;
  faultInjector?: (step: string) => void;
  signal?: AbortSignal;
  unitOfWork?: UnitOfWork;

  constructor({ db, viewer = ANONYMOUS, now = new Date(), clientAddress, request, faultInjector, signal, unitOfWork }: ContextOptions) {
    this.db = db;
    this.viewer = viewer;
    this.now = now;
    if (clientAddress !== undefined) this.clientAddress = clientAddress;
    if (request !== undefined) this.request = request;
    if (faultInjector !== undefined) this.faultInjector = faultInjector;
    if (signal !== undefined) this.signal = signal;
    if (unitOfWork !== undefined) this.unitOfWork = unitOfWork;
  }

  discardLoaders(): void {
    Object.defineProperty(this, LOADERS, {
      value: undefined,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }

  // Built on first use: an operation (or an idle subscription) that never reads pays nothing.
  get loaders(): Loaders {
    let loaders = this[LOADERS];
    if (!loaders) {
      loaders = createLoaders(this.db);
      Object.defineProperty(this, LOADERS, {
        value: loaders,
        writable: true,
        enumerable: false,
        configurable: true,
      });
    }
    return loaders;
  }

  set loaders(value: Loaders) {
    Object.defineProperty(this, LOADERS, {
      value,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
}

export function createContext(options: ContextOptions): GraphQLContext {
  return new OperationContext(options);
}
