/**
 * Where Debian's Chromium is and how it is started headless (used by browser-setup.ts).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian's chromium (or CHROMIUM_PATH); throws when there is none. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser || true', { shell: '/bin/sh' }).toString().trim();
  if (!p || !fs.existsSync(p)) throw new Error('Chromium not found: install Debian\'s chromium package (apt-get install chromium) — browser tests do not skip');
  return p;
}

/** Command-line flags for the headless browser (no sandbox as root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
