import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Client types for the explorer, generated from the public SDL and the operations in
 * web/src/**. Run `npm run codegen:web` after changing an operation (the web build runs it too).
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: 'string' }, onlyOperationTypes: true },
    },
  },
};

export default config;
