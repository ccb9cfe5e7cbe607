import { configDefaults, defineConfig } from 'vitest/config';

// Unit, service and HTTP tests. Browser journeys live in e2e/ with their own config.
// `*.pg.test.ts` need PostgreSQL (e.g. pg-boss jobs): part of the PostgreSQL pass (DATABASE_URL set), left out of
// the PGlite pass rather than reported as skipped (CI fails rather than skips).
export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, ...(process.env.DATABASE_URL ? [] : ['**/*.pg.test.ts'])],
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['apps/server/test/global-setup.ts'],
    env: { TZ: 'UTC' },
  },
});
