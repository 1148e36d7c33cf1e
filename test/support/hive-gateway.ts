/**
 * Hive Gateway (`createGatewayRuntime` of @graphql-hive/gateway) served by node:http on a free
 * loopback port, forwarding the caller's `authorization` header to every subgraph.
 *
 * Loaded with a plain `require`, untyped on purpose: its type declarations (GraphQL Yoga's)
 * augment `graphql`'s `GraphQLErrorExtensions` with `http.headers: Record<string, string>`, which
 * would make Apollo Server's `http.headers: Map` in src/ fail to typecheck once the declarations
 * are part of the program.
 */
import http from 'node:http';

interface GatewayRuntime {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  dispose(): Promise<void> | void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hive = require('@graphql-hive/gateway') as { createGatewayRuntime(options: Record<string, unknown>): GatewayRuntime };

export interface HiveGateway {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  stop(): Promise<void>;
}

/** `extra` is merged into the runtime's options (e.g. `transportEntries` for subscriptions). */
export async function startHiveGateway(supergraph: string, extra: Record<string, unknown> = {}): Promise<HiveGateway> {
  const runtime = hive.createGatewayRuntime({
    supergraph,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }: { request: Request }) => ({ authorization: request.headers.get('authorization') ?? undefined }),
    },
    ...extra,
  });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: () =>
      (stopping ??= (async () => {
        await runtime.dispose();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      })()),
  };
}
