/**
 * Personal data at rest (issue 3 point 3, ADR 0007): after importing every shared sample no full ID,
 * phone, card, address or contact name is anywhere in the database; search by full ID, phone, card and
 * last 4 still finds the case; re-import stays unchanged; rotation leaves everything readable and
 * searchable with nothing under the old key; legacy plaintext is encrypted by the start-up pass; the
 * cipher refuses tampered or moved values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, SAMPLES, TEST_KEYRING, type TestContext } from './helpers/context.ts';
import { decrypted, importFile, makeBatch, systemAdmin } from './helpers/fixtures.ts';
import { PiiCipher, keyIdOf } from '../src/platform/crypto.ts';
import { listCases } from '../src/modules/cases/cases.service.ts';
import { countByKey, encryptLegacyPlaintext, resealAll } from '../src/modules/security/pii-legacy.ts';
import type { AppContext } from '../src/http/context.ts';

let ctx: TestContext;
const SAMPLE_NAMES = fs.readdirSync(path.join(SAMPLES, 'import')).filter((n) => fs.existsSync(path.join(SAMPLES, 'import', n, 'expected.json')));
const batches: Record<string, number> = {};
/** Headers whose values are personal data that must be encrypted (debtor names stay plaintext, ADR 0007). */
const PII_HEADER = /身份证|证件号|手机|电话|号码|卡号|账号|地址|联系人\d+(姓名|手机)/;
const known = new Set<string>();

beforeAll(async () => {
  ctx = await createTestContext();
  for (const name of SAMPLE_NAMES) {
    const dir = path.join(SAMPLES, 'import', name);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const { batchId } = await makeBatch(ctx, { batch: name });
    batches[name] = batchId;
    await importFile(ctx, batchId, path.join(dir, expected.input));
    for (const r of (expected.expected_rows ?? []) as Record<string, unknown>[])
      for (const [k, v] of Object.entries(r)) if (PII_HEADER.test(k) && typeof v === 'string' && v.length >= 2) known.add(v);
  }
}, 120_000);
afterAll(() => ctx.cleanup());

const search = (c: AppContext, q: string, batchId?: number) => listCases(c, systemAdmin(), { q, batchId, sort: 'id', order: 'asc', page: 1, pageSize: 50 }).then((r) => r.items.map((i) => i.clientCaseRef));

async function plaintextHits(): Promise<string[]> {
  const tables = (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(ctx.db)).rows.map((r) => r.t);
  const hits: string[] = [];
  for (const t of tables) {
    const rows = (await sql<{ r: string }>`select ${sql.table(t)}::text as r from ${sql.table(t)}`.execute(ctx.db)).rows;
    for (const v of known) if (rows.some((x) => x.r.includes(v))) hits.push(`${t}: ${v}`);
  }
  return hits;
}

describe('encryption at rest', () => {
  it('the samples carry personal values to look for', () => {
    expect(SAMPLE_NAMES.length).toBeGreaterThanOrEqual(7);
    expect(known.size).toBeGreaterThan(20);
    expect(known).toContain('110101199003074514');
    expect(known).toContain('13800138000');
  });

  it('no plaintext ID, phone, card, address or contact name in any column of any table', async () => {
    expect(await plaintextHits()).toEqual([]);
    // and the values are there, encrypted under the test key with the column as AAD
    const c = await ctx.db.selectFrom('cases').selectAll().where('batch_id', '=', batches['gbk-csv']).orderBy('id').executeTakeFirstOrThrow();
    expect(c.id_number).toMatch(/^v1\.ktest1\.[\w-]{16}\.[\w-]+$/);
    expect(c.id_number_masked).toBe('110101********4514');
    expect(c.id_number_bidx).toMatch(/^[0-9a-f]{32}$/);
    expect(decrypted(ctx, 'cases', c).id_number).toBe('110101199003074514');
  });

  it('search by full ID, phone (any spelling), card, last 4 and masked ID still finds the case', async () => {
    const b = batches['gbk-csv'];
    const first = (await search(ctx, '', b))[0];
    expect(await search(ctx, '110101199003074514', b)).toEqual([first]);
    expect(await search(ctx, '13800138000', b)).toEqual([first]);
    expect(await search(ctx, '+86 138-0013-8000', b)).toEqual([first]);
    expect(await search(ctx, '4514', b)).toEqual([first]);
    expect(await search(ctx, '110101********4514', b)).toEqual([first]);
    const x = batches['xls-biff8-standard-template'];
    const card = (await ctx.db.selectFrom('cases').select(['card_number', 'client_case_ref']).where('batch_id', '=', x).where('card_number', 'is not', null).orderBy('id').executeTakeFirstOrThrow());
    const full = decrypted(ctx, 'cases', card).card_number!;
    expect(await search(ctx, full, x)).toEqual([card.client_case_ref]);
    expect(await search(ctx, full.slice(-4), x)).toContain(card.client_case_ref);
    expect(await search(ctx, '19999999999', b)).toEqual([]);
  });

  it('re-importing a sample leaves every case unchanged and adds no phone or address twice', async () => {
    const dir = path.join(SAMPLES, 'import', 'gbk-csv');
    const phonesBefore = (await sql<{ n: number }>`select count(*)::int as n from case_phones`.execute(ctx.db)).rows[0].n;
    const r = await importFile(ctx, batches['gbk-csv'], path.join(dir, 'input.csv'));
    expect(r.item!.result).toMatchObject({ imported: 0, updated: 0, rejected: 0 });
    expect(r.item!.result!.unchanged).toBe(r.item!.result!.rows);
    expect((await sql<{ n: number }>`select count(*)::int as n from case_phones`.execute(ctx.db)).rows[0].n).toBe(phonesBefore);
  });

  it('rotation: half done, lookups try every key; done, all readable and searchable with nothing under the old key', async () => {
    const ring2 = { current: 'ktest2', keys: { ...TEST_KEYRING.keys, ktest2: Buffer.alloc(32, 9).toString('base64') } };
    const mid: AppContext = { ...ctx, pii: new PiiCipher(ring2) };
    const b = batches['gbk-csv'];
    const first = (await search(ctx, '', b))[0];
    // nothing re-encrypted yet: the old blind indexes are found through the old key
    expect(await search(mid, '110101199003074514', b)).toEqual([first]);
    const done = await resealAll(ctx.db, mid.pii, 'rotate');
    expect(done.cases).toBeGreaterThan(0);
    expect(done.case_phones).toBeGreaterThan(0);
    expect((await countByKey(ctx.db)).filter((c) => c.key !== 'ktest2')).toEqual([]);
    expect(await resealAll(ctx.db, mid.pii, 'rotate')).toMatchObject({ cases: 0, case_phones: 0, case_contacts: 0 }); // resumable: nothing left
    const after: AppContext = { ...ctx, pii: new PiiCipher({ current: 'ktest2', keys: { ktest2: ring2.keys.ktest2 } }) };
    expect(await search(after, '110101199003074514', b)).toEqual([first]);
    expect(await search(after, '13800138000', b)).toEqual([first]);
    const c = await ctx.db.selectFrom('cases').selectAll().where('batch_id', '=', b).orderBy('id').executeTakeFirstOrThrow();
    expect(keyIdOf(c.id_number)).toBe('ktest2');
    expect(decrypted(after, 'cases', c).id_number).toBe('110101199003074514');
    expect(() => decrypted(ctx, 'cases', c)).toThrow(/unknown key "ktest2"/);
    // a re-import under the new key still matches every case
    const r = await importFile(after, b, path.join(SAMPLES, 'import', 'gbk-csv', 'input.csv'));
    expect(r.item!.result).toMatchObject({ imported: 0, updated: 0 });
    expect(await plaintextHits()).toEqual([]);
  });

  it('values stored before encryption are encrypted by the start-up pass (idempotent)', async () => {
    const k = { ...ctx, pii: new PiiCipher({ current: 'ktest2', keys: { ktest2: Buffer.alloc(32, 9).toString('base64') } }) };
    const b = batches['utf8-bom-csv'];
    const c = await ctx.db.insertInto('cases').values({ client_id: 1, batch_id: b, client_case_ref: 'LEGACY-1', debtor_name: '旧数据', id_number: '11010519491231002X', currency: 'CNY' }).returning('id').executeTakeFirstOrThrow();
    await ctx.db.insertInto('case_phones').values({ case_id: c.id, owner: 'debtor', kind: 'mobile', number: '13912345678' }).execute();
    expect(await encryptLegacyPlaintext(k)).toBe(2);
    expect(await encryptLegacyPlaintext(k)).toBe(0);
    const row = await ctx.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.id_number).toMatch(/^v1\.ktest2\./);
    expect(row.id_number_masked).toBe('110105********002X');
    expect(await search(k, '11010519491231002X', b)).toEqual(['LEGACY-1']);
    expect(await search(k, '13912345678', b)).toEqual(['LEGACY-1']);
  });
});

describe('cipher', () => {
  const pii = new PiiCipher(TEST_KEYRING);
  it('round-trips, with a fresh IV per value', () => {
    const a = pii.encrypt('cases.id_number', '110101199003074514')!;
    const b = pii.encrypt('cases.id_number', '110101199003074514')!;
    expect(a).not.toBe(b);
    expect(pii.decrypt('cases.id_number', a)).toBe('110101199003074514');
    expect(pii.encrypt('cases.id_number', null)).toBeNull();
  });
  it('refuses a value moved to another column (AAD) or tampered with (GCM tag)', () => {
    const a = pii.encrypt('cases.id_number', '110101199003074514')!;
    expect(() => pii.decrypt('case_phones.number', a)).toThrow(/does not decrypt/);
    const parts = a.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => pii.decrypt('cases.id_number', [...parts.slice(0, 3), body.toString('base64url')].join('.'))).toThrow(/does not decrypt/);
  });
  it('blind index: keyed, per kind, 32 hex chars; another key gives another index', () => {
    const other = new PiiCipher({ current: 'k2', keys: { k2: Buffer.alloc(32, 1).toString('base64') } });
    expect(pii.bidx('phone', '13800138000')).toMatch(/^[0-9a-f]{32}$/);
    expect(pii.bidx('phone', '13800138000')).toBe(pii.bidx('phone', '13800138000'));
    expect(pii.bidx('phone', '13800138000')).not.toBe(pii.bidx('id', '13800138000'));
    expect(other.bidx('phone', '13800138000')).not.toBe(pii.bidx('phone', '13800138000'));
  });
});
