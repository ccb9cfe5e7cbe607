import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { bucketOf } from '@recova/domain/aging/aging';
import { daysBetween } from '@recova/domain/time/dates';
import { parsePhone } from '@recova/domain/contact-points/phone';
import { matchHeader } from '@recova/domain/imports/fields';
import { formatMoney } from '@recova/domain/money/money';
import { generateCases, type DemoCase } from './portfolio.ts';
import { DEMO_BATCHES, DEMO_HEADERS, fenToYuan, writeCasesCsv, writeDemoFiles } from './portfolio-files.ts';

const opts = { seed: 42, count: 6000, clientCode: 'ZSB', batchNo: '202610A', placementDate: '2026-10-08' };
const cases: DemoCase[] = [...generateCases({ ...opts, products: [['信用卡', 6], ['现金贷', 2], ['消费分期', 1], ['车贷', 1]] })];

/** ISO 7064 MOD 11-2 written independently of the generator: weights are 2^(17−i) mod 11. */
function mod11_2Valid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return id[17] === (check === 10 ? 'X' : String(check));
}
function luhnValid(n: string): boolean {
  let sum = 0;
  [...n].reverse().forEach((ch, i) => {
    const d = Number(ch) * (i % 2 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}
/** GB/T 2260 province codes of the prefixes the generator may use. */
const PROVINCE_OF: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省',
  '37': '山东省', '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省', '50': '重庆市', '51': '四川省',
  '52': '贵州省', '53': '云南省',
};
const yuanToFen = (s: string) => {
  expect(s).toMatch(/^\d+\.\d{2}$/);
  return Number(s.replace('.', ''));
};

describe('generateCases', () => {
  it('is deterministic, and case N does not depend on count or startRef', () => {
    const again = [...generateCases({ ...opts, count: 50, products: [['信用卡', 6], ['现金贷', 2], ['消费分期', 1], ['车贷', 1]] })];
    expect(again).toEqual(cases.slice(0, 50));
    const base = [...generateCases({ ...opts, count: 30 })];
    expect([...generateCases({ ...opts, count: 5, startRef: 21 })]).toEqual(base.slice(20, 25));
    expect([...generateCases({ ...opts, count: 5, seed: 43 })]).not.toEqual(base.slice(0, 5));
    expect(cases[0].client_case_ref).toBe('ZSB202610A-000001');
    expect(cases[5999].client_case_ref).toBe('ZSB202610A-006000');
  });

  it('writes valid resident IDs matching gender, province and birth years 1960–2002', () => {
    for (const c of cases) {
      expect(mod11_2Valid(c.id_number), c.id_number).toBe(true);
      expect(PROVINCE_OF[c.id_number.slice(0, 2)]).toBe(c.province);
      const year = Number(c.id_number.slice(6, 10));
      expect(year).toBeGreaterThanOrEqual(1960);
      expect(year).toBeLessThanOrEqual(2002);
      const birth = `${c.id_number.slice(6, 10)}-${c.id_number.slice(10, 12)}-${c.id_number.slice(12, 14)}`;
      expect(new Date(`${birth}T00:00:00Z`).toISOString().slice(0, 10)).toBe(birth);
      expect(Number(c.id_number[16]) % 2 === 1 ? 'male' : 'female').toBe(c.gender);
    }
    expect(cases.some((c) => c.id_number.endsWith('X'))).toBe(true);
    expect(new Set(cases.map((c) => c.id_number.slice(0, 6))).size).toBeGreaterThanOrEqual(15);
  });

  it('writes Luhn-valid 16-digit 62 cards, valid mobiles and landlines with the city area code', () => {
    for (const c of cases) {
      expect(c.card_number).toMatch(/^62\d{14}$/);
      expect(luhnValid(c.card_number), c.card_number).toBe(true);
      expect(c.mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(parsePhone({ t: 's', v: c.mobile })).toMatchObject({ ok: true, kind: 'mobile', value: c.mobile });
      for (const p of [c.home_phone, c.work_phone]) if (p) expect(parsePhone({ t: 's', v: p })).toMatchObject({ ok: true, kind: 'landline', value: p });
      if (c.home_phone && c.work_phone) expect(c.home_phone.split('-')[0]).toBe(c.work_phone.split('-')[0]);
    }
    expect(new Set(cases.map((c) => c.card_number)).size).toBe(cases.length);
    const area = (city: string) => cases.find((c) => c.city === city && c.home_phone)!.home_phone!.split('-')[0];
    expect([area('北京市'), area('上海市'), area('深圳市'), area('成都市')]).toEqual(['010', '021', '0755', '028']);
  });

  it('splits placed_amount exactly into components, with a right-skewed amount distribution', () => {
    for (const c of cases) {
      for (const v of [c.placed_amount, c.principal, c.interest, c.penalty, c.late_fee]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      expect(c.principal + c.interest + c.penalty + c.late_fee).toBe(c.placed_amount);
      expect(c.principal).toBeGreaterThan(c.placed_amount / 2);
      expect(c.placed_amount).toBeLessThanOrEqual(500_000_00);
      if (c.last_payment_amount !== null) expect(c.last_payment_amount).toBeGreaterThan(0);
    }
    const cards = cases.filter((c) => c.product === '信用卡').map((c) => c.placed_amount).sort((a, b) => a - b);
    const inRange = cards.filter((a) => a >= 2_000_00 && a <= 50_000_00).length / cards.length;
    expect(inRange).toBeGreaterThan(0.8);
    const mean = cards.reduce((a, b) => a + b, 0) / cards.length;
    expect(mean).toBeGreaterThan(cards[cards.length >> 1]); // right skew: mean above median
    expect(cases.some((c) => c.placed_amount > 100_000_00)).toBe(true);
    expect(new Set(cases.map((c) => c.product))).toEqual(new Set(['信用卡', '现金贷', '消费分期', '车贷']));
  });

  it('spreads DPD over M1..M7+, more in early buckets, consistent with overdue and placement dates', () => {
    const counts = new Map<string, number>();
    for (const c of cases) {
      expect(daysBetween(c.overdue_date, c.placement_date)).toBe(c.client_dpd);
      const b = bucketOf(c.client_dpd)!;
      counts.set(b, (counts.get(b) ?? 0) + 1);
      if (c.last_payment_date) expect(c.last_payment_date < c.placement_date).toBe(true);
    }
    expect([...counts.keys()].sort()).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+']);
    expect(counts.get('M1')!).toBeGreaterThan(counts.get('M3')!);
    expect(counts.get('M3')!).toBeGreaterThan(counts.get('M6')!);
  });

  it('writes Chinese names, addresses in the debtor city, contacts and regions', () => {
    const han = /^[\u4e00-\u9fff]{2,4}$/;
    const contactCounts = new Map<number, number>();
    for (const c of cases) {
      expect(c.debtor_name).toMatch(han);
      expect(c.home_address).toContain(c.city);
      expect(c.home_address).toMatch(/区.+路|区.+街|区.+大道/);
      expect(c.home_address).toMatch(/\d+号.+小区\d+栋\d+单元\d+室$/);
      if (c.work_address) expect(c.work_address.startsWith(c.city)).toBe(true);
      if (c.employer && c.work_address) expect(c.employer).toMatch(/有限公司$/);
      expect(['华北', '华东', '华南', '西南', '华中']).toContain(c.region);
      expect(c.contacts.length).toBeGreaterThanOrEqual(1);
      expect(c.contacts.length).toBeLessThanOrEqual(15);
      contactCounts.set(c.contacts.length, (contactCounts.get(c.contacts.length) ?? 0) + 1);
      for (const k of c.contacts) {
        expect(k.name).toMatch(han);
        expect(['配偶', '父母', '子女', '兄弟姐妹', '朋友', '同事', '亲属']).toContain(k.relation);
        expect(k.mobile).toMatch(/^1[3-9]\d{9}$/);
      }
      expect(c.contacts.filter((k) => k.relation === '配偶').length).toBeLessThanOrEqual(1);
      expect(c.contacts.filter((k) => k.relation === '父母').length).toBeLessThanOrEqual(2);
    }
    const twoToFour = [2, 3, 4].reduce((a, n) => a + (contactCounts.get(n) ?? 0), 0);
    expect(twoToFour / cases.length).toBeGreaterThan(0.5);
    expect(Math.max(...contactCounts.keys())).toBeGreaterThan(5);
    expect(cases.some((c) => c.comment)).toBe(true);
    expect(cases.some((c) => c.last_payment_date)).toBe(true);
  });

  it('restricts regions on request', () => {
    const east = [...generateCases({ ...opts, count: 300, regions: ['华东'] })];
    expect(new Set(east.map((c) => c.region))).toEqual(new Set(['华东']));
  });
});

describe('fenToYuan', () => {
  it('formats fen as decimal yuan like the domain formatter', () => {
    for (const fen of [0, 5, 99, 100, 101, 123456, 50_000_000, ...cases.slice(0, 500).map((c) => c.placed_amount)]) expect(fenToYuan(fen)).toBe(formatMoney(fen));
    expect(() => fenToYuan(-1)).toThrow(RangeError);
  });
});

describe('headers', () => {
  it('every header is a canonical field or contact column of design.md §4', () => {
    expect(DEMO_HEADERS.length).toBe(26 + 5 * 3);
    for (const h of DEMO_HEADERS) expect(matchHeader(h).kind, h).not.toBe('custom');
    expect(matchHeader('联系人5手机号码')).toEqual({ kind: 'contact', index: 5, field: 'mobile' });
  });
});

describe('writeDemoFiles', () => {
  let dir: string;
  let files: Awaited<ReturnType<typeof writeDemoFiles>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-portfolio-'));
    files = await writeDemoFiles(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes 2 clients, 3 batches, 5,400 cases: one .xlsx, one GBK CSV, one UTF-8 CSV', async () => {
    expect(files.map((f) => path.extname(f.path))).toEqual(['.xlsx', '.csv', '.csv']);
    expect(new Set(files.map((f) => f.client)).size).toBe(2);
    expect(files.reduce((a, f) => a + f.count, 0)).toBe(5400);
    let rows = 0;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files[0].path);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...DEMO_HEADERS]);
    const id = ws.getRow(2).getCell(4);
    expect(typeof id.value).toBe('string');
    expect(typeof ws.getRow(2).getCell(10).value).toBe('number');
    expect(ws.getRow(2).getCell(15).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    rows += ws.rowCount - 1;
    const gbk = fs.readFileSync(files[1].path);
    const utf8 = fs.readFileSync(files[2].path);
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    for (const text of [iconv.decode(gbk, 'gb18030'), utf8.toString('utf8').slice(1)]) {
      const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data[0]).toEqual([...DEMO_HEADERS]);
      for (const r of parsed.data.slice(1)) {
        expect(r.length).toBe(DEMO_HEADERS.length);
        expect(yuanToFen(r[10]) + yuanToFen(r[11]) + yuanToFen(r[12]) + yuanToFen(r[13])).toBe(yuanToFen(r[9]));
      }
      rows += parsed.data.length - 1;
    }
    expect(rows).toBe(5400);
    expect(files.map((f) => f.count)).toEqual([ws.rowCount - 1, 1800, 1200]);
  });

  it('the GBK file decodes (gb18030) to exactly the text of the same rows written as UTF-8', async () => {
    const b = DEMO_BATCHES[1];
    const ref = path.join(dir, 'ref.csv');
    await writeCasesCsv(ref, generateCases({ seed: b.seed, count: b.count, clientCode: b.client, batchNo: b.batch, placementDate: b.placementDate, products: b.products, regions: b.regions }), 'utf-8');
    const decoded = iconv.decode(fs.readFileSync(files[1].path), 'gb18030');
    expect(decoded).not.toContain('\ufffd');
    expect(decoded).toBe(fs.readFileSync(ref, 'utf8').slice(1));
    fs.rmSync(ref);
  });

  it('gives the same bytes on every run', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'recova-portfolio-'));
    try {
      const again = await writeDemoFiles(dir2);
      for (let i = 0; i < 3; i++) expect(fs.readFileSync(again[i].path).equals(fs.readFileSync(files[i].path)), again[i].path).toBe(true);
    } finally {
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });
});
