import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Starts the lab once for the integration and e2e tests (DR_LAB=off skips it).
    globalSetup: ['test/global-setup.ts'],
  },
});
