import { defineConfig } from 'vitest/config';

// Browser journeys: a real `recova serve` process driven by Debian's Chromium through playwright-core.
// Two files run side by side (CI has 2 cores; one journey keeps about one busy, mostly waiting on the server and
// the browser): each file has its own server on its own OS-picked port, its own database (PGlite folder, or a
// PostgreSQL database copied from the migrated template) and its own browser contexts, so files cannot see each
// other's data. Waits are `expect.poll`/locator waits, never sleeps; their limits allow for a loaded machine.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['apps/server/test/global-setup.ts', 'e2e/helpers/browser-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
    // expect.poll's default gives up after 1 s: too short for a UI that saves, refetches and re-renders on a busy
    // 2-core machine (a poll for the saved matrix failed that way). Polls naming their own timeout keep it.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    env: { TZ: 'UTC' },
  },
});
