/**
 * Prints the subgraph SDL (what `_service { sdl }` returns and what a partner composes) to
 * `schema.subgraph.graphql` at the repository root.
 *
 *   npm run sdl          write the file
 *   npm run sdl:check    exit 1 when the file is missing or stale (CI)
 */
import fs from 'node:fs';
import path from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema } from '../graphql/schema';

export const SUBGRAPH_SDL_FILE = path.resolve(__dirname, '..', '..', 'schema.subgraph.graphql');

const HEADER = '# Generated from schema/*.graphql by `npm run sdl`. Do not edit; CI runs `npm run sdl:check`.\n\n';

/** The subgraph SDL as committed: a header line and `printSubgraphSchema` of the built schema. */
export function renderSubgraphSdl(): string {
  return `${HEADER}${printSubgraphSchema(buildSchema()).trimEnd()}\n`;
}

function main(argv: string[]): number {
  const sdl = renderSubgraphSdl();
  const relative = path.relative(process.cwd(), SUBGRAPH_SDL_FILE) || SUBGRAPH_SDL_FILE;
  if (argv.includes('--check')) {
    const current = fs.existsSync(SUBGRAPH_SDL_FILE) ? fs.readFileSync(SUBGRAPH_SDL_FILE, 'utf8') : null;
    if (current === sdl) {
      console.log(`${relative} is up to date.`);
      return 0;
    }
    console.error(`${relative} is ${current === null ? 'missing' : 'stale'}: run \`npm run sdl\` and commit it.`);
    return 1;
  }
  fs.writeFileSync(SUBGRAPH_SDL_FILE, sdl);
  console.log(`wrote ${relative}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
