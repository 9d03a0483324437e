import { configDefaults, defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    include: ['test/**/*.test.ts'],
    // test/integration needs a real PostgreSQL server: only `npm run test:pg` runs it (vitest.pg.config.ts).
    exclude: [...configDefaults.exclude, 'test/integration/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
