import { defineProject } from 'vitest/config';

// These tests need a real PostgreSQL: they run under `npm run test:pg`, which starts one and sets
// LOOP_TEST_PG_URL (scripts/pg-cluster.mjs). Plain `npm test` has none, so it selects no files here.
const server = process.env.LOOP_TEST_PG_URL;

export default defineProject({
  test: {
    name: 'neon-local',
    include: server ? ['test/**/*.test.ts'] : [],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
