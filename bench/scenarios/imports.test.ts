/**
 * The CSV import's no-database floor runs the product's own pipeline over a real bench file: every
 * generated row is normalised, staged and sealed (personal values encrypted), and a row the import
 * would reject is rejected here too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePortfolio } from '../lib/generate.ts';
import { importFloor } from './imports.ts';

describe('importFloor', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-bench-floor-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seals every row of a generated portfolio file, and rejects a row with more values than the header', async () => {
    const files = await writePortfolio(dir, 40, { xlsxRows: 0, gbk: false });
    const f = await importFloor({ file: files.csvUtf8 });
    expect(f).toMatchObject({ rows: 40, sealed: 40, rejected: 0 });
    // ID, card, account and each contact's name and number, in two tables: well over ten values a row
    expect(f.encrypted).toBeGreaterThan(40 * 10);
    expect(f.ms).toBeGreaterThan(0);
    expect(f.cpuMs).toBeGreaterThanOrEqual(0);
    // a stray delimiter: one more value than the header has columns (the import's EXTRA_VALUES)
    const lines = fs.readFileSync(files.csvUtf8, 'utf8').trimEnd().split('\r\n');
    fs.writeFileSync(files.csvUtf8, [...lines, `${lines[1].replace(/^BNK2026A-\d+/, 'BNK2026A-X1')},stray`].join('\r\n') + '\r\n');
    expect(await importFloor({ file: files.csvUtf8 })).toMatchObject({ rows: 41, sealed: 40, rejected: 1 });
  });
});
