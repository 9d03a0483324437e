import { configDefaults, defineConfig } from 'vitest/config';
import api from './apps/api/vitest.config.js';

/**
 * `npm run test:pg` (docs/testing.md): the same API test files as `npm test`, run twice against a real
 * PostgreSQL (started by scripts/pg-cluster.mjs) — through node-postgres and through the Neon drivers —
 * plus the integration tests that need a server and the local Neon endpoints' own tests.
 */
const apiOn = (mode: 'postgres' | 'neon') => ({
  ...api,
  root: './apps/api',
  test: {
    ...api.test,
    name: `api:${mode}`,
    env: { LOOP_TEST_DB: mode },
    // test/integration is excluded from `npm test` only; here it runs (its neon/ folder on the Neon drivers only).
    // The PGLite server processes of test/start-up use no server database: `npm test` runs them, once.
    exclude: [
      ...configDefaults.exclude,
      'test/start-up/server-process.test.ts',
      ...(mode === 'neon' ? [] : ['test/integration/neon/**']),
    ],
  },
});

export default defineConfig({
  test: {
    projects: [apiOn('postgres'), apiOn('neon'), 'packages/neon-local/vitest.config.ts'],
  },
});
