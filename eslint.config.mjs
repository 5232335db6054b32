import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['services/identity/**/*.ts'],
    ignores: ['services/identity/test/**', 'services/identity/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@puesc/registry',
                '@puesc/pki',
                '@puesc/seap',
                '@puesc/szprot',
                '@puesc/notifications',
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
  },
  {
    files: ['services/registry/**/*.ts'],
    ignores: ['services/registry/test/**', 'services/registry/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@puesc/identity',
                '@puesc/pki',
                '@puesc/seap',
                '@puesc/szprot',
                '@puesc/notifications',
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
  },
  {
    files: ['services/pki/**/*.ts'],
    ignores: ['services/pki/test/**', 'services/pki/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@puesc/identity',
                '@puesc/registry',
                '@puesc/seap',
                '@puesc/szprot',
                '@puesc/notifications',
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
  },
  {
    files: ['services/seap/**/*.ts'],
    ignores: ['services/seap/test/**', 'services/seap/bench/**'],
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
                '@puesc/szprot',
                '@puesc/notifications',
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
  },
  {
    files: ['services/szprot/**/*.ts'],
    ignores: ['services/szprot/test/**', 'services/szprot/bench/**'],
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
                '@puesc/notifications',
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
  },
  {
    files: ['services/notifications/**/*.ts'],
    ignores: ['services/notifications/test/**', 'services/notifications/bench/**'],
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
  },
);
