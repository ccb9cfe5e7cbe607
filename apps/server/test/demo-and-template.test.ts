/**
 * The project's own demo portfolio imports cleanly through the real pipeline, and the standard
 * template round-trips: downloaded, filled in, imported.
 */
import path from 'node:path';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch } from './helpers/fixtures.ts';
import { writeDemoFiles } from '../src/demo/portfolio-files.ts';
import { writeTemplate } from '../src/modules/imports/template.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

describe('demo portfolio', () => {
  it('imports 5,400 cases over 2 clients and 3 batches with no rejection, and again with no change', async () => {
    fs.mkdirSync(path.join(ctx.tmp, 'demo'));
    const files = await writeDemoFiles(path.join(ctx.tmp, 'demo'));
    expect(new Set(files.map((f) => f.client)).size).toBe(2);
    expect(files.map((f) => path.extname(f.path))).toEqual(['.xlsx', '.csv', '.csv']);
    let total = 0;
    for (const f of files) {
      const { batchId } = await makeBatch(ctx, { client: f.client, batch: f.batch, currency: f.currency, placementDate: f.placementDate });
      const { item } = await importFile(ctx, batchId, f.path);
      expect(item!.result).toEqual({ rows: f.count, imported: f.count, updated: 0, unchanged: 0, rejected: 0 });
      total += f.count;
      if (f.path.endsWith('.xlsx')) expect((await importFile(ctx, batchId, f.path)).item!.result).toMatchObject({ imported: 0, unchanged: f.count });
    }
    expect(total).toBe(5400);
    const contacts = await ctx.db.selectFrom('case_contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(contacts.n)).toBeGreaterThan(5400);
  });
});

describe('standard template', () => {
  it('has Chinese headers, an optional English row, required marks, and imports once filled in', async () => {
    const file = path.join(ctx.tmp, 'template.xlsx');
    const out = fs.createWriteStream(file);
    const closed = new Promise((r) => out.on('close', r));
    await writeTemplate(out, 'both');
    out.end();
    await closed;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('案件')!;
    const zh = (ws.getRow(1).values as string[]).slice(1);
    const en = (ws.getRow(2).values as string[]).slice(1);
    expect(zh.slice(0, 3)).toEqual(['案件编号*', '姓名*', '证件类型']);
    expect(en.slice(0, 3)).toEqual(['Case No*', 'Name*', 'ID Type']);
    // fill in one case and import it
    const col = (h: string) => zh.indexOf(h) + 1;
    const row = ws.getRow(3);
    row.getCell(col('案件编号*')).value = 'T-1';
    row.getCell(col('姓名*')).value = '张三';
    row.getCell(col('身份证号')).value = '110101199003074514';
    row.getCell(col('委案金额*')).value = 1234.5;
    row.getCell(col('手机')).value = '13800138000';
    row.getCell(col('联系人1姓名')).value = '张大山';
    await wb.xlsx.writeFile(file);
    const { batchId } = await makeBatch(ctx, { client: 'TPL', batch: 'T1' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.headerRows).toEqual([1, 2]);
    expect(item!.result).toEqual({ rows: 1, imported: 1, updated: 0, unchanged: 0, rejected: 0 });
    const c = await ctx.db.selectFrom('cases').selectAll().where('batch_id', '=', batchId).executeTakeFirstOrThrow();
    expect([c.client_case_ref, c.debtor_name, c.placed_amount]).toEqual(['T-1', '张三', 123450]);
  });
});
