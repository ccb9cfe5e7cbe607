/**
 * Every sample in shared/samples/import goes through the real pipeline (reader → header → mapping →
 * normalise → stage → merge) into a fresh database, and the stored values must equal expected.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, SAMPLES, type TestContext } from './helpers/context.ts';
import { decrypted, importFile, makeBatch } from './helpers/fixtures.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.cleanup());

const sample = (name: string) => {
  const dir = path.join(SAMPLES, 'import', name);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { file: path.join(dir, expected.input), expected };
};

const yuan = (fen: number | null) => (fen === null ? null : `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`);

async function casesOf(batchId: number) {
  // personal columns are stored encrypted (ADR 0007): decrypt them to compare exact values
  const rows = (await ctx.db.selectFrom('cases').selectAll().where('batch_id', '=', batchId).orderBy('id').execute()).map((r) => decrypted(ctx, 'cases', r));
  const phones = (await ctx.db.selectFrom('case_phones').selectAll().where('case_id', 'in', rows.length ? rows.map((r) => r.id) : [-1]).orderBy('id').execute()).map((r) => decrypted(ctx, 'case_phones', r));
  const contacts = (await ctx.db.selectFrom('case_contacts').selectAll().where('case_id', 'in', rows.length ? rows.map((r) => r.id) : [-1]).orderBy('seq').execute()).map((r) => decrypted(ctx, 'case_contacts', r));
  const addresses = (await ctx.db.selectFrom('case_addresses').selectAll().where('case_id', 'in', rows.length ? rows.map((r) => r.id) : [-1]).orderBy('id').execute()).map((r) => decrypted(ctx, 'case_addresses', r));
  return rows.map((r) => ({
    ...r,
    phones: phones.filter((p) => p.case_id === r.id),
    contacts: contacts.filter((c) => c.case_id === r.id),
    addresses: addresses.filter((a) => a.case_id === r.id),
  }));
}

describe('shared import samples', () => {
  it('gbk-csv: GBK bytes decode (喆 堃 昇 镕), every value exact', async () => {
    const { file, expected } = sample('gbk-csv');
    const { batchId } = await makeBatch(ctx, { batch: 'GBK' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.format).toBe('csv');
    expect(preview.columns.map((c) => c.header)).toEqual(expected.expected_header);
    expect(item!.result).toEqual({ rows: 4, imported: 4, updated: 0, unchanged: 0, rejected: 0 });
    const got = await casesOf(batchId);
    expect(got.map((c) => c.debtor_name)).toEqual(expected.expected_rows.map((r: Record<string, string>) => r['姓名']));
    for (const [i, r] of expected.expected_rows.entries()) {
      const c = got[i];
      expect(c.id_number).toBe(r['身份证号']);
      expect(yuan(c.placed_amount)).toBe(r['委案金额']);
      expect(c.employer).toBe(r['单位名称']);
      expect(c.phones.find((p) => p.owner === 'debtor')!.number).toBe(r['手机']);
      expect(c.addresses.find((a) => a.kind === 'home')!.address).toBe(r['家庭地址']);
      expect(c.contacts[0]).toMatchObject({ seq: 1, name: r['联系人1姓名'], relation: r['联系人1关系'] });
    }
  });

  it('utf8-bom-csv: first header is 姓名 without BOM; client DPD kept, system DPD derived', async () => {
    const { file, expected } = sample('utf8-bom-csv');
    const { batchId } = await makeBatch(ctx, { batch: 'BOM', placementDate: '2024-03-01' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.columns[0].header).toBe('姓名');
    expect(preview.columns[0].target).toEqual({ kind: 'field', field: 'debtor_name' });
    expect(item!.result!.imported).toBe(3);
    const got = await casesOf(batchId);
    for (const [i, r] of expected.expected_rows.entries()) {
      expect(got[i].client_dpd).toBe(r['逾期天数']);
      expect(got[i].client_bucket).toBe(r['账龄']);
      expect(yuan(got[i].placed_amount)).toBe(r['委案金额']);
    }
    // 45 days past due on the placement date 2024-03-01 → first missed due date 2024-01-16
    expect(got[0].overdue_date).toBe('2024-01-16');
    expect(got[0].overdue_date_derived).toBe(true);
  });

  it('id18-precision-xlsx: numeric-cell IDs and cards that lost digits are rejected, exact ones kept', async () => {
    const { file, expected } = sample('id18-precision-xlsx');
    const { batchId } = await makeBatch(ctx, { batch: 'ID18' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.sheet).toBe('案件');
    expect(item!.result).toMatchObject({ rows: 4, imported: 2, rejected: 2 });
    const got = await casesOf(batchId);
    expect(got.map((c) => c.id_number)).toEqual(expected.expected_rows.map((r: Record<string, string>) => r['身份证号']));
    expect(got.map((c) => c.card_number)).toEqual(expected.expected_rows.map((r: Record<string, string>) => r['卡号']));
    expect(got.map((c) => c.phones[0].number)).toEqual(expected.expected_rows.map((r: Record<string, string>) => r['手机']));
    expect(got[1].flags).toContain('id_legacy_15');
    const errs = item!.errors.map((e) => [e.row, e.column]);
    for (const e of expected.expected_errors) expect(errs).toContainEqual([e.source_row, e.field]);
    expect(item!.errors.find((e) => e.row === 3)!.code).toBe('ID_PRECISION_LOST');
  });

  it('currency-thousands: every amount form parses exactly into fen', async () => {
    const { file, expected } = sample('currency-thousands');
    const { batchId } = await makeBatch(ctx, { batch: 'CUR' });
    const { item } = await importFile(ctx, batchId, file);
    const got = await casesOf(batchId);
    const byName = new Map(got.map((c) => [c.debtor_name, c]));
    for (const r of expected.expected_rows) {
      const c = byName.get(r['姓名'])!;
      expect(yuan(c.placed_amount)).toBe(r['委案金额']);
      expect(yuan(c.overdue_amount)).toBe(r['逾期金额']);
      expect(yuan(c.last_payment_amount)).toBe(r['最后还款金额']);
    }
    // row 5: RMB and 万 understood, the negative last payment rejected — the first acceptable outcome
    expect(byName.has('赵六')).toBe(false);
    expect(item!.errors.filter((e) => e.row === 5).map((e) => e.code)).toEqual(['MONEY_NEGATIVE']);
  });

  it('merged-header-two-row: flattened header, contacts under the group, 委托方 carried down', async () => {
    const { file, expected } = sample('merged-header-two-row');
    const { batchId } = await makeBatch(ctx, { batch: 'MRG' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.headerRows).toEqual(expected.header_rows);
    expect(preview.columns.map((c) => c.header)).toEqual(expected.flattened_header);
    expect(item!.result!.imported).toBe(4);
    const got = await casesOf(batchId);
    for (const [i, r] of expected.expected_rows.entries()) {
      expect(got[i]).toMatchObject({ client_name: r['委托方'], debtor_name: r['姓名'], id_number: r['身份证号'], placement_date: r['委案日期'] });
      expect(yuan(got[i].placed_amount)).toBe(r['委案金额']);
      expect(got[i].contacts[0]).toMatchObject({ name: r['联系人1姓名'], relation: r['联系人1关系'], mobile: r['联系人1电话'] });
    }
  });

  it('multi-sheet-hidden: picks the data sheet, never the hidden one; sheet 1 has no header', async () => {
    const { file, expected } = sample('multi-sheet-hidden');
    const { batchId } = await makeBatch(ctx, { batch: 'MSH' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.sheet).toBe(expected.sheet);
    expect(preview.sheets).toEqual(expected.sheets_in_file.map((s: { name: string; state: string }) => ({ name: s.name, hidden: s.state === 'hidden' })));
    expect(item!.result!.imported).toBe(3);
    const got = await casesOf(batchId);
    expect(got.map((c) => c.id_number)).toEqual(expected.expected_rows.map((r: Record<string, string>) => r['身份证号']));
    expect(got[2].id_number!.endsWith('X')).toBe(true);
    expect(got.map((c) => c.client_dpd)).toEqual([45, 95, 200]);
    const { batchId: b2 } = await makeBatch(ctx, { batch: 'MSH2' });
    const first = await importFile(ctx, b2, file, { sheet: '填写说明' });
    expect(first.preview.problem).toMatch(/no header found/);
    expect(await ctx.db.selectFrom('cases').select('id').where('batch_id', '=', b2).execute()).toEqual([]);
  });

  it('xls-biff8-standard-template: legacy .xls with leading zeros, empty cells null, dates', async () => {
    const { file, expected } = sample('xls-biff8-standard-template');
    const { batchId } = await makeBatch(ctx, { batch: 'XLS' });
    const { preview, item } = await importFile(ctx, batchId, file);
    expect(preview.format).toBe('xls');
    expect(item!.result).toMatchObject({ imported: 3, rejected: 0 });
    const got = await casesOf(batchId);
    for (const [i, r] of expected.expected_rows.entries()) {
      expect(got[i]).toMatchObject({
        client_case_ref: r['个案序列号'], client_name: r['委托方'], placement_date: r['委案日期'], id_number: r['证件号'],
        card_number: r['卡号'], account_number: r['账号'], employer: r['单位名称'], client_dpd: r['逾期天数'], client_bucket: r['逾期账龄'],
        last_payment_date: r['最后还款日'], return_date: r['预计退案日'],
      });
      expect(yuan(got[i].placed_amount)).toBe(r['委案金额']);
      expect(yuan(got[i].last_payment_amount)).toBe(r['最后还款金额']);
      const home = got[i].phones.find((p) => p.kind === 'home');
      expect(home?.number ?? null).toBe(r['家庭号码']);
    }
  });
});
