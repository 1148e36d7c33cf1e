/**
 * The fixed-cost baseline of the read benchmark (issue 12): a bare Apollo Server 5 standalone
 * serving the registry's own schema (buildSchema), no plugins, no context, no database; only
 * `{ __typename }` is sent to it.
 *
 *   node --import tsx bench/support/bare-apollo.ts <port>
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema } from '../../src/graphql/schema';

async function main(): Promise<void> {
  const server = new ApolloServer({ schema: buildSchema() });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.argv[2]), host: '127.0.0.1' } });
  console.log(`listening ${new URL(url).port}`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
void main();
