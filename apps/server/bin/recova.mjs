#!/usr/bin/env node
// Recova command line: runs the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
// `recova export … | head` closes the pipe early: that is not an error
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
