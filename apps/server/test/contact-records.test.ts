/**
 * Contact records (催记) over HTTP (issues 4 and 5): every manual record goes through the compliance gate
 * (blocked → 409 with rule, reasons and next allowed time, the attempt kept on the timeline), overrides
 * need the permission and a reason and are audited, result codes change the phone, set flags and create
 * promises in the same transaction, records lock after the grace period, annotations, scope.
 * Clock: Shanghai, Monday 2026-03-02 (CN preset: 08:00 allowed, 22:00 blocked).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { seedSamePersonCases } from './helpers/contact-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import type { Clock } from '../src/platform/clock.ts';

let now = new Date('2026-03-02T10:00:00+08:00');
const clock: Clock = { now: () => new Date(now), today: (zone) => DateTime.fromJSDate(now).setZone(zone).toISODate()! };
/** Move the clock to Shanghai local `hh:mm:ss` of `day`. */
const at = (hhmmss: string, day = '2026-03-02') => (now = new Date(`${day}T${hhmmss}+08:00`));

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let A: number; // collector's case (person P)
let A2: number; // collector's second case (another person)
let X: number; // another client's case of person P, not assigned
let phoneA: number;
const U: Record<string, { id: number; cookie: string }> = {};

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  ({ A, A2, X, phoneA } = await seedSamePersonCases(ctx));
  U.col = await userWithSession(ctx, 'col', 'collector');
  U.col2 = await userWithSession(ctx, 'col2', 'collector');
  U.mgr = await userWithSession(ctx, 'mgr', 'manager');
  await assign(ctx, [A, A2], U.col.id);
  await updateSettings(ctx.db, null, { sessionIdleMinutes: 1440, sessionAbsoluteHours: 720 }); // the tests jump the clock by hours
});
// sessions follow the test clock: a fresh one per test
beforeEach(async () => {
  for (const u of Object.values(U)) u.cookie = await sessionCookie(ctx, u.id);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

const post = (who: string, caseId: number, body: Record<string, unknown>) => call(U[who].cookie, 'POST', `/api/cases/${caseId}/contact-records`, body);
const timeline = async (who: string, caseId: number) => (await call(U[who].cookie, 'GET', `/api/cases/${caseId}/contact-records`)).json().items as Array<Record<string, unknown>>;

describe('the compliance gate on manual records', () => {
  it('a call at 22:00:00 local is blocked: 409 with cn.hours, its source, next allowed 08:00 next day; the attempt is on the timeline', async () => {
    at('22:00:00');
    const r = await post('col', A2, { channel: 'call', resultCode: 'no_answer' });
    expect(r.statusCode).toBe(409);
    const body = r.json();
    expect(body.code).toBe('COMPLIANCE_BLOCKED');
    expect(body.details.map((d: { ruleId: string }) => d.ruleId)).toEqual(['cn.hours']);
    expect(body.details[0].source).toMatch(/22:00–08:00/);
    expect(body.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    const items = await timeline('col', A2);
    expect(items[0]).toMatchObject({ id: body.recordId, status: 'blocked', decision: 'block', resultCode: null, editableUntil: null });
    expect((items[0].reasons as Array<{ ruleId: string }>).map((x) => x.ruleId)).toEqual(['cn.hours']);
    at('21:59:59');
    expect((await post('col', A2, { channel: 'call', resultCode: 'no_answer' })).statusCode).toBe(201);
  });

  it('6 unanswered calls to one phone in a day, then the 7th is blocked (cn.calls-per-phone-per-day); next allowed 08:00 next day', async () => {
    for (let i = 0; i < 6; i++) {
      at(`09:0${i}:00`, '2026-03-03');
      const r = await post('col', A, { channel: 'call', phoneId: phoneA, actionCode: 'call_debtor', resultCode: i % 2 ? 'busy' : 'no_answer', durationSeconds: 0 });
      expect(r.statusCode, r.body).toBe(201);
    }
    at('10:00:00', '2026-03-03');
    const r = await post('col', A, { channel: 'call', phoneId: phoneA, resultCode: 'no_answer' });
    expect(r.statusCode).toBe(409);
    expect(r.json().details.map((d: { ruleId: string }) => d.ruleId)).toEqual(['cn.calls-per-phone-per-day']);
    expect(r.json().nextAllowedAt).toBe('2026-03-04T08:00:00+08:00');
    // the same person's case at another client shares the phone history (X has the same mobile)
    const phoneX = (await ctx.db.selectFrom('case_phones').select('id').where('case_id', '=', X).executeTakeFirstOrThrow()).id;
    expect((await post('mgr', X, { channel: 'call', phoneId: phoneX, resultCode: 'no_answer' })).statusCode).toBe(409);
  });

  it('override: a collector without compliance.override gets 403 OVERRIDE_NOT_ALLOWED and nothing is recorded', async () => {
    at('23:00:00', '2026-03-03');
    const before = (await timeline('col', A2)).length;
    const r = await post('col', A2, { channel: 'call', resultCode: 'no_answer', override: { reason: 'debtor asked' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('OVERRIDE_NOT_ALLOWED');
    expect((await timeline('col', A2)).length).toBe(before);
  });

  it('override: a manager with a reason makes the blocked call; recorded as overridden and audited with ids and rule ids only', async () => {
    at('23:00:00', '2026-03-03');
    expect((await post('mgr', A2, { channel: 'call', resultCode: 'no_answer', override: { reason: '  ' } })).json().code).toBe('OVERRIDE_NOT_ALLOWED');
    const r = await post('mgr', A2, { channel: 'call', resultCode: 'callback_requested', override: { reason: 'debtor asked to be called back tonight' } });
    expect(r.statusCode, r.body).toBe(201);
    const out = r.json();
    expect(out).toMatchObject({ overridden: true, decision: { decision: 'block' }, record: { status: 'made', overridden: true, overrideReason: 'debtor asked to be called back tonight' } });
    const a = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'compliance.override').where('entity_id', '=', String(out.record.id)).execute();
    expect(a).toHaveLength(1);
    expect(a[0].user_id).toBe(U.mgr.id);
    expect(a[0].data).toMatchObject({ caseId: A2, ruleIds: ['cn.hours'] });
    expect(JSON.stringify(a[0].data)).not.toContain('debtor asked');
  });

  it('an inbound call is recorded without a check, even at night', async () => {
    at('23:30:00', '2026-03-03');
    const r = await post('col', A2, { channel: 'call', direction: 'inbound', actionCode: 'inbound_call', resultCode: 'hardship' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().record).toMatchObject({ direction: 'inbound', status: 'made', decision: null, reasons: [] });
    // …but only with a result where someone reached us: an unchecked "no answer" would be a made-up contact
    for (const resultCode of ['no_answer', 'busy', 'left_message']) {
      const bad = await post('col', A2, { channel: 'call', direction: 'inbound', resultCode });
      expect([bad.statusCode, bad.json().details]).toEqual([400, [{ field: 'resultCode', reason: 'not possible on an inbound contact' }]]);
    }
  });

  it("another collector's case answers 404 for every contact route", async () => {
    at('10:00:00', '2026-03-04');
    expect((await post('col2', A, { channel: 'call', resultCode: 'no_answer' })).statusCode).toBe(404);
    expect((await call(U.col2.cookie, 'GET', `/api/cases/${A}/contact-records`)).statusCode).toBe(404);
    const rec = (await timeline('col', A))[0].id;
    expect((await call(U.col2.cookie, 'POST', `/api/contact-records/${rec}/notes`, { body: 'x' })).statusCode).toBe(404);
    expect((await call(U.col2.cookie, 'PATCH', `/api/contact-records/${rec}`, { note: 'x' })).statusCode).toBe(404);
  });
});

describe('validation and result-code effects', () => {
  it('codes must be active and fit the channel; a PTP needs a promise', async () => {
    at('10:00:00', '2026-03-04');
    const bad = async (body: Record<string, unknown>) => (await post('col', A2, body)).json();
    expect(await bad({ channel: 'sms', resultCode: 'no_answer' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'resultCode', reason: 'not used on channel sms' }] });
    expect(await bad({ channel: 'call', resultCode: 'nope' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'resultCode' }] });
    expect(await bad({ channel: 'call', actionCode: 'letter', resultCode: 'no_answer' })).toMatchObject({ details: [{ field: 'actionCode' }] });
    await ctx.db.updateTable('contact_codes').set({ active: false }).where('code', '=', 'hardship').execute();
    expect(await bad({ channel: 'call', resultCode: 'hardship' })).toMatchObject({ details: [{ field: 'resultCode', reason: 'code is inactive' }] });
    await ctx.db.updateTable('contact_codes').set({ active: true }).where('code', '=', 'hardship').execute();
    const r = await post('col', A2, { channel: 'call', resultCode: 'ptp' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('PROMISE_REQUIRED');
    expect(await bad({ channel: 'call', resultCode: 'ptp', promise: { amount: 50000, dueDate: '2026-03-01' } })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'promise.dueDate' }] });
  });

  it('PTP with amount and date: a pending promise of that amount, grace 3 days, breaking the day after due + grace', async () => {
    at('10:00:00', '2026-03-04');
    const r = await post('col', A2, { channel: 'call', resultCode: 'ptp', note: '月底前还', promise: { amount: 100000, dueDate: '2026-03-10' } });
    expect(r.statusCode, r.body).toBe(201);
    const rec = r.json().record;
    expect(rec.promise).toMatchObject({ amount: 100000, currency: 'CNY', status: 'pending', nextDueDate: '2026-03-10', installments: [{ seq: 1, dueDate: '2026-03-10', amount: 100000, status: 'pending' }] });
    const p = await ctx.db.selectFrom('promises').selectAll().where('id', '=', rec.promise.id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ case_id: A2, contact_record_id: rec.id, promised_on: '2026-03-04', grace_days: 3, breaks_on: '2026-03-14', created_by: U.col.id });
    const kase = await ctx.db.selectFrom('cases').select(['last_result_code']).where('id', '=', A2).executeTakeFirstOrThrow();
    expect(kase.last_result_code).toBe('ptp');
  });

  it('PTP as an installment plan: amounts add up, installments sorted by date', async () => {
    const r = await post('col', A2, { channel: 'call', resultCode: 'ptp', promise: { installments: [{ dueDate: '2026-04-10', amount: 20000 }, { dueDate: '2026-03-10', amount: 10000 }], graceDays: 0 } });
    expect(r.json().record.promise).toMatchObject({ amount: 30000, nextDueDate: '2026-03-10', installments: [{ seq: 1, dueDate: '2026-03-10', amount: 10000 }, { seq: 2, dueDate: '2026-04-10', amount: 20000 }] });
  });

  it('a promise above the outstanding balance, two installments on one date, or a follow-up in 1900 are refused and record nothing', async () => {
    at('10:00:00', '2026-03-04');
    const before = (await timeline('col', A2)).length;
    const bad = async (body: Record<string, unknown>) => (await post('col', A2, { channel: 'call', ...body })).json();
    // A2 owes 1,001.00 (100100 fen): 1,001.01 is one fen too many, 1,001.00 is allowed (see the boundary below)
    expect(await bad({ resultCode: 'ptp', promise: { amount: 100101, dueDate: '2026-03-10' } })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'promise.amount', reason: 'promised 100101 > outstanding 100100 (minor units)' }] });
    expect(await bad({ resultCode: 'ptp', promise: { installments: [{ dueDate: '2026-03-10', amount: 60000 }, { dueDate: '2026-04-10', amount: 40101 }] } })).toMatchObject({ details: [{ field: 'promise.installments' }] });
    expect(await bad({ resultCode: 'ptp', promise: { installments: [{ dueDate: '2026-03-10', amount: 100 }, { dueDate: '2026-03-10', amount: 200 }] } })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'promise.installments.1.dueDate', reason: 'duplicate due date 2026-03-10' }] });
    expect(await bad({ resultCode: 'ptp', promise: { amount: 100, dueDate: '2999-12-07' } })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'promise.dueDate', reason: 'too far ahead' }] });
    expect(await bad({ resultCode: 'no_answer', nextFollowUpAt: '1900-01-01T00:00:00Z' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'nextFollowUpAt', reason: 'out of range' }] });
    expect(await bad({ resultCode: 'no_answer', nextFollowUpAt: '2027-03-06T00:00:00Z' })).toMatchObject({ details: [{ field: 'nextFollowUpAt' }] });
    expect((await timeline('col', A2)).length).toBe(before);
    const ok = await post('col', A2, { channel: 'call', resultCode: 'ptp', promise: { installments: [{ dueDate: '2026-03-10', amount: 60000 }, { dueDate: '2026-04-10', amount: 40100 }] }, nextFollowUpAt: '2026-03-03T03:00:00Z' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().record.promise).toMatchObject({ amount: 100100 });
  });

  it('wrong number marks the phone invalid; a dispute sets a person-level flag (who/when) seen on the same person\'s other case', async () => {
    at('11:00:00', '2026-03-04');
    const phoneA2 = (await ctx.db.selectFrom('case_phones').select('id').where('case_id', '=', A2).executeTakeFirstOrThrow()).id;
    expect((await post('col', A2, { channel: 'call', phoneId: phoneA2, resultCode: 'wrong_number' })).statusCode).toBe(201);
    expect((await ctx.db.selectFrom('case_phones').select('status').where('id', '=', phoneA2).executeTakeFirstOrThrow()).status).toBe('invalid');
    at('08:00:00', '2026-03-05');
    expect((await post('col', A, { channel: 'visit', resultCode: 'dispute', note: 'says amount wrong' })).statusCode).toBe(201);
    const f = await ctx.db.selectFrom('case_flags').selectAll().where('flag', '=', 'dispute').executeTakeFirstOrThrow();
    const key = (await ctx.db.selectFrom('cases').select('id_number_bidx').where('id', '=', A).executeTakeFirstOrThrow()).id_number_bidx;
    expect(f).toMatchObject({ case_id: A, debtor_key: key, set_by: U.col.id, cleared_at: null });
    expect(new Date(f.set_at).toISOString()).toBe('2026-03-05T00:00:00.000Z');
    const flagsX = (await call(U.mgr.cookie, 'GET', `/api/cases/${X}/flags`)).json().items;
    expect(flagsX).toMatchObject([{ flag: 'dispute', level: 'person', setBy: 'col', active: true }]);
  });
});

describe('grace period, annotations, no deletion', () => {
  it('the author may edit within 15 minutes; after that, or another user, RECORD_LOCKED; annotations instead', async () => {
    at('14:00:00', '2026-03-05');
    const rec = (await post('col', A2, { channel: 'call', resultCode: 'no_answer', note: 'first' })).json().record;
    expect(rec.editableUntil).toBe('2026-03-05T06:15:00.000Z');
    at('14:14:59', '2026-03-05');
    const ok = await call(U.col.cookie, 'PATCH', `/api/contact-records/${rec.id}`, { note: 'corrected', nextFollowUpAt: '2026-03-06T10:00:00+08:00' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ note: 'corrected', nextFollowUpAt: '2026-03-06T02:00:00.000Z' });
    expect((await call(U.mgr.cookie, 'PATCH', `/api/contact-records/${rec.id}`, { note: 'x' })).json().code).toBe('RECORD_LOCKED');
    at('14:15:00', '2026-03-05');
    const late = await call(U.col.cookie, 'PATCH', `/api/contact-records/${rec.id}`, { note: 'again' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('RECORD_LOCKED');
    const n = await call(U.mgr.cookie, 'POST', `/api/contact-records/${rec.id}/notes`, { body: '核实：号码为家属' });
    expect(n.statusCode).toBe(201);
    const item = (await timeline('col', A2)).find((x) => x.id === rec.id)!;
    expect(item).toMatchObject({ note: 'corrected', editableUntil: null, notes: [{ body: '核实：号码为家属', author: 'mgr' }] });
    expect((await call(U.col.cookie, 'DELETE', `/api/contact-records/${rec.id}`)).statusCode).toBe(404);
  });
});
