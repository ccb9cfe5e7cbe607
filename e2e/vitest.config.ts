import { defineConfig } from 'vitest/config';

// Browser journeys: a real `recova serve` process driven by Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['apps/server/test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    env: { TZ: 'UTC' },
  },
});
