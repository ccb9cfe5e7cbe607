/**
 * Allocation API (issue 6): filter → preview → commit with exact assignments per mode and constraint,
 * the stale token refused, retention (留案), debtors kept together (共债), rotation (换手), return
 * (退案) excluded from allocation, every move recorded, and the actor's scope.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { makeUser, systemAdmin } from './helpers/fixtures.ts';
import { assign, client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { updateUserAccess } from '../src/modules/access/user-access.ts';

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let mgr: { id: number; cookie: string };
let admin: { id: number; cookie: string };
const c: number[] = []; // collectors c[0..3]; c[0..2] in team T1 (department D1), c[3] in team T2 (D2)
let t1: number;
let d1: number;
let seq = 0;

/** A batch of cases with these outstanding amounts (fen), distinct debtors unless `debtors` says otherwise; returns ids in order. */
async function seed(amounts: number[], p: { debtors?: string[]; regions?: (string | null)[]; holder?: number; expectedReturn?: string } = {}) {
  const name = `B${++seq}`;
  const refs = amounts.map((_, i) => `${name}-${i + 1}`);
  const s = await seedCases(ctx, 'BANK', name, refs);
  const ids = refs.map((r) => s.ids[r]);
  for (const [i, id] of ids.entries()) {
    await ctx.db.updateTable('cases').set({ outstanding_amount: amounts[i], id_number_bidx: p.debtors?.[i] ?? `${name}-D${i}`, region: p.regions?.[i] ?? null, province: null }).where('id', '=', id).execute();
  }
  if (p.holder) await assign(ctx, ids, p.holder);
  if (p.expectedReturn) await ctx.db.updateTable('batches').set({ expected_return_date: p.expectedReturn }).where('id', '=', s.batchId).execute();
  return { ids, batchId: s.batchId };
}

const preview = async (cookie: string, request: Record<string, unknown>) => call(cookie, 'POST', '/api/allocations/preview', request);
async function run(request: Record<string, unknown>, cookie = mgr.cookie) {
  const p = await preview(cookie, request);
  expect(p.statusCode, p.body).toBe(200);
  const r = await call(cookie, 'POST', '/api/allocations/commit', { request, token: p.json().token, reason: 'test allocation' });
  expect(r.statusCode, r.body).toBe(200);
  return { preview: p.json(), commit: r.json() };
}
async function owners(ids: number[]) {
  const rows = await ctx.db.selectFrom('cases').select(['id', 'assigned_user_id']).where('id', 'in', ids).execute();
  const by = new Map(rows.map((r) => [r.id, r.assigned_user_id]));
  return ids.map((id) => by.get(id));
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  call = client(app);
  const deps = await ctx.db.insertInto('departments').values([{ name: 'D1' }, { name: 'D2' }]).returning('id').execute();
  d1 = deps[0].id;
  t1 = (await ctx.db.insertInto('teams').values({ name: 'T1', department_id: d1 }).returning('id').executeTakeFirstOrThrow()).id;
  const t2 = (await ctx.db.insertInto('teams').values({ name: 'T2', department_id: deps[1].id }).returning('id').executeTakeFirstOrThrow()).id;
  for (let i = 0; i < 4; i++) c.push((await makeUser(ctx, `col${i}`, 'collector', { teamId: i < 3 ? t1 : t2 })).id);
  mgr = await userWithSession(ctx, 'manager1', 'manager');
  admin = await userWithSession(ctx, 'admin1', 'admin');
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('allocation modes: exact assignments', () => {
  it('amount: 900…400 over three collectors gives 1,300 each; every move recorded (event, run, audit) and assigned_at set', async () => {
    const { ids, batchId } = await seed([900, 800, 700, 600, 500, 400]);
    const { preview: p, commit } = await run({ filter: { batchId }, collectorIds: c.slice(0, 3), mode: 'amount' });
    expect(p.perCollector.map((r: { amount: number; count: number }) => [r.amount, r.count])).toEqual([[1300, 2], [1300, 2], [1300, 2]]);
    expect(p.spread).toEqual({ amount: 0, count: 0, maxAmountDeviation: 0 });
    expect(p.total).toEqual({ count: 6, amount: 3900 });
    expect(commit.moved).toBe(6);
    expect(await owners(ids)).toEqual([c[0], c[1], c[2], c[2], c[1], c[0]]);
    const ev = await ctx.db.selectFrom('case_events').select(['case_id', 'type', 'reason', 'user_id', 'data']).where('case_id', '=', ids[3]).where('type', '=', 'allocate').executeTakeFirstOrThrow();
    expect(ev).toEqual({ case_id: ids[3], type: 'allocate', reason: 'test allocation', user_id: mgr.id, data: { from: null, to: c[2], allocationId: commit.allocationId } });
    const runRow = await ctx.db.selectFrom('allocations').selectAll().where('id', '=', commit.allocationId).executeTakeFirstOrThrow();
    expect([runRow.kind, runRow.moved, runRow.created_by, (runRow.params as { mode: string }).mode]).toEqual(['allocate', 6, mgr.id, 'amount']);
    const a = await ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'allocation.allocate').execute();
    expect(a.map((x) => Number(x.entity_id))).toContain(commit.allocationId);
    const at = await ctx.db.selectFrom('cases').select('assigned_at').where('id', '=', ids[0]).executeTakeFirstOrThrow();
    expect(new Date(at.assigned_at as Date).toISOString()).toBe('2024-06-01T02:00:00.000Z');
  });

  it('count: weighted by capacity, to the active collectors of a team (capacity 200 takes twice as many)', async () => {
    await ctx.db.updateTable('users').set({ alloc_capacity: 200 }).where('id', '=', c[0]).execute();
    const { ids, batchId } = await seed([1, 1, 1, 1, 1, 1, 1, 1]);
    await run({ filter: { batchId }, teamIds: [t1], mode: 'count' });
    const got = await owners(ids);
    expect([c[0], c[1], c[2]].map((u) => got.filter((g) => g === u).length)).toEqual([4, 2, 2]);
    await ctx.db.updateTable('users').set({ alloc_capacity: 100 }).where('id', '=', c[0]).execute();
  });

  it('both: equal counts and amounts as even as the counts allow', async () => {
    const { batchId } = await seed([1000, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    const { preview: p } = await run({ filter: { batchId }, collectorIds: [c[0], c[1]], mode: 'both' });
    expect(p.perCollector.map((r: { amount: number; count: number }) => [r.count, r.amount])).toEqual([[5, 1400], [6, 600]]);
  });
});

describe('constraints, retention, debtors', () => {
  it('region: a collector limited to 华东 never gets a 华南 case; a case nobody may take stays unassigned', async () => {
    await ctx.db.updateTable('users').set({ alloc_regions: ['华东'] }).where('id', '=', c[0]).execute();
    await ctx.db.updateTable('users').set({ alloc_regions: ['华东', '华南'] }).where('id', '=', c[1]).execute();
    const { ids, batchId } = await seed([100, 100, 100, 100], { regions: ['华南', '华南', '华东', '西北'] });
    const { preview: p } = await run({ filter: { batchId }, collectorIds: [c[0], c[1]], mode: 'count' });
    expect(p.unassigned).toBe(1);
    expect(await owners(ids)).toEqual([c[1], c[1], c[0], null]);
    await ctx.db.updateTable('users').set({ alloc_regions: null }).where('id', 'in', [c[0], c[1]]).execute();
  });

  it('keeps a debtor together, keeps a case with a pending promise with its collector, leaves one retained outside the pool alone', async () => {
    const { ids, batchId } = await seed([500, 400, 300, 700, 100], { debtors: ['P1', 'P2', 'P1', 'P3', 'P4'] });
    await assign(ctx, [ids[3]], c[1]);
    await assign(ctx, [ids[4]], c[3]); // c[3] is not in the pool
    await ctx.db.insertInto('promises').values([{ case_id: ids[3], promised_on: '2024-06-10', amount: 100 }, { case_id: ids[4], promised_on: '2024-06-10', amount: 100 }]).execute();
    const { preview: p } = await run({ filter: { batchId }, collectorIds: [c[0], c[1]], mode: 'amount' });
    expect(p.keptOutside).toBe(1);
    expect(await owners(ids)).toEqual([c[0], c[1], c[0], c[1], c[3]]);
    expect(p.perCollector.map((r: { retained: number; incoming: number }) => [r.retained, r.incoming])).toEqual([[0, 2], [1, 1]]);
  });

  it('without retention the promise case may move (the rule is what kept it)', async () => {
    const { ids, batchId } = await seed([100, 700], { holder: c[1] });
    await ctx.db.insertInto('promises').values({ case_id: ids[1], promised_on: '2024-06-10', amount: 100 }).execute();
    await run({ filter: { batchId }, collectorIds: [c[0], c[1]], mode: 'amount', retainPromises: false });
    expect(await owners(ids)).toEqual([c[1], c[0]]);
  });

  it('keeps a case paid within the last N days (retainPaymentDays, else the allocation.paymentRetentionDays setting)', async () => {
    const { ids, batchId } = await seed([100, 700], { holder: c[1] });
    await ctx.db.updateTable('cases').set({ last_payment_date: '2024-05-20' }).where('id', '=', ids[1]).execute();
    const request = { filter: { batchId }, collectorIds: [c[0], c[1]], mode: 'amount' };
    expect((await preview(mgr.cookie, { ...request, retainPaymentDays: 5 })).json().moves).toBe(1); // paid 12 days ago: not retained, the 700 case moves to c0
    await ctx.db.insertInto('settings').values({ key: 'allocation.paymentRetentionDays', value: JSON.stringify(30) }).execute();
    await run(request);
    expect(await owners(ids)).toEqual([c[0], c[1]]);
  });
});

describe('token, rotation, return, scope', () => {
  it('refuses a commit whose cases changed since the preview (ALLOCATION_STALE) and moves nothing', async () => {
    const { ids, batchId } = await seed([300, 200, 100]);
    const request = { filter: { batchId }, collectorIds: [c[0], c[1]], mode: 'amount' };
    const p = await preview(mgr.cookie, request);
    const moved = await call(mgr.cookie, 'POST', '/api/cases/actions', { action: 'assign', reason: 'manual', assigneeId: c[2], selection: { caseIds: [ids[0]] } });
    expect(moved.json()).toEqual({ affected: 1 });
    const r = await call(mgr.cookie, 'POST', '/api/allocations/commit', { request, token: p.json().token, reason: 'late' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('ALLOCATION_STALE');
    expect(await owners(ids)).toEqual([c[2], null, null]);
    const again = await call(mgr.cookie, 'POST', '/api/allocations/commit', { request: { ...request, mode: 'count' }, token: p.json().token, reason: 'other params' });
    expect(again.json().code).toBe('ALLOCATION_STALE');
  });

  it('rotation: cases without progress for N days go to other collectors; a case with a contact since assignment stays', async () => {
    const { ids, batchId } = await seed([100, 100, 100, 100], { holder: c[0] });
    await ctx.db.updateTable('cases').set({ assigned_at: new Date('2024-05-01T00:00:00Z') }).where('id', 'in', ids).execute();
    await ctx.db.updateTable('cases').set({ assigned_at: new Date('2024-05-30T00:00:00Z') }).where('id', '=', ids[3]).execute(); // too recent
    await ctx.db.insertInto('contact_records').values({ case_id: ids[0], at: new Date('2024-05-10T00:00:00Z'), channel: 'call' }).execute();
    const extra = await seed([100], { holder: c[0] }); // a promise older than the assignment still retains the case
    await ctx.db.updateTable('cases').set({ assigned_at: new Date('2024-05-01T00:00:00Z'), batch_id: batchId }).where('id', '=', extra.ids[0]).execute();
    await ctx.db.insertInto('promises').values({ case_id: extra.ids[0], promised_on: '2024-06-10', amount: 100, created_at: new Date('2024-04-01T00:00:00Z') }).execute();
    const { preview: p, commit } = await run({ kind: 'rotate', noProgressDays: 7, filter: { batchId }, collectorIds: [c[0], c[1], c[2]], mode: 'count' });
    expect(p.total.count).toBe(3);
    expect(commit.moved).toBe(2);
    expect(await owners([...ids, extra.ids[0]])).toEqual([c[0], c[1], c[2], c[0], c[0]]);
    const ev = await ctx.db.selectFrom('case_events').select(['type', 'data']).where('case_id', '=', ids[1]).where('type', '=', 'rotate').executeTakeFirstOrThrow();
    expect(ev.data).toEqual({ from: c[0], to: c[1], allocationId: commit.allocationId });
  });

  it('return: a returned case leaves allocation and manual assignment; batch expiry returns only due batches', async () => {
    const { ids, batchId } = await seed([100, 200, 300]);
    const r = await call(mgr.cookie, 'POST', '/api/allocations/return', { selection: { caseIds: [ids[0]] }, reason: 'client_request', note: 'client recalled' });
    expect(r.json()).toMatchObject({ returned: 1, skipped: 0 });
    const row = await ctx.db.selectFrom('cases').select(['status', 'return_reason']).where('id', '=', ids[0]).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'returned', return_reason: 'client_request' });
    const ev = await ctx.db.selectFrom('case_events').select(['reason', 'data']).where('case_id', '=', ids[0]).where('type', '=', 'return').executeTakeFirstOrThrow();
    expect(ev.reason).toBe('client_request: client recalled');
    const p = await preview(mgr.cookie, { filter: { batchId }, collectorIds: [c[0]], mode: 'count' });
    expect(p.json().total.count).toBe(2);
    const a = await call(mgr.cookie, 'POST', '/api/cases/actions', { action: 'assign', reason: 'manual', assigneeId: c[0], selection: { caseIds: [ids[0]] } });
    expect(a.json()).toEqual({ affected: 0 });
    // the batch expects its return on 2024-06-30 (> today 2024-06-01): nothing due
    const notDue = await call(mgr.cookie, 'POST', '/api/allocations/return', { selection: { filter: { batchId } }, reason: 'batch_expiry' });
    expect(notDue.json()).toMatchObject({ returned: 0, skipped: 3 });
    const old = await seed([100, 200], { expectedReturn: '2024-05-01' });
    const due = await call(mgr.cookie, 'POST', '/api/allocations/return', { selection: { filter: { batchId: old.batchId } }, reason: 'batch_expiry' });
    expect(due.json()).toMatchObject({ returned: 2, skipped: 0 });
    const list = await call(mgr.cookie, 'GET', `/api/cases?status=returned&batchId=${old.batchId}`);
    expect(list.json().total).toBe(2);
  });

  it('scope: a department manager allocates only cases in scope, and only to collectors of the department', async () => {
    const dept = await userWithSession(ctx, 'dept_mgr', 'manager');
    await updateUserAccess(ctx, systemAdmin(), dept.id, { dataScope: 'department', departmentId: d1 });
    const mine = await seed([100, 100], { holder: c[0] });
    const theirs = await seed([100, 100], { holder: c[3] });
    const p = await preview(dept.cookie, { filter: { clientId: undefined, amountMax: 100, batchId: theirs.batchId }, collectorIds: [c[1]], mode: 'count' });
    expect(p.json().total.count).toBe(0);
    const outside = await preview(dept.cookie, { filter: { batchId: mine.batchId }, collectorIds: [c[3]], mode: 'count' });
    expect(outside.statusCode).toBe(404);
    await run({ filter: { batchId: mine.batchId }, collectorIds: [c[1], c[2]], mode: 'count' }, dept.cookie);
    expect(await owners([...mine.ids, ...theirs.ids])).toEqual([c[1], c[2], c[3], c[3]]);
    const collector = await userWithSession(ctx, 'plain_col', 'collector');
    expect((await preview(collector.cookie, { collectorIds: [c[0]] })).statusCode).toBe(403);
  });

  it('collector profiles: listed with case counts; an admin sets capacity and lists (audited)', async () => {
    const put = await call(admin.cookie, 'PUT', `/api/allocations/collectors/${c[2]}`, { capacity: 150, regions: ['华东'], products: null, languages: ['zh', 'en'], skill: 2 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ id: c[2], capacity: 150, regions: ['华东'], languages: ['zh', 'en'], skill: 2 });
    const list = await call(mgr.cookie, 'GET', '/api/allocations/collectors');
    const items = list.json().items as { id: number; caseCount: number; capacity: number }[];
    expect(items.slice(0, 4).map((u) => u.id)).toEqual(c);
    expect(items[2].capacity).toBe(150);
    const active = await ctx.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('assigned_user_id', '=', c[2]).where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(items[2].caseCount).toBe(Number(active.n));
    expect((await call(mgr.cookie, 'PUT', `/api/allocations/collectors/${c[2]}`, { capacity: 1, regions: null, products: null, languages: null, skill: 0 })).statusCode).toBe(403);
    const runs = await call(mgr.cookie, 'GET', '/api/allocations');
    expect(runs.json().items.length).toBeGreaterThan(5);
  });
});
