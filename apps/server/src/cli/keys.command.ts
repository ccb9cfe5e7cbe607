/**
 * `recova keys status` — key ids (current marked) and how many stored values each key holds.
 * `recova keys rotate` — add a new key as current, re-encrypt every personal value and recompute every
 * blind index in chunks, then drop the old keys (ADR 0007). Resumable: run it again after an
 * interruption and it continues with the rows not yet under the current key. Needs a key file
 * (RECOVA_KEY_FILE or <data dir>/keys.json); a single RECOVA_DATA_KEY cannot rotate.
 */
import type { Command } from 'commander';
import { cliConfig } from './cli-config.ts';
import { createContext } from '../main.ts';
import { UsageError } from './main.ts';
import { keyFilePath, readKeyFile, writeKeyFile } from '../platform/keyring.ts';
import { keyIdFor, newKey, PiiCipher } from '../platform/crypto.ts';
import { countByKey, resealAll, stagedRows } from '../modules/security/pii-legacy.ts';
import { audit } from '../modules/audit/audit.ts';

const out = (s: string) => process.stdout.write(s + '\n');

/** Registers `keys status|rotate`; `setCode` receives the exit code (0 done, 1 rotation to be resumed). */
export function keysCommand(program: Command, dataDir: (c: Command) => Command, setCode: (code: number) => void): Command {
  const keys = program.command('keys').description('data-encryption keys: status and rotation');
  dataDir(keys.command('status').description('key ids and how many stored values each holds')).action(async (o: { dataDir?: string }) => {
    setCode(await status(o));
  });
  dataDir(keys.command('rotate').description('new current key; re-encrypt all personal data; remove the old keys')).action(async (o: { dataDir?: string }) => {
    setCode(await rotate(o));
  });
  return keys;
}

async function status(o: { dataDir?: string }): Promise<number> {
  const config = cliConfig(o.dataDir);
  const ctx = await createContext(config);
  try {
    out(`key source: ${config.keyFile || !config.dataKey ? keyFilePath(config) : 'RECOVA_DATA_KEY'}`);
    for (const id of ctx.pii.keyIds) out(`key ${id}${id === ctx.pii.current ? ' (current)' : ''}`);
    const counts = await countByKey(ctx.db);
    const per = new Map<string, number>();
    for (const c of counts) per.set(c.key, (per.get(c.key) ?? 0) + c.values);
    for (const [k, n] of per) out(`values under ${k}: ${n}`);
    for (const c of counts) out(`  ${c.column} ${c.key} ${c.values}`);
    return 0;
  } finally {
    await ctx.database.close();
  }
}

async function rotate(o: { dataDir?: string }): Promise<number> {
  const config = cliConfig(o.dataDir);
  if (!config.keyFile && config.dataKey) {
    throw new UsageError('RECOVA_DATA_KEY holds one fixed key, so it cannot rotate: move the key into a key file ({"current": "<id>", "keys": {"<id>": "<base64>"}}, id from `recova keys status`), set RECOVA_KEY_FILE to it and unset RECOVA_DATA_KEY, then run `recova keys rotate`');
  }
  const file = keyFilePath(config);
  const ctx0 = await createContext(config); // creates the key file on a fresh data folder, encrypts legacy plaintext
  await ctx0.database.close();
  let ring = readKeyFile(file);
  if (Object.keys(ring.keys).length === 1) {
    const key = newKey();
    const id = keyIdFor(key);
    ring = { current: id, keys: { ...ring.keys, [id]: key } };
    writeKeyFile(file, ring);
    out(`added key ${id} as current`);
  } else out(`resuming: current key ${ring.current}, older keys ${Object.keys(ring.keys).filter((k) => k !== ring.current).join(', ')}`);
  const ctx = await createContext(config);
  try {
    const pii = new PiiCipher(ring);
    const done = await resealAll(ctx.db, pii, 'rotate', (t, n) => process.stderr.write(`\r${t}: ${n} rows`));
    process.stderr.write('\n');
    for (const [t, n] of Object.entries(done)) out(`${t}: ${n} rows re-encrypted`);
    const left = (await countByKey(ctx.db)).filter((c) => c.key !== ring.current);
    const staged = await stagedRows(ctx.db);
    if (left.length || staged) {
      out(left.length ? `values still under old keys: ${left.map((l) => `${l.column} ${l.key} ${l.values}`).join('; ')}` : `an import is in flight (${staged} staged rows): the old key stays until it finishes`);
      out('run `recova keys rotate` again to finish');
      return 1;
    }
    const old = Object.keys(ring.keys).filter((k) => k !== ring.current);
    writeKeyFile(file, { current: ring.current, keys: { [ring.current]: ring.keys[ring.current] } });
    await audit(ctx.db, null, 'keys.rotate', 'key', ring.current, { via: 'cli', removed: old, rows: done });
    out(`removed old key${old.length > 1 ? 's' : ''} ${old.join(', ')}; every value is under ${ring.current}`);
    return 0;
  } finally {
    await ctx.database.close();
  }
}
