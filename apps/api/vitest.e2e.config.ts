import { defineProject } from 'vitest/config';

// `npm run test:e2e`: the dashboard end to end — the real `npm start` on a fresh data folder, driven
// in Debian's headless Chromium. Kept out of `npm test` (files end in .e2e.ts) because it needs the
// system's Chromium and builds the dashboard.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    // The first start migrates a new PGLite folder and may build the dashboard.
    hookTimeout: 300_000,
  },
});
