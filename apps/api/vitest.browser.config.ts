import { defineProject } from 'vitest/config';

// `npm run test:browser`: the API reference in a real headless Chromium. Kept out of `npm test`
// (its files end in .browser.ts, which the main config does not include) because it needs the
// system's Chromium (`apt-get install chromium`).
export default defineProject({
  test: {
    name: 'api-browser',
    include: ['test/browser/**/*.browser.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
