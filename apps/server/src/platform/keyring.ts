/**
 * Where the key ring comes from (ADR 0007): `RECOVA_KEY_FILE` (JSON ring), else `RECOVA_DATA_KEY`
 * (one base64 key), else `<dataDir>/keys.json`, created with a fresh random key (mode 0600) on first
 * start. Keys are never logged or written anywhere else; keep the file out of version control and
 * back it up separately from the database (a lost key means the encrypted data is lost).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { keyIdFor, newKey, validateKeyring, type Keyring } from './crypto.ts';

/** Where the ring is stored: a file (rotatable) or the environment (one fixed key). */
export type KeySource = { kind: 'file'; path: string; created: boolean } | { kind: 'env' };

/** The key file this config uses (RECOVA_KEY_FILE or `<dataDir>/keys.json`). */
export const keyFilePath = (config: Config) => config.keyFile ?? path.join(config.dataDir, 'keys.json');

/** Read and validate a key ring file. Errors name the file and the problem, never a key. */
export function readKeyFile(file: string): Keyring {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let ring: Keyring;
  try {
    ring = JSON.parse(raw) as Keyring;
  } catch {
    throw new Error(`key file ${file} is not valid JSON`);
  }
  try {
    return validateKeyring(ring);
  } catch (e) {
    throw new Error(`key file ${file}: ${(e as Error).message}`);
  }
}

/** Write a key ring atomically (temporary file + rename), readable by the owner only. */
export function writeKeyFile(file: string, ring: Keyring): void {
  validateKeyring(ring);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(ring, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
}

/** A ring with one new random key as current. */
export function freshKeyring(): Keyring {
  const key = newKey();
  const id = keyIdFor(key);
  return { current: id, keys: { [id]: key } };
}

/**
 * Load the ring for this config, creating `<dataDir>/keys.json` when no key is configured at all.
 * An explicit RECOVA_KEY_FILE that does not exist is an error (a typo must not silently start a new key).
 */
export function loadKeyring(config: Config): { ring: Keyring; source: KeySource } {
  if (config.keyFile) return { ring: readKeyFile(config.keyFile), source: { kind: 'file', path: config.keyFile, created: false } };
  if (config.dataKey) {
    if (Buffer.from(config.dataKey, 'base64').length !== 32) throw new Error('RECOVA_DATA_KEY must be 32 bytes of base64 (e.g. `openssl rand -base64 32`)');
    const id = keyIdFor(config.dataKey);
    return { ring: { current: id, keys: { [id]: config.dataKey } }, source: { kind: 'env' } };
  }
  const file = keyFilePath(config);
  if (fs.existsSync(file)) return { ring: readKeyFile(file), source: { kind: 'file', path: file, created: false } };
  const ring = freshKeyring();
  writeKeyFile(file, ring);
  return { ring, source: { kind: 'file', path: file, created: true } };
}
