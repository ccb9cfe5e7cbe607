/**
 * Promise status from payments at exact boundary dates, "My queue" order and scope, and the team
 * lead view (issue 5 points 1, 4, 8). Promises are inserted as rows (helpers/promise-fixtures.ts);
 * payments come in through the repayment-file import, so posting → promise refresh is exercised.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { importFile, makeBatch } from './helpers/fixtures.ts';
import { client, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { insertPromise, movableClock } from './helpers/promise-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { refreshPromises } from '../src/modules/payments/promises.service.ts';

const clock = movableClock('2024-06-10T02:00:00Z'); // 10:00 in Shanghai
let ctx: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let call: ReturnType<typeof client>;
let b: { clientId: number; batchId: number };
let ids: Record<string, number>;
let colA: { id: number; cookie: string };
let colB: { id: number; cookie: string };
let lead: { id: number; cookie: string };
const promiseIds: Record<string, number> = {};

const REFS = ['Q-1', 'Q-2', 'Q-3', 'Q-4', 'Q-5', 'Q-6', 'Q-7', 'Q-8', 'R-1', 'R-2', 'R-3', 'R-5'];
const at = (day: string) => `${day}T02:00:00Z`;
const promise = (id: number) => ctx.db.selectFrom('promises').select(['status', 'paid_amount', 'next_due_date', 'breaks_on']).where('id', '=', id).executeTakeFirstOrThrow();
async function importPayments(lines: string[]) {
  const file = path.join(ctx.tmp, `pay-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, ['案件编号,还款金额,还款日期,交易流水号', ...lines].join('\r\n') + '\r\n');
  return (await importFile(ctx, b.batchId, file, { kind: 'payments' })).item!.result!;
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  b = await makeBatch(ctx, { client: 'QUE', batch: 'Q1', placementDate: '2024-06-01' });
  const file = path.join(ctx.tmp, 'cases.csv');
  fs.writeFileSync(file, ['案件编号,姓名,委案金额', ...REFS.map((r, i) => `${r},债务人${i},${r === 'Q-8' ? '900.00' : '100.00'}`)].join('\r\n') + '\r\n');
  await importFile(ctx, b.batchId, file);
  ids = Object.fromEntries((await ctx.db.selectFrom('cases').select(['id', 'client_case_ref']).execute()).map((r) => [r.client_case_ref!, r.id]));
  const t1 = await ctx.db.insertInto('teams').values({ name: 'T1' }).returning('id').executeTakeFirstOrThrow();
  const t2 = await ctx.db.insertInto('teams').values({ name: 'T2' }).returning('id').executeTakeFirstOrThrow();
  colA = await userWithSession(ctx, 'colA', 'collector', { teamId: t1.id });
  colB = await userWithSession(ctx, 'colB', 'collector', { teamId: t2.id });
  lead = await userWithSession(ctx, 'lead', 'team_lead', { teamId: t1.id });
  const set = (ref: string, v: Record<string, unknown>) => ctx.db.updateTable('cases').set(v).where('id', '=', ids[ref]).execute();
  const contacted = { first_contact_at: at('2024-06-08'), last_contact_at: at('2024-06-08'), assigned_at: at('2024-06-02') };
  for (const r of ['Q-1', 'Q-2', 'Q-3', 'Q-6', 'Q-8']) await set(r, { assigned_user_id: colA.id, ...contacted });
  await set('Q-3', { next_follow_up_at: '2024-06-10T01:00:00Z' });
  await set('Q-4', { assigned_user_id: colA.id, assigned_at: at('2024-06-01') });
  await set('Q-5', { assigned_user_id: colA.id, assigned_at: at('2024-06-09'), priority: 5 });
  await set('Q-6', { priority: 10 });
  await set('Q-8', { last_contact_at: at('2024-05-01') });
  await set('Q-7', { assigned_user_id: colB.id, ...contacted });
  promiseIds.q1 = await insertPromise(ctx, ids['Q-1'], { promisedOn: '2024-06-08', installments: [{ dueDate: '2024-06-10', amount: 5000 }], createdBy: colA.id, createdAt: new Date('2024-06-10T03:00:00Z') });
  promiseIds.q2 = await insertPromise(ctx, ids['Q-2'], { promisedOn: '2024-06-01', installments: [{ dueDate: '2024-06-05', amount: 3000 }], createdBy: colA.id, createdAt: new Date('2024-06-01T03:00:00Z') });
  promiseIds.q7 = await insertPromise(ctx, ids['Q-7'], { promisedOn: '2024-06-08', installments: [{ dueDate: '2024-06-10', amount: 1000 }] });
  await refreshPromises(ctx.db, clock.now());
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('My queue', () => {
  const order = async (cookie: string, qs = '') => {
    const r = await call(cookie, 'GET', `/api/queue${qs}`);
    expect(r.statusCode).toBe(200);
    return r.json().items.map((i: { caseRef: string; reasons: string[] }) => `${i.caseRef}:${i.reasons.join('+')}`);
  };

  it('orders: promise due today, broken promise, follow-up due, uncontacted (missed deadline first), then priority and outstanding', async () => {
    expect(await order(colA.cookie)).toEqual(['Q-1:promise_due', 'Q-2:broken_promise', 'Q-3:follow_up_due', 'Q-4:first_contact', 'Q-5:first_contact', 'Q-6:priority', 'Q-8:priority']);
    const items = (await call(colA.cookie, 'GET', '/api/queue')).json().items;
    expect(items[3]).toMatchObject({ caseRef: 'Q-4', firstContactDue: '2024-06-04', firstContactOverdue: true });
    // names are masked in the queue like in every list
    expect(items[3].debtorName).toBe('债***');
    expect(items[4]).toMatchObject({ caseRef: 'Q-5', firstContactDue: '2024-06-12', firstContactOverdue: false });
    expect(items[0].promise).toMatchObject({ id: promiseIds.q1, dueDate: '2024-06-10', amount: 5000, status: 'pending' });
    expect(items[1].promise).toMatchObject({ id: promiseIds.q2, status: 'broken' });
  });

  it('filters by reason; a saved view is the user’s own', async () => {
    expect(await order(colA.cookie, '?reasons=broken_promise,first_contact')).toEqual(['Q-2:broken_promise', 'Q-4:first_contact', 'Q-5:first_contact']);
    const v = await call(colA.cookie, 'POST', '/api/queue/views', { name: 'new', filter: { reasons: ['first_contact'] } });
    expect(v.statusCode).toBe(201);
    expect((await call(colA.cookie, 'GET', '/api/queue/views')).json().items).toEqual([{ id: v.json().id, name: 'new', filter: { reasons: ['first_contact'] } }]);
    expect((await call(colB.cookie, 'GET', '/api/queue/views')).json().items).toEqual([]);
    expect((await call(colB.cookie, 'DELETE', `/api/queue/views/${v.json().id}`)).statusCode).toBe(404);
  });

  it('the first-contact deadline is a batch setting', async () => {
    const admin = await userWithSession(ctx, 'q-admin', 'admin');
    expect((await call(admin.cookie, 'GET', `/api/batches/${b.batchId}`)).json().firstContactDays).toBe(3);
    expect((await call(admin.cookie, 'PUT', `/api/batches/${b.batchId}/queue-settings`, { firstContactDays: 10 })).json()).toEqual({ firstContactDays: 10 });
    expect((await call(admin.cookie, 'GET', `/api/batches/${b.batchId}`)).json().firstContactDays).toBe(10);
    const q4 = (await call(colA.cookie, 'GET', '/api/queue?reasons=first_contact')).json().items[0];
    expect(q4).toMatchObject({ caseRef: 'Q-5', firstContactDue: '2024-06-19', firstContactOverdue: false }); // priority 5 first now that neither is overdue
    expect((await call(admin.cookie, 'PUT', `/api/batches/${b.batchId}/queue-settings`, { firstContactDays: 3 })).statusCode).toBe(200);
  });

  it('scope: a collector never sees another collector’s queue; a team lead sees the team’s', async () => {
    expect(await order(colB.cookie)).toEqual(['Q-7:promise_due']);
    expect(await order(colA.cookie, `?assigneeId=${colB.id}`)).toEqual([]);
    expect(await order(lead.cookie, `?assigneeId=${colB.id}`)).toEqual([]);
    expect((await order(lead.cookie, `?assigneeId=${colA.id}`)).length).toBe(7);
    expect((await call(colA.cookie, 'GET', `/api/cases/${ids['Q-7']}/promises`)).statusCode).toBe(404);
  });

  it('a pending promise past due + grace is at the top as broken even before the daily refresh', async () => {
    clock.set(at('2024-06-11'));
    expect((await ctx.db.selectFrom('promises').select('status').where('id', '=', promiseIds.q7).executeTakeFirstOrThrow()).status).toBe('pending');
    expect(await order(await sessionCookie(ctx, colB.id))).toEqual(['Q-7:broken_promise']); // a fresh session: the clock moved a day
    clock.set(at('2024-06-10'));
  });
});

describe('team lead view', () => {
  it('per collector: attempts, right-party contacts, promises and amounts, paid, broken, idle cases', async () => {
    await ctx.db.insertInto('contact_records').values([
      { case_id: ids['Q-1'], at: '2024-06-10T03:00:00Z', channel: 'call', result_code: 'ptp', created_by: colA.id },
      { case_id: ids['Q-6'], at: '2024-06-10T04:00:00Z', channel: 'call', result_code: 'no_answer', created_by: colA.id },
      { case_id: ids['Q-6'], at: '2024-06-09T04:00:00Z', channel: 'call', result_code: 'ptp', created_by: colA.id },
    ]).execute();
    await importPayments(['Q-6,30.00,2024-06-10,TP-1']);
    const r = await call(await sessionCookie(ctx, lead.id), 'GET', '/api/team/overview?date=2024-06-10&idleDays=7');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.collectors.map((c: { name: string }) => c.name)).toEqual(['colA', 'lead']);
    expect(body.collectors[0]).toEqual({ userId: colA.id, name: 'colA', attempts: 2, rightPartyContacts: 1, promisesMade: 1, amountPromised: 5000, amountPaid: 3000, brokenPromises: 1, idleCases: 2, openCases: 7 });
    expect(body.idleCases.map((c: { caseRef: string }) => c.caseRef)).toEqual(['Q-4', 'Q-8']);
    expect(body.brokenPromises.map((p: { caseRef: string }) => p.caseRef)).toEqual(['Q-2']);
    expect((await call(await sessionCookie(ctx, colA.id), 'GET', '/api/team/overview')).statusCode).toBe(403);
  });
});

describe('promise status from payments (boundary dates)', () => {
  beforeAll(async () => {
    await ctx.db.updateTable('clients').set({ promise_grace_days: 1 }).where('id', '=', b.clientId).execute(); // client floor: 1 day
    promiseIds.r1 = await insertPromise(ctx, ids['R-1'], { promisedOn: '2024-06-01', installments: [{ dueDate: '2024-06-12', amount: 10000 }], graceDays: 2 });
    promiseIds.r2 = await insertPromise(ctx, ids['R-2'], { promisedOn: '2024-06-01', installments: [{ dueDate: '2024-06-12', amount: 10000 }] });
    promiseIds.r3 = await insertPromise(ctx, ids['R-3'], { promisedOn: '2024-06-01', installments: [{ dueDate: '2024-06-12', amount: 10000 }] });
    promiseIds.r5 = await insertPromise(ctx, ids['R-5'], { promisedOn: '2024-06-01', installments: [{ dueDate: '2024-06-12', amount: 5000 }, { dueDate: '2024-06-20', amount: 5000 }] });
  });

  it('a payment import keeps a promise at once; a part payment leaves it pending until due + grace, partially kept the day after', async () => {
    clock.set(at('2024-06-12'));
    expect(await importPayments(['R-3,100.00,2024-06-11,K-1', 'R-2,40.00,2024-06-12,K-2', 'R-5,50.00,2024-06-11,K-5'])).toMatchObject({ imported: 3, rejected: 0 });
    expect(await promise(promiseIds.r3)).toEqual({ status: 'kept', paid_amount: 10000, next_due_date: null, breaks_on: null });
    expect(await promise(promiseIds.r2)).toEqual({ status: 'pending', paid_amount: 4000, next_due_date: '2024-06-12', breaks_on: '2024-06-14' });
    expect(await promise(promiseIds.r5)).toEqual({ status: 'pending', paid_amount: 5000, next_due_date: '2024-06-20', breaks_on: '2024-06-22' });
    const inst = await ctx.db.selectFrom('promise_installments').select(['seq', 'paid', 'status']).where('promise_id', '=', promiseIds.r5).orderBy('seq').execute();
    expect(inst).toEqual([{ seq: 1, paid: 5000, status: 'kept' }, { seq: 2, paid: 0, status: 'pending' }]);
    clock.set(at('2024-06-13')); // due + client grace 1: still pending
    await refreshPromises(ctx.db, clock.now());
    expect((await promise(promiseIds.r2)).status).toBe('pending');
    clock.set(at('2024-06-14'));
    await refreshPromises(ctx.db, clock.now());
    expect(await promise(promiseIds.r2)).toMatchObject({ status: 'partially_kept', paid_amount: 4000, breaks_on: null });
  });

  it('the promise’s own grace (2 days, above the client’s 1): pending on due + 2, broken the day after', async () => {
    clock.set(at('2024-06-14'));
    await refreshPromises(ctx.db, clock.now());
    expect(await promise(promiseIds.r1)).toMatchObject({ status: 'pending', breaks_on: '2024-06-15' });
    clock.set('2024-06-14T15:59:59Z'); // 23:59:59 in Shanghai: still the 14th there
    await refreshPromises(ctx.db, clock.now());
    expect((await promise(promiseIds.r1)).status).toBe('pending');
    clock.set('2024-06-14T16:00:00Z'); // midnight in Shanghai: the 15th
    await refreshPromises(ctx.db, clock.now());
    expect(await promise(promiseIds.r1)).toEqual({ status: 'broken', paid_amount: 0, next_due_date: '2024-06-12', breaks_on: null });
  });

  it('reversing the payment that kept a promise re-opens it', async () => {
    clock.set(at('2024-06-14'));
    const pay = await ctx.db.selectFrom('payments').select(['id', 'case_id']).where('reference', '=', 'K-1').executeTakeFirstOrThrow();
    const admin = await userWithSession(ctx, 'rev-admin', 'admin');
    const r = await call(admin.cookie, 'POST', `/api/cases/${pay.case_id}/payments/${pay.id}/reverse`, { reason: 'returned by bank' });
    expect(r.statusCode).toBe(200);
    expect(await promise(promiseIds.r3)).toMatchObject({ status: 'broken', paid_amount: 0 });
  });
});
