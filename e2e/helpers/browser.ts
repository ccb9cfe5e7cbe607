/**
 * Debian's Chromium through playwright-core. A missing browser fails the run (never skips).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const OUTPUT_DIR = 'test-output';

export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser || true', { shell: '/bin/sh' }).toString().trim();
  if (!p || !fs.existsSync(p)) throw new Error('Chromium not found: install Debian\'s chromium package (apt-get install chromium) — browser tests do not skip');
  return p;
}

export async function launch(): Promise<Browser> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
