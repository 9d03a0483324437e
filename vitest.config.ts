import { defineConfig } from 'vitest/config';

// Vitest 4 removed the workspace file (vitest.workspace.ts is silently ignored): projects are
// declared here and each package keeps its own `defineProject` config (ADR 0008).
export default defineConfig({
  test: {
    projects: ['apps/*/vitest.config.ts', 'packages/*/vitest.config.ts'],
  },
});
