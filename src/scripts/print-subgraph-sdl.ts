/**
 * Prints the subgraph SDL (what `_service { sdl }` returns and what a partner composes) to
 * `schema.subgraph.graphql` at the repository root (as served by default, without router-only
 * directives) and `schema.subgraph.router.graphql` (as served with FEDERATION_AUTH_DIRECTIVES=router).
 *
 *   npm run sdl          write the file
 *   npm run sdl:check    exit 1 when the file is missing or stale (CI)
 */
import fs from 'node:fs';
import path from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema } from '../graphql/schema';

export const SUBGRAPH_SDL_FILE = path.resolve(__dirname, '..', '..', 'schema.subgraph.graphql');
export const ROUTER_SUBGRAPH_SDL_FILE = path.resolve(__dirname, '..', '..', 'schema.subgraph.router.graphql');

const HEADER = '# Generated from schema/*.graphql by `npm run sdl`. Do not edit; CI runs `npm run sdl:check`.\n\n';

/** The subgraph SDL as committed: a header line and `printSubgraphSchema` of the built schema. */
export function renderSubgraphSdl(federationAuthDirectives: 'router' | 'off' = 'off'): string {
  return `${HEADER}${printSubgraphSchema(buildSchema({ federationAuthDirectives })).trimEnd()}\n`;
}

function main(argv: string[]): number {
  let status = 0;
  for (const [file, variant] of [
    [SUBGRAPH_SDL_FILE, 'off'],
    [ROUTER_SUBGRAPH_SDL_FILE, 'router'],
  ] as const) {
    const sdl = renderSubgraphSdl(variant);
    const relative = path.relative(process.cwd(), file) || file;
    if (argv.includes('--check')) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
      if (current === sdl) {
        console.log(`${relative} is up to date.`);
      } else {
        console.error(`${relative} is ${current === null ? 'missing' : 'stale'}: run \`npm run sdl\` and commit it.`);
        status = 1;
      }
      continue;
    }
    fs.writeFileSync(file, sdl);
    console.log(`wrote ${relative}`);
  }
  return status;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
