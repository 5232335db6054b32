import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every folder of services/: a new service is under the boundary rule without editing this file. */
const SERVICES = fs
  .readdirSync(`${import.meta.dirname}/services`, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** A service talks to the others only through actions and events: it imports none of them. */
const serviceBoundary = (name) => ({
  files: [`services/${name}/**/*.ts`],
  ignores: [`services/${name}/test/**`, `services/${name}/bench/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [
              ...SERVICES.filter((s) => s !== name).map((s) => `@puesc/${s}`),
              '@puesc/gateway',
              '@puesc/platform',
              '@puesc/runtime',
            ],
            message: 'a service talks to others only through actions and events',
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // The shape of the house (docs/CONVENTIONS.md): small functions, thin service shells, and imports
  // that only go down: packages/ never import a service, the gateway or the composition root;
  // services never import each other.
  {
    files: ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts', 'gateway/src/**/*.ts', 'platform/src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['services/*/src/service.ts'],
    rules: { 'max-lines': ['error', { max: 200, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@puesc/identity',
                '@puesc/registry',
                '@puesc/pki',
                '@puesc/seap',
                '@puesc/szprot',
                '@puesc/notifications',
                '@puesc/gateway',
                '@puesc/platform',
                '**/services/**',
                '**/gateway/**',
                '**/platform/**',
              ],
              message:
                'packages/ are the ground floor: they never import a service, the gateway or the composition root',
            },
          ],
        },
      ],
    },
  },
  ...SERVICES.map(serviceBoundary),
);
