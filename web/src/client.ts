/** The urql client: POST /graphql on this origin with the viewer's token. */
import { Client, cacheExchange, fetchExchange } from 'urql';
import { authorizationHeader } from './auth';

export function createGraphQLClient(token: string | null): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    // Apollo's CSRF prevention rejects simple GET requests; always POST JSON.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: authorizationHeader(token) }),
  });
}
