/**
 * Debian's Chromium through playwright-core. A missing browser fails the run (never skips).
 *
 * One Chromium serves the whole e2e run: `browser-setup.ts` (the config's global setup) starts it once with
 * `launchServer`, and each journey file connects to it with `launch()` and works in browser contexts of its own
 * (cookies, storage and pages are per context, so files running side by side cannot see each other's sessions).
 * The connected `Browser`'s `close()` closes that file's contexts and disconnects; the browser itself stops
 * when the run ends. Starting Chromium once instead of once per file saves its start-up on every file.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

export { chromiumPath, CHROMIUM_ARGS } from './chromium.ts';

export const OUTPUT_DIR = 'test-output';

/** This file's connection to the run's shared Chromium (started by browser-setup.ts). */
export async function launch(): Promise<Browser> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  return chromium.connect(inject('chromiumWsEndpoint'), { timeout: 60_000 });
}
