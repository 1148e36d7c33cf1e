/**
 * GraphiQL at /graphiql, bundled locally (Monaco workers included; nothing from a CDN). It uses the
 * explorer's token (localStorage) for HTTP and for graphql-ws subscriptions on /graphql.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { authorizationHeader, readToken, websocketUrl } from './auth';

const token = readToken();
const headers = authorizationHeader(token);
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  headers,
  wsClient: createClient({
    url: websocketUrl(),
    lazy: true,
    connectionParams: () => ({ ...headers, ...(token ? { token } : {}) }),
  }),
});

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultHeaders={token ? JSON.stringify(headers, null, 2) : undefined}
      initialQuery={`# Model Security Registry. Your explorer token (if any) is sent with every request.
{
  modelVersions(first: 10) {
    edges { node { name accessStatus developer { name } } }
  }
}
`}
    />
  </StrictMode>,
);
