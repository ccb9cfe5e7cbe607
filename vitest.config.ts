import { availableParallelism } from 'node:os';
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
    // Vitest's default is one worker fewer than the cores: a single worker on CI's 2 cores, so the files ran
    // one after another. Each file has its own database (PGlite folder or PostgreSQL database), so two run
    // side by side safely.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['apps/server/test/global-setup.ts'],
    env: { TZ: 'UTC' },
  },
});
