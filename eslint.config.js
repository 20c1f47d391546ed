import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'build-*/**',
      'app/generated/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // server code must not reach the browser: only *.server.ts may import the database
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/generated/**'], message: 'import the database through ~/lib/db.server' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/lib/db.server.ts', 'tests/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Routes stay thin (docs/decisions/019): a route module hands the client to a service or to
  // the view-model beside it (route-folder *.server.ts) and never queries the database itself.
  {
    files: ['app/routes/**/*.ts', 'app/routes/**/*.tsx'],
    ignores: ['app/routes/**/*.server.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.type='MemberExpression'][callee.object.object.name=/^(db|tx|prisma|client)$/]",
          message:
            'routes make no database calls: move the query into a service or a *.server.ts view-model',
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(db|tx|prisma|client)$/][callee.property.name=/^\\$/]",
          message:
            'routes make no database calls: move the query into a service or a *.server.ts view-model',
        },
        {
          selector:
            "TaggedTemplateExpression[tag.type='MemberExpression'][tag.object.name=/^(db|tx|prisma|client)$/]",
          message:
            'routes make no database calls: move the query into a service or a *.server.ts view-model',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/generated/**'], message: 'import the database through ~/lib/db.server' },
          ],
          paths: [
            {
              name: '~/lib/db.server',
              importNames: ['Prisma'],
              message: 'raw SQL belongs in a service, not in a route',
            },
          ],
        },
      ],
    },
  },
  // Layers: domain (pure) ← lib (infrastructure) ← services ← routes. Nothing imports upwards.
  {
    files: ['app/domain/**'],
    ignores: ['app/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['~/services/**', '~/routes/**', '~/lib/**', '**/generated/**', '*.server'],
              message: 'the domain is pure: no I/O, no services, no routes',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/lib/**'],
    ignores: ['app/lib/db.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/generated/**'], message: 'import the database through ~/lib/db.server' },
            {
              group: ['~/services/**', '~/routes/**'],
              message: 'infrastructure sits below the services: it must not import them',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/generated/**'], message: 'import the database through ~/lib/db.server' },
            { group: ['~/routes/**'], message: 'services sit below the routes' },
          ],
        },
      ],
    },
  },
);
