/**
 * The case list and search as rebuilt for issue 7 (API at scale): the total is counted only up to
 * LIST_COUNT_AHEAD cases past the requested page (`more: true` beyond), the page order (nulls last
 * both ways, then id) is the one the 0015 indexes serve, and the search is one union of per-type
 * lookups with the same matches as before — except that a number-like text no longer matches names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { LIST_COUNT_AHEAD } from '../src/modules/cases/cases.service.ts';

let ctx: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let call: ReturnType<typeof client>;
let admin: string;
let batchId: number;
const EXTRA = 1100;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx, { serveWeb: false });
  call = client(app);
  const seeded = await seedCases(ctx, 'BNK', 'B1', ['R001', 'R002', 'R003', 'R004', 'R005']);
  batchId = seeded.batchId;
  // cases without personal data, set-based: enough to pass the count bound; one with no amount, one named with digits
  await sql`insert into cases (client_id, batch_id, client_case_ref, debtor_name, placed_amount)
    select ${seeded.clientId}, ${batchId}, 'X' || g, '债务人X' || g, case when g = 7 then null else 100 + g end from generate_series(1, ${EXTRA}) g`.execute(ctx.db);
  await sql`update cases set debtor_name = '王4514' where client_case_ref = 'X8'`.execute(ctx.db);
  admin = (await userWithSession(ctx, 'boss', 'admin')).cookie;
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

const list = async (qs: string) => (await call(admin, 'GET', `/api/cases?${qs}`)).json();
const search = async (body: Record<string, unknown>) => (await call(admin, 'POST', '/api/cases/search', body)).json();
const refs = (page: { items: { clientCaseRef: string }[] }) => page.items.map((c) => c.clientCaseRef);

describe('case list totals are bounded', () => {
  it('counts up to the page end + LIST_COUNT_AHEAD; beyond that the total is the bound and more is true', async () => {
    expect(LIST_COUNT_AHEAD).toBe(1000);
    const first = await list('pageSize=20');
    expect(first.items).toHaveLength(20);
    expect(first).toMatchObject({ total: 20 + 1000, more: true });
    // deeper pages move the bound with them, so the next pages stay reachable
    expect(await list('pageSize=20&page=3')).toMatchObject({ total: 60 + 1000, more: true });
    // once the bound passes the last case, the total is exact
    const deep = await list('pageSize=50&page=3'); // bound 100 + 50 + 1000 ≥ 1105
    expect(deep).toMatchObject({ total: EXTRA + 5, more: false });
    expect((await list('pageSize=100&page=12')).items).toHaveLength(EXTRA + 5 - 1100);
  });
  it('a page deeper than row 100,000 is refused (it would count the whole scope on every request)', async () => {
    expect(await list('page=1000000000&pageSize=20')).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'page' }] });
    expect(await search({ q: 'x', page: 5001, pageSize: 20 })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await list('page=5000&pageSize=20')).items).toEqual([]); // row 99,980: still allowed
  });

  it('a filter that matches few cases gets an exact total', async () => {
    expect(await search({ batchId, q: 'R00' })).toMatchObject({ total: 5, more: false });
    expect(await search({ batchId, q: '人X10' })).toMatchObject({ total: 1 + 10 + 100, more: false }); // X10, X100–X109, X1000–X1099
  });
});

describe('case list order (served by the 0015 indexes)', () => {
  it('amount descending and ascending both put a missing amount last, ties by id', async () => {
    const desc = await list('sort=placedAmount&order=desc&pageSize=3');
    expect(refs(desc)).toEqual(['R005', 'R004', 'R003']); // 1004.00 … 1002.00 yuan
    const asc = await list('sort=placedAmount&order=asc&pageSize=3');
    expect(refs(asc)).toEqual(['X1', 'X2', 'X3']);
    const lastAsc = await list(`sort=placedAmount&order=asc&pageSize=5&page=${(EXTRA + 5) / 5}`);
    expect(refs(lastAsc).at(-1)).toBe('X7');
    const lastDesc = await list(`sort=placedAmount&order=desc&pageSize=5&page=${(EXTRA + 5) / 5}`);
    expect(refs(lastDesc).at(-1)).toBe('X7');
  });
  it('each list row still carries its masked mobile (fetched for the page rows only)', async () => {
    const page = await search({ batchId, q: 'R002' });
    expect(page.items[0]).toMatchObject({ clientCaseRef: 'R002', mobileMasked: '138****8001' });
  });
});

describe('search by type', () => {
  it('phone (plain and +86), full ID (blind index), last 4 and masked ID, reference, name substring', async () => {
    expect(refs(await search({ q: '13800138001' }))).toEqual(['R002']);
    expect(refs(await search({ q: '+86 138 0013 8002' }))).toEqual(['R003']);
    expect(refs(await search({ q: '110101199003074514' })).sort()).toEqual(['R001', 'R004']);
    expect(refs(await search({ q: '009X' })).sort()).toEqual(['R003']);
    expect(refs(await search({ q: '310104********0029' })).sort()).toEqual(['R002', 'R005']);
    expect(refs(await search({ q: 'X1099' }))).toEqual(['X1099']);
    expect(refs(await search({ q: '人R004' }))).toEqual(['R004']);
  });
  it('a number-like text (digits, X, *) is not matched against names: 4514 finds the ID ending 4514, not the debtor 王4514', async () => {
    expect(refs(await search({ q: '4514' })).sort()).toEqual(['R001', 'R004']);
    expect(refs(await search({ q: '王4514' }))).toEqual(['X8']);
  });
});
