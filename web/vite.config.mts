/**
 * Builds the analyst explorer (index.html) and the local GraphiQL (graphiql/index.html) into
 * web/dist, which the service serves at `/` and `/graphiql`. Vite 8 transforms TSX itself (oxc);
 * no React plugin is needed (no fast refresh in `vite dev`, which is acceptable here).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: {
        main: `${root}index.html`,
        graphiql: `${root}graphiql/index.html`,
      },
      // framer-motion (via GraphiQL) marks modules "use client"; meaningless in a plain SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite web` during development: the API runs on PORT (default 4000).
    proxy: { '/graphql': { target: 'http://localhost:4000', ws: true }, '/dev': { target: 'http://localhost:4000' } },
  },
});
