/**
 * The project's root directory (the one holding package.json, schema/, web/dist and .data/),
 * found by walking up from this file, so the same code finds it when run from the sources (tsx,
 * jest: src/infra) and from the production build (node dist/src/main.js: dist/src/infra).
 */
import fs from 'node:fs';
import path from 'node:path';

export function findProjectRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: cannot find the project root`);
  }
}

export const PROJECT_ROOT = findProjectRoot();
