import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // apps/api/index.mjs and apps/api/public/ are written by `npm run vercel-build` (git-ignored).
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.loop-data/**', '**/drizzle/**', '**/*.generated.ts', 'apps/api/index.mjs', 'apps/api/index-*.mjs', 'apps/api/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Arrows point one way (ADR 0031): the domain is plain functions over the database, below HTTP.
    // It may use zod-openapi for its schemas, never Hono or a module of the HTTP layer.
    files: ['apps/api/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^hono(/|$)', message: 'The domain never imports Hono (ADR 0031): throw a LoopError instead.' },
            {
              regex: '^(\\.\\./)+(http|middleware|routes|openapi)(/|$)|^(\\.\\./)+(app|server|index)$',
              message: 'The domain sits below the HTTP layer (ADR 0031): move what it needs under domain/ or db/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard (apps/web): React's rules of hooks on its .ts/.tsx; the typed rules above already
    // cover .tsx (typescript-eslint parses JSX by extension, the files are in apps/web/tsconfig.json).
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests read JSON bodies of many shapes; `any` there is a convenience, not a hole in the app's types.
    files: ['**/test/**/*.{ts,tsx}', '**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
