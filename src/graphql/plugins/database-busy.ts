/**
 * A request the database could not serve in bounded time (src/infra/database-busy.ts; formatted
 * as SERVICE_UNAVAILABLE by errors.ts) is answered with HTTP 503 and `Retry-After`, and without
 * partial data: `data` is dropped when any of its errors is SERVICE_UNAVAILABLE.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../context';

export function databaseBusyPlugin(retryAfterSeconds: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(retryAfterSeconds));
          // Never partial data: only the errors that say why.
          response.body.singleResult = { ...result, data: null, errors: result.errors.filter((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') };
        },
      };
    },
  };
}
