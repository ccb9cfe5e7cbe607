/**
 * The command-line contract (design.md §5): import --json shape and exit codes, export json/csv/xlsx,
 * mapping set, usage errors without stack traces. The first test runs the real binary as a child
 * process (the smoke test that bin/recova.mjs works end to end); the rest call the same entry in this
 * process (helpers/cli.ts) — same exit codes and output, without a Node start per command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseLocation, SAMPLES } from './helpers/context.ts';
import { runCli } from './helpers/cli.ts';

const BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../bin/recova.mjs');
let loc: Awaited<ReturnType<typeof createTestDatabaseLocation>>;

const ENV = { TZ: 'UTC', RECOVA_TIMEZONE: 'Asia/Shanghai' };
const withDb = (args: string[]) => [...args, ...(['mapping', 'client'].includes(args[0]) ? [] : loc.args)];

/** `recova ...args` in this process, against the test database. */
function recova(...args: string[]) {
  return runCli(withDb(args), { ...loc.env, ...ENV });
}

/** `recova ...args` as a real child process (the smoke test). */
function recovaBinary(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...withDb(args)], {
    env: { ...process.env, ...loc.env, ...ENV },
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  loc = await createTestDatabaseLocation();
});
afterAll(() => loc.cleanup());

describe('recova import / export', () => {
  it('imports with --create and prints the JSON contract; exit 1 when rows are rejected (the real binary)', () => {
    const r = recovaBinary('import', path.join(SAMPLES, 'import/id18-precision-xlsx/input.xlsx'), '--client', 'BANK', '--batch', 'B1', '--create', '--placement-date', '2024-03-01', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ batch: 'B1', kind: 'cases', rows: 4, imported: 2, updated: 0, unchanged: 0, rejected: 2 });
    expect(j.errors).toEqual([
      expect.objectContaining({ row: 3, column: '身份证号', value: '310104********0000', code: 'ID_PRECISION_LOST' }),
      expect.objectContaining({ row: 4, column: '卡号', value: '6228 **** **** 5670', code: 'IDENTIFIER_PRECISION_LOST' }),
    ]);
    expect(Object.keys(j.errors[0]).sort()).toEqual(['code', 'column', 'message', 'row', 'value']);
  });

  it('recova daily-run refuses a day far from today (exit 2, one line) like the API', async () => {
    const r = await recova('daily-run', '--date', '2025-01-01');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recova: --date: a daily run may be started for \d{4}-\d{2}-\d{2} … \d{4}-\d{2}-\d{2} only/);
  });

  it('exit 0 for a clean file; re-import reports unchanged', async () => {
    const f = path.join(SAMPLES, 'import/xls-biff8-standard-template/input.xls');
    const a = await recova('import', f, '--client', 'BANK', '--batch', 'B2', '--create', '--json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({ rows: 3, imported: 3, rejected: 0, errors: [] });
    const b = await recova('import', f, '--client', 'BANK', '--batch', 'B2', '--json');
    expect(JSON.parse(b.out)).toMatchObject({ imported: 0, unchanged: 3 });
  });

  it('exit 2 with a one-line error for usage mistakes and unreadable files', async () => {
    const noBatch = await recova('import', path.join(SAMPLES, 'import/gbk-csv/input.csv'), '--client', 'BANK', '--batch', 'NOPE');
    expect(noBatch.code).toBe(2);
    expect(noBatch.err).toBe('recova: client BANK has no batch NOPE (use --create to create it)\n');
    const missing = await recova('import', '/nonexistent.csv', '--client', 'BANK', '--batch', 'B1');
    expect(missing.code).toBe(2);
    expect(missing.err).not.toMatch(/at .*\.ts:\d+/);
    const noHeader = await recova('import', path.join(SAMPLES, 'import/multi-sheet-hidden/input.xlsx'), '--client', 'BANK', '--batch', 'B1', '--sheet', '填写说明');
    expect(noHeader.code).toBe(2);
    expect(noHeader.err).toMatch(/no header found/);
    expect((await recova('import', 'x.csv', '--client', 'BANK', '--batch', 'B1', '--kind', 'bogus')).code).toBe(2);
    expect((await recova('export', 'cases', '--format', 'pdf')).code).toBe(2);
    expect((await recova('frobnicate')).code).toBe(2);
  });

  it('exports canonical JSON: fen, dates, masked unless --reveal, contacts array, dpd and bucket as of a day', async () => {
    const r = await recova('export', 'cases', '--batch', 'B2', '--format', 'json', '--as-of', '2024-06-01');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      client_case_ref: 'WA2024030001', debtor_name: '张*', id_number: '110101********4514', placed_amount: 523050, currency: 'CNY',
      placement_date: '2024-03-01', last_payment_date: '2024-01-15', last_payment_amount: 20000, client_dpd: 45, client_bucket: 'M2',
      home_phone: '010-****1234', dpd: 137, bucket: 'M5', contacts: [expect.objectContaining({ index: 1, name: '张**', relation: '父亲' })],
    });
    expect(rows[1].account_number).toBe('0310 **** **** 5678');
    expect(rows[0].custom).toEqual({});
    const revealed = JSON.parse((await recova('export', 'cases', '--batch', 'B2', '--format', 'json', '--reveal', '--as-of', '2024-06-01')).out);
    expect(revealed[0]).toMatchObject({ debtor_name: '张三', id_number: '110101199003074514', mobile: '13800138000', home_phone: '010-85551234', contacts: [expect.objectContaining({ name: '张大山' })] });
  });

  it('exports csv and xlsx', async () => {
    const csv = await recova('export', 'cases', '--batch', 'B2', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.out.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split(',').slice(0, 4)).toEqual(['委托方代码', '批次号', '案件编号', '姓名']);
    const out = path.join(loc.tmp, 'cases.xlsx');
    expect((await recova('export', 'cases', '--batch', 'B2', '--format', 'xlsx', '--out', out)).code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('imports real Lending Club loans through a saved client mapping', async () => {
    const created = await recova('client', 'create', '--code', 'LC', '--name', 'Lending Club', '--currency', 'USD', '--timezone', 'America/New_York', ...loc.args);
    expect(created.out).toMatch(/^created client LC \(USD\)/);
    // the mapping file the README documents
    const mapping = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../docs/examples/lending-club-mapping.json');
    const set = await recova('mapping', 'set', mapping, '--client', 'LC', ...loc.args);
    expect(set.err).toBe('');
    expect(set.out).toMatch(/saved 6-column cases mapping/);
    const r = await recova('import', path.join(SAMPLES, 'real/lending_club.csv'), '--client', 'LC', '--batch', 'LC2', '--create', '--placement-date', '2016-04-01', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ rows: 9857, imported: 9857, rejected: 0 });
    const rows = JSON.parse((await recova('export', 'cases', '--client', 'LC', '--batch', 'LC2', '--format', 'json')).out);
    expect(rows).toHaveLength(9857);
    expect(rows[0]).toMatchObject({ client_case_ref: 'LC-2', placed_amount: 1610000, currency: 'USD', province: 'CT', debtor_name: null, custom: { Class: 'good', term: 'term_36', int_rate: '13.99', sub_grade: 'C4' } });
  }, 300_000); // 9,857 rows imported and exported: slow on a loaded machine
});
