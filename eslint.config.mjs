// Lint guards the architecture: the domain imports nothing from transport or persistence,
// only the config module reads process.env, and type-only imports stay type-only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'src/graphql/generated/', 'web/dist/', 'web/src/gql/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/config/config.ts only.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['graphql', 'graphql/*', '@apollo/*', 'typeorm', 'pg', 'express', 'dataloader'], message: 'The domain is pure: no transport or persistence.' },
            { group: ['../modules/*', '../graphql/*', '../persistence/*', '../infra/*', '../../*'], message: 'The domain imports nothing outside src/domain.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config/config.ts', 'test/**/*.ts', 'bench/**/*.ts', 'jest.config.js', '.ci/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
