/**
 * The compliance gate (issue 4, "Where it is enforced"): attempts are checked against the person's whole
 * history before they are made, blocked ones are recorded with their reasons, overrides need the
 * permission and a reason and are audited, automatic attempts are idempotent, and the dialer's case
 * check answers from the database.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, userWithSession } from './helpers/access-fixtures.ts';
import { seedSamePersonCases } from './helpers/contact-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { attemptContact, checkCaseContact, completeContactAttempt } from '../src/modules/contacts/contact-gate.ts';
import { actorFromToken } from '../src/modules/auth/sessions.ts';
import type { Actor } from '../src/http/context.ts';

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let A: number; // case of client BANK, debtor #0
let X: number; // case of client OTHER, same person (same ID number and mobile)
let B: number; // another person
let phoneA: number;
let phoneX: number;
let collector: Actor;
let manager: Actor;
const U: Record<string, { id: number; cookie: string }> = {};
/** Shanghai local time of 2026-03-02 → a Date */
const sh = (hhmmss: string, day = '2026-03-02') => new Date(`${day}T${hhmmss}+08:00`);

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  call = client(app);
  ({ A, A2: B, X, phoneA, phoneX } = await seedSamePersonCases(ctx));
  U.col = await userWithSession(ctx, 'col', 'collector');
  U.mgr = await userWithSession(ctx, 'mgr', 'manager');
  await assign(ctx, [A, B], U.col.id);
  collector = await actorOf(U.col.id);
  manager = await actorOf(U.mgr.id);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

async function actorOf(id: number): Promise<Actor> {
  const cookie = Object.values(U).find((u) => u.id === id)!.cookie;
  return (await actorFromToken(ctx, cookie.replace('recova_session=', '')))!;
}
const call6 = async (caseId: number, phoneId: number, day = '2026-03-02') => {
  for (let i = 0; i < 6; i++) {
    const r = await attemptContact(ctx.db, ctx.pii, collector, { caseId, channel: 'call', phoneId, resultCode: 'no_answer', source: 'manual' }, sh(`09:0${i}:00`, day));
    expect(r.status).toBe('made');
  }
};

describe('time window (CN preset: 08:00 allowed, 22:00 not)', () => {
  it('21:59:59 allowed, 22:00:00 blocked with the rule, its source and the next allowed time 08:00 next day', async () => {
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: A, channel: 'call', phoneId: phoneA }, sh('21:59:59'))).decision.decision).toBe('allow');
    const r = await checkCaseContact(ctx.db, ctx.pii, { caseId: A, channel: 'call', phoneId: phoneA }, sh('22:00:00'));
    expect(r.decision.decision).toBe('block');
    expect(r.decision.reasons.map((x) => x.ruleId)).toEqual(['cn.hours']);
    expect(r.decision.reasons[0].source).toMatch(/22:00–08:00/);
    expect(r.decision.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    expect(r.ruleSet).toEqual({ id: 'CN', version: expect.any(Number) });
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: A, channel: 'sms' }, sh('08:00:00'))).decision.decision).toBe('allow');
  });

  it('a blocked attempt is not made but recorded with its reasons; the case is not marked contacted', async () => {
    const r = await attemptContact(ctx.db, ctx.pii, collector, { caseId: B, channel: 'call', resultCode: 'no_answer', source: 'manual' }, sh('23:10:00'));
    expect(r).toMatchObject({ status: 'blocked', overridden: false, duplicate: false });
    const row = await ctx.db.selectFrom('contact_records').selectAll().where('id', '=', r.recordId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'blocked', decision: 'block', result_code: null, outcome: null, rule_set: 'CN', source: 'manual', created_by: U.col.id });
    expect(row.reasons.map((x) => x.ruleId)).toEqual(['cn.hours']);
    const kase = await ctx.db.selectFrom('cases').select(['last_contact_at', 'first_contact_at']).where('id', '=', B).executeTakeFirstOrThrow();
    expect(kase).toEqual({ last_contact_at: null, first_contact_at: null });
  });

  it('the debtor asked to be called at 22:30: that call is allowed (CN: "unless the debtor asked for that time")', async () => {
    await ctx.db.insertInto('contact_preferences').values({ case_id: B, channel: 'call', not_before: '22:00', not_after: '23:00', set_at: sh('09:00:00'), set_by: U.col.id }).execute();
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: B, channel: 'call' }, sh('22:30:00'))).decision.decision).not.toBe('block');
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: B, channel: 'call' }, sh('23:00:00'))).decision.decision).toBe('block');
  });

  it('inbound calls are recorded without a check, even at 23:30', async () => {
    const r = await attemptContact(ctx.db, ctx.pii, collector, { caseId: B, channel: 'call', direction: 'inbound', resultCode: 'refused', source: 'manual' }, sh('23:30:00'));
    expect(r.status).toBe('made');
    const row = await ctx.db.selectFrom('contact_records').select(['decision', 'outcome']).where('id', '=', r.recordId).executeTakeFirstOrThrow();
    expect(row).toEqual({ decision: null, outcome: 'conversation' });
  });
});

describe('caps count the person across cases and clients', () => {
  it('6 unanswered calls to the number on one case; the 7th on the same person\'s case of another client is blocked', async () => {
    await call6(A, phoneA);
    const seventh = await attemptContact(ctx.db, ctx.pii, collector, { caseId: X, channel: 'call', phoneId: phoneX, resultCode: 'no_answer', source: 'manual' }, sh('10:00:00'));
    expect(seventh.status).toBe('blocked');
    expect(seventh.decision.reasons.map((x) => x.ruleId)).toEqual(['cn.calls-per-phone-per-day']);
    expect(seventh.decision.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    expect(seventh.decision.reasons[0].message).toBe('6 unanswered calls to phone "138****8000" on 2026-03-02 (max 6 per phone per day)');
    // a text message is not a call attempt
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: X, channel: 'sms', phoneId: phoneX }, sh('10:00:00'))).decision.decision).toBe('allow');
    // the next day the count starts again
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: X, channel: 'call', phoneId: phoneX }, sh('08:00:00', '2026-03-03'))).decision.decision).toBe('allow');
  });

  it('override: refused without the permission or without a reason; with both the call is made and audited', async () => {
    const input = { caseId: A, channel: 'call' as const, phoneId: phoneA, resultCode: 'no_answer', source: 'manual' as const };
    await expect(attemptContact(ctx.db, ctx.pii, collector, { ...input, override: { reason: 'debtor asked' } }, sh('11:00:00'))).rejects.toMatchObject({ code: 'OVERRIDE_NOT_ALLOWED' });
    await expect(attemptContact(ctx.db, ctx.pii, manager, { ...input, override: { reason: '  ' } }, sh('11:00:00'))).rejects.toMatchObject({ code: 'OVERRIDE_NOT_ALLOWED' });
    const r = await attemptContact(ctx.db, ctx.pii, manager, { ...input, override: { reason: 'debtor asked for a call back now' } }, sh('11:00:00'));
    expect(r).toMatchObject({ status: 'made', overridden: true });
    const row = await ctx.db.selectFrom('contact_records').select(['override_by', 'override_reason', 'decision']).where('id', '=', r.recordId).executeTakeFirstOrThrow();
    expect(row).toEqual({ override_by: U.mgr.id, override_reason: 'debtor asked for a call back now', decision: 'block' });
    const a = await ctx.db.selectFrom('audit_log').select(['user_id', 'entity_id', 'data']).where('action', '=', 'compliance.override').executeTakeFirstOrThrow();
    expect(a).toEqual({ user_id: U.mgr.id, entity_id: String(r.recordId), data: { caseId: A, ruleIds: ['cn.calls-per-phone-per-day'], ruleSet: { id: 'CN', version: expect.any(Number) } } });
    const kase = await ctx.db.selectFrom('cases').select(['last_contact_at', 'first_contact_at', 'last_result_code']).where('id', '=', A).executeTakeFirstOrThrow();
    expect(kase).toEqual({ first_contact_at: sh('09:00:00'), last_contact_at: sh('11:00:00'), last_result_code: 'no_answer' });
  });
});

describe('flags and idempotency', () => {
  it('a person-level cease flag set on one case blocks an SMS on the person\'s other case', async () => {
    const key = (await ctx.db.selectFrom('cases').select('id_number_bidx').where('id', '=', A).executeTakeFirstOrThrow()).id_number_bidx;
    const f = await ctx.db.insertInto('case_flags').values({ debtor_key: key, flag: 'cease', set_by: U.mgr.id, set_at: sh('12:00:00') }).returning('id').executeTakeFirstOrThrow();
    const r = await checkCaseContact(ctx.db, ctx.pii, { caseId: X, channel: 'sms' }, sh('12:30:00'));
    expect(r.decision.reasons.map((x) => x.ruleId)).toEqual(['cn.cease']);
    expect(r.decision.nextAllowedAt).toBeNull();
    await ctx.db.updateTable('case_flags').set({ cleared_at: sh('12:40:00'), cleared_by: U.mgr.id, clear_reason: 'set in error' }).where('id', '=', f.id).execute();
    expect((await checkCaseContact(ctx.db, ctx.pii, { caseId: X, channel: 'sms' }, sh('12:45:00'))).decision.decision).toBe('allow');
  });

  it('an automatic attempt with the same source reference is recorded once; completing it marks the case contacted', async () => {
    const input = { caseId: B, channel: 'sms' as const, source: 'strategy' as const, sourceRef: '2026-03-02:B:reminder', status: 'queued' as const };
    const first = await attemptContact(ctx.db, ctx.pii, null, input, sh('09:30:00'));
    const again = await attemptContact(ctx.db, ctx.pii, null, input, sh('09:31:00'));
    expect(first).toMatchObject({ status: 'queued', duplicate: false });
    expect(again).toMatchObject({ recordId: first.recordId, status: 'queued', duplicate: true });
    expect(Number((await ctx.db.selectFrom('contact_records').select((e) => e.fn.countAll().as('n')).where('source_ref', '=', input.sourceRef).executeTakeFirstOrThrow()).n)).toBe(1);
    // the same key on another case is refused, never answered with this case's record
    await expect(attemptContact(ctx.db, ctx.pii, null, { ...input, caseId: A }, sh('09:32:00'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await completeContactAttempt(ctx.db, first.recordId, { status: 'made', resultCode: 'delivered' });
    const row = await ctx.db.selectFrom('contact_records').select(['status', 'result_code', 'outcome']).where('id', '=', first.recordId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'made', result_code: 'delivered', outcome: 'delivered' });
    // the inbound call at 23:30 stays the latest contact (last_contact_at only moves forward)
    expect((await ctx.db.selectFrom('cases').select(['last_contact_at', 'last_result_code']).where('id', '=', B).executeTakeFirstOrThrow())).toEqual({ last_contact_at: sh('23:30:00'), last_result_code: 'delivered' });
  });

  it('a phone of another case or an unknown result code is refused', async () => {
    await expect(checkCaseContact(ctx.db, ctx.pii, { caseId: B, channel: 'call', phoneId: phoneA }, sh('10:00:00'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(attemptContact(ctx.db, ctx.pii, collector, { caseId: B, channel: 'call', resultCode: 'nope', source: 'manual' }, sh('10:00:00'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('POST /api/cases/:id/contact-check (the dialer)', () => {
  it('answers the decision for a case in scope, from the database', async () => {
    const r = await call(U.col.cookie, 'POST', `/api/cases/${A}/contact-check`, { channel: 'call', phoneId: phoneA, at: '2026-03-04T22:15:00+08:00' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ decision: 'block', reasons: [{ ruleId: 'cn.hours' }], nextAllowedAt: '2026-03-05T08:00:00+08:00', ruleSet: { id: 'CN' } });
    expect(r.json().engineMicros).toBeLessThan(50_000);
    expect((await call(U.col.cookie, 'POST', `/api/cases/${X}/contact-check`, { channel: 'call' })).statusCode).toBe(404);
    expect((await call(U.col.cookie, 'POST', `/api/cases/${A}/contact-check`, { channel: 'fax' })).statusCode).toBe(400);
  });
});

describe('a number typed as a free target', () => {
  it('is the phone on file with the same digits (it counts against that phone\'s cap); another typed number has its own count', async () => {
    const phoneB = (await ctx.db.selectFrom('case_phones').select('id').where('case_id', '=', B).executeTakeFirstOrThrow()).id;
    await call6(B, phoneB, '2026-03-05');
    const typed = await attemptContact(ctx.db, ctx.pii, collector, { caseId: B, channel: 'call', target: '+86 138-0013-8001', resultCode: 'no_answer', source: 'manual' }, sh('10:00:00', '2026-03-05'));
    expect(typed.status).toBe('blocked');
    expect(typed.decision.reasons.map((x) => x.ruleId)).toContain('cn.calls-per-phone-per-day'); // (+ a warning: B asked for calls 22:00–23:00)
    expect((await ctx.db.selectFrom('contact_records').select('phone_id').where('id', '=', typed.recordId).executeTakeFirstOrThrow()).phone_id).toBe(phoneB);
    for (let i = 0; i < 6; i++) {
      const r = await attemptContact(ctx.db, ctx.pii, collector, { caseId: B, channel: 'call', target: '139 1111 2222', resultCode: 'no_answer', source: 'manual' }, sh(`11:0${i}:00`, '2026-03-05'));
      expect(r.status).toBe('made');
    }
    const seventh = await attemptContact(ctx.db, ctx.pii, collector, { caseId: B, channel: 'call', target: '13911112222', resultCode: 'no_answer', source: 'manual' }, sh('11:30:00', '2026-03-05'));
    expect(seventh.status).toBe('blocked');
    expect(seventh.decision.reasons.find((x) => x.ruleId === 'cn.calls-per-phone-per-day')?.message).toBe('6 unanswered calls to phone "139****2222" on 2026-03-05 (max 6 per phone per day)');
  });
});
