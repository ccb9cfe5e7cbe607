/**
 * `recova keys status | rotate` (issue 3 point 3; ADR 0007), through the binary's entry in this process
 * (helpers/cli.ts: same exit codes and output as the child process): a fresh data folder gets keys.json (mode 0600); rotate re-encrypts everything under a new key and removes the old
 * one; the data stays readable (export --reveal) and re-import stays unchanged; RECOVA_DATA_KEY refuses
 * to rotate with an explanation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseLocation, SAMPLES } from './helpers/context.ts';
import { runCli } from './helpers/cli.ts';

let loc: Awaited<ReturnType<typeof createTestDatabaseLocation>>;

function recova(env: Record<string, string>, ...args: string[]) {
  return runCli([...args, ...loc.args], { ...loc.env, ...env, TZ: 'UTC', RECOVA_TIMEZONE: 'Asia/Shanghai' });
}

beforeAll(async () => {
  loc = await createTestDatabaseLocation();
});
afterAll(() => loc.cleanup());

describe('recova keys', () => {
  it('status, rotate, and everything still readable under the new key only', async () => {
    const file = path.join(SAMPLES, 'import/gbk-csv/input.csv');
    expect((await recova({}, 'import', file, '--client', 'BANK', '--batch', 'K1', '--create', '--json')).code).toBe(0);
    const keyFile = path.join(loc.tmp, 'keys.json');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const before = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    const status = await recova({}, 'keys', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(`key ${before.current} (current)`);
    expect(status.out).toContain(`cases.id_number ${before.current} 4`);
    expect(status.out).not.toContain(before.keys[before.current]);

    const rot = await recova({}, 'keys', 'rotate');
    expect(rot.code).toBe(0);
    const after = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    expect(after.current).not.toBe(before.current);
    expect(Object.keys(after.keys)).toEqual([after.current]);
    expect(rot.out).toContain(`removed old key ${before.current}`);
    const st2 = (await recova({}, 'keys', 'status')).out;
    expect(st2).not.toContain(before.current);
    expect(st2).toContain(`values under ${after.current}: 16`);

    const rows = JSON.parse((await recova({}, 'export', 'cases', '--batch', 'K1', '--format', 'json', '--reveal')).out);
    expect(rows[0]).toMatchObject({ debtor_name: '张三', id_number: '110101199003074514', mobile: '13800138000' });
    expect(JSON.parse((await recova({}, 'import', file, '--client', 'BANK', '--batch', 'K1', '--json')).out)).toMatchObject({ imported: 0, unchanged: 4 });
  });

  it('a key ring that cannot read the data stops the command with a clear message (was: searches found nothing)', async () => {
    const r = await recova({ RECOVA_DATA_KEY: Buffer.alloc(32, 9).toString('base64') }, 'export', 'cases', '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recova: the data is encrypted with key k\w+, which the key ring \(k\w+\) does not hold/);
  });

  it('with RECOVA_DATA_KEY, rotate explains that it needs a key file', async () => {
    const r = await recova({ RECOVA_DATA_KEY: Buffer.alloc(32, 5).toString('base64') }, 'keys', 'rotate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recova: RECOVA_DATA_KEY holds one fixed key, so it cannot rotate: .*RECOVA_KEY_FILE/);
  });
}, 600_000);
