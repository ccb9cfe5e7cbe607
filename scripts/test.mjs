#!/usr/bin/env node
// `npm test`: unit, service and HTTP tests (Vitest), then the browser journeys in real Chromium.
// Runs on PGlite, or on PostgreSQL when DATABASE_URL is set. Any failure — including a missing
// browser — fails the run; nothing is skipped silently. Files named `*.pg.test.ts` (pg-boss jobs) need
// PostgreSQL: vitest.config.ts includes them only when DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', ...env } });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
};

const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
// RECOVA_TEST_SCOPE=db: only the tiers that touch the database (service/HTTP tests and browser journeys).
// CI's second pass uses it: typecheck, pure domain/web unit tests and the web build do not depend on the
// database and already ran in the first pass (the web build is reused).
const dbOnly = process.env.RECOVA_TEST_SCOPE === 'db';
if (!dbOnly) {
  console.log('\n== typecheck');
  run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
}
console.log(`\n== ${dbOnly ? 'service and HTTP' : 'unit, service and HTTP'} tests on ${db}`);
run('npx', ['vitest', 'run', ...(dbOnly ? ['apps/server/test/'] : [])]);

if (!dbOnly || !fs.existsSync('apps/web/dist/index.html')) {
  console.log('\n== build the web UI');
  run('npm', ['run', 'build', '--silent']);
}
if (!fs.existsSync('apps/web/dist/index.html')) {
  console.error('web build produced no apps/web/dist/index.html');
  process.exit(1);
}
console.log(`\n== browser journeys (Chromium) on ${db}`);
run('npx', ['vitest', 'run', '--config', 'e2e/vitest.config.ts']);
console.log(`\nall test suites passed on ${db}`);
