import { defineConfig } from 'vitest/config';

// Unit tests of the web's pure helpers (money, URL filters, mapping targets): `npx vitest run --config apps/web/vitest.config.ts`.
export default defineConfig({
  test: { include: ['apps/web/src/**/*.test.ts'], env: { TZ: 'UTC' } },
});
