/**
 * The workbench's read side and administration (issues 4 and 5): contactability per phone and channel
 * (allow/block with reasons and next allowed time), flags (case/person level, per phone, who/when,
 * clear with reason, audited), the code tables (codes.manage, audited), other cases of the same debtor
 * within scope, and the compliance report (blocks by rule, overrides by user, attempts per debtor-week,
 * contacts outside hours recomputed from the records). Clock: Shanghai, Monday 2026-03-02.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { assign, client, sessionCookie, userWithSession } from './helpers/access-fixtures.ts';
import { seedSamePersonCases } from './helpers/contact-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import type { Clock } from '../src/platform/clock.ts';

let now = new Date('2026-03-02T10:00:00+08:00');
const clock: Clock = { now: () => new Date(now), today: (zone) => DateTime.fromJSDate(now).setZone(zone).toISODate()! };
const at = (hhmmss: string, day = '2026-03-02') => (now = new Date(`${day}T${hhmmss}+08:00`));

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let A: number; // collector's case, person P
let A2: number; // collector's case, another person
let X: number; // person P at another client, assigned to nobody
let phoneA: number;
let phoneA2: number;
const U: Record<string, { id: number; cookie: string }> = {};

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  call = client(app);
  ({ A, A2, X, phoneA, phoneA2 } = await seedSamePersonCases(ctx));
  const team = await ctx.db.insertInto('teams').values({ name: 'T1' }).returning('id').executeTakeFirstOrThrow();
  U.col = await userWithSession(ctx, 'col', 'collector', { teamId: team.id });
  U.lead = await userWithSession(ctx, 'lead', 'team_lead', { teamId: team.id });
  U.lead2 = await userWithSession(ctx, 'lead2', 'team_lead');
  U.mgr = await userWithSession(ctx, 'mgr', 'manager');
  U.admin = await userWithSession(ctx, 'adm', 'admin');
  await assign(ctx, [A, A2], U.col.id);
  await updateSettings(ctx.db, null, { sessionIdleMinutes: 1440, sessionAbsoluteHours: 720 });
});
/** Sessions follow the test clock: fresh ones per test (and after a jump of more than a day). */
const fresh = async () => {
  for (const u of Object.values(U)) u.cookie = await sessionCookie(ctx, u.id);
};
beforeEach(fresh);
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

const get = async (who: string, url: string) => (await call(U[who].cookie, 'GET', url)).json();
const contactability = (who: string, caseId: number) => get(who, `/api/cases/${caseId}/contactability`);

describe('contactability', () => {
  it('at 22:30 every phone and channel is blocked by cn.hours until 08:00 next day; at 09:00 they are allowed', async () => {
    at('22:30:00');
    const night = await contactability('col', A);
    expect(night.ruleSet).toEqual({ id: 'CN', version: expect.any(Number) });
    expect(night.items.map((i: { key: string }) => i.key)).toEqual([`phone:${phoneA}`, 'sms', 'email']);
    for (const i of night.items) expect(i).toMatchObject({ decision: 'block', nextAllowedAt: '2026-03-03T08:00:00+08:00', reasons: [{ ruleId: 'cn.hours' }] });
    at('09:00:00', '2026-03-03');
    for (const i of (await contactability('col', A)).items) expect(i).toMatchObject({ decision: 'allow', reasons: [], nextAllowedAt: null });
  });

  it('after 6 unanswered calls the phone is blocked until tomorrow 08:00, SMS still allowed; outside scope 404', async () => {
    for (let i = 0; i < 6; i++) {
      at(`10:0${i}:00`, '2026-03-03');
      expect((await call(U.col.cookie, 'POST', `/api/cases/${A2}/contact-records`, { channel: 'call', phoneId: phoneA2, resultCode: 'no_answer' })).statusCode).toBe(201);
    }
    at('11:00:00', '2026-03-03');
    const c = await contactability('col', A2);
    expect(c.items.find((i: { key: string }) => i.key === `phone:${phoneA2}`)).toMatchObject({ decision: 'block', nextAllowedAt: '2026-03-04T08:00:00+08:00', reasons: [{ ruleId: 'cn.calls-per-phone-per-day' }] });
    expect(c.items.find((i: { key: string }) => i.key === 'sms')).toMatchObject({ decision: 'allow' });
    expect((await call(U.col.cookie, 'GET', `/api/cases/${X}/contactability`)).statusCode).toBe(404);
  });
});

describe('flags', () => {
  it('do_not_call on one phone blocks that phone only; it carries who and when; clearing needs a reason and is audited', async () => {
    at('12:00:00', '2026-03-03');
    expect((await call(U.col.cookie, 'POST', `/api/cases/${A}/flags`, { flag: 'do_not_call', phoneId: phoneA })).statusCode).toBe(403); // collectors lack cases.flags
    const set = await call(U.lead.cookie, 'POST', `/api/cases/${A}/flags`, { flag: 'do_not_call', phoneId: phoneA, note: '本人要求' });
    expect(set.statusCode, set.body).toBe(201);
    const flagId = set.json().id;
    const flags = (await get('col', `/api/cases/${A}/flags`)).items;
    expect(flags).toMatchObject([{ id: flagId, flag: 'do_not_call', level: 'case', phoneId: phoneA, setBy: 'lead', setAt: '2026-03-03T04:00:00.000Z', active: true, note: '本人要求' }]);
    const c = await contactability('col', A);
    expect(c.items.find((i: { key: string }) => i.key === `phone:${phoneA}`)).toMatchObject({ decision: 'block', nextAllowedAt: null, reasons: [{ ruleId: 'cn.do-not-call' }] });
    expect(c.items.find((i: { key: string }) => i.key === 'email').decision).toBe('allow');
    expect((await call(U.lead.cookie, 'POST', `/api/case-flags/${flagId}/clear`, { reason: ' ' })).statusCode).toBe(400);
    at('12:30:00', '2026-03-03');
    expect((await call(U.lead.cookie, 'POST', `/api/case-flags/${flagId}/clear`, { reason: 'debtor withdrew the request' })).statusCode).toBe(200);
    expect((await get('col', `/api/cases/${A}/flags`)).items[0]).toMatchObject({ active: false, clearedBy: 'lead', clearedAt: '2026-03-03T04:30:00.000Z', clearReason: 'debtor withdrew the request' });
    expect((await contactability('col', A)).items[0].decision).toBe('allow');
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'data']).where('action', 'like', 'case_flag.%').orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['case_flag.set', 'case_flag.clear']);
    expect(JSON.stringify(audits)).not.toContain('本人要求');
  });

  it('a person-level cease flag stops contact on every case of the person, also at another client', async () => {
    at('13:00:00', '2026-03-03');
    const r = await call(U.mgr.cookie, 'POST', `/api/cases/${X}/flags`, { flag: 'cease', level: 'person' });
    expect(r.statusCode, r.body).toBe(201);
    const c = await contactability('col', A);
    expect(c.items.every((i: { decision: string }) => i.decision === 'block')).toBe(true);
    expect(c.items[0].reasons.map((x: { ruleId: string }) => x.ruleId)).toEqual(['cn.cease']);
    expect((await get('col', `/api/cases/${A}/flags`)).items[0]).toMatchObject({ flag: 'cease', level: 'person', caseId: X });
    // the collector sees the flag through case A and the lead could clear it; a flag of an unseen case only → 404
    const onlyX = await ctx.db.insertInto('case_flags').values({ case_id: X, flag: 'vulnerable', set_at: now }).returning('id').executeTakeFirstOrThrow();
    expect((await call(U.lead.cookie, 'POST', `/api/case-flags/${onlyX.id}/clear`, { reason: 'x' })).statusCode).toBe(404);
    expect((await call(U.mgr.cookie, 'POST', `/api/case-flags/${r.json().id}/clear`, { reason: 'sent in error' })).statusCode).toBe(200);
  });
});

describe('code tables', () => {
  it('everyone reads them; codes.manage creates, edits and deactivates (audited); a deactivated code cannot be used', async () => {
    const codes = (await get('col', '/api/contact-codes')).items;
    expect(codes.find((c: { code: string }) => c.code === 'ptp')).toMatchObject({ kind: 'result', requiresPromise: true, rightPartyContact: true, outcome: 'conversation' });
    const body = { labelZh: '已委托律师', labelEn: 'Has a lawyer', channels: ['call'], outcome: 'conversation', party: 'debtor', setsFlag: 'legal_hold', sort: 55 };
    expect((await call(U.col.cookie, 'PUT', '/api/contact-codes/result/lawyer', body)).statusCode).toBe(403);
    const created = await call(U.mgr.cookie, 'PUT', '/api/contact-codes/result/lawyer', body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ kind: 'result', code: 'lawyer', setsFlag: 'legal_hold', active: true, requiresPromise: false });
    expect((await call(U.mgr.cookie, 'PUT', '/api/contact-codes/result/Bad-Code', body)).statusCode).toBe(400);
    await call(U.mgr.cookie, 'PUT', '/api/contact-codes/result/lawyer', { ...body, active: false });
    const audits = await ctx.db.selectFrom('audit_log').select(['action', 'data']).where('action', 'like', 'contact_code.%').orderBy('id').execute();
    expect(audits).toMatchObject([{ action: 'contact_code.create', data: { kind: 'result', code: 'lawyer' } }, { action: 'contact_code.update', data: { code: 'lawyer', changed: ['active'] } }]);
    at('14:00:00', '2026-03-03');
    const use = await call(U.col.cookie, 'POST', `/api/cases/${A}/contact-records`, { channel: 'call', resultCode: 'lawyer' });
    expect(use.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'resultCode', reason: 'code is inactive' }] });
  });
});

describe('other cases of the same debtor', () => {
  it('same ID number at another client: listed for a user who sees it, not for the collector', async () => {
    expect((await get('col', `/api/cases/${A}/debtor-cases`)).items).toEqual([]);
    expect((await get('mgr', `/api/cases/${A}/debtor-cases`)).items).toMatchObject([{ id: X, clientCode: 'OTHER', batchNo: 'O1', clientCaseRef: 'X1' }]);
    expect((await get('mgr', `/api/cases/${A2}/debtor-cases`)).items).toEqual([]);
  });
});

describe('compliance report', () => {
  it('blocks by rule, overrides by user, attempts per debtor-week, and the overridden night call as the one contact outside hours', async () => {
    at('22:15:00', '2026-03-04');
    await fresh();
    const blocked = await call(U.col.cookie, 'POST', `/api/cases/${A2}/contact-records`, { channel: 'call', resultCode: 'no_answer' });
    expect(blocked.statusCode).toBe(409);
    const over = await call(U.mgr.cookie, 'POST', `/api/cases/${A2}/contact-records`, { channel: 'call', resultCode: 'callback_requested', override: { reason: 'agreed time' } });
    expect(over.statusCode, over.body).toBe(201);
    const r = await get('mgr', '/api/reports/compliance?from=2026-03-02&to=2026-03-08');
    // A2: 6 no-answer (Tue) + 1 blocked + 1 overridden (Wed) = 8 outbound in ISO week 10; A: the blocked lawyer attempt never reached the gate
    expect(r).toMatchObject({ from: '2026-03-02', to: '2026-03-08', attempts: 8, made: 7, blocked: 1 });
    expect(r.blocksByRule).toEqual([{ ruleId: 'cn.hours', count: 1 }]);
    expect(r.overridesByUser).toEqual([{ userId: U.mgr.id, user: 'mgr', count: 1 }]);
    expect(r.attemptsPerDebtorWeek).toEqual({ distribution: [{ attempts: 8, debtorWeeks: 1 }], max: 8 });
    expect(r.outsideHours).toEqual({ count: 1, recordIds: [over.json().record.id] });
    const none = await get('mgr', '/api/reports/compliance?from=2026-03-02&to=2026-03-03');
    expect(none).toMatchObject({ attempts: 6, blocked: 0, outsideHours: { count: 0, recordIds: [] } });
    // scoped: the team lead sees the team's cases, another team's lead nothing; collectors and client viewers lack reports.read
    const viewer = await userWithSession(ctx, 'viewer', 'client_viewer', { clientId: (await ctx.db.selectFrom('clients').select('id').where('code', '=', 'OTHER').executeTakeFirstOrThrow()).id });
    expect((await call(viewer.cookie, 'GET', '/api/reports/compliance?from=2026-03-02&to=2026-03-08')).statusCode).toBe(403);
    expect((await call(U.col.cookie, 'GET', '/api/reports/compliance?from=2026-03-02&to=2026-03-08')).statusCode).toBe(403);
    expect((await call(U.lead.cookie, 'GET', '/api/reports/compliance?from=2026-03-08&to=2026-03-02')).statusCode).toBe(400);
    expect(await get('lead', '/api/reports/compliance?from=2026-03-02&to=2026-03-08')).toMatchObject({ attempts: 8 });
    expect(await get('lead2', '/api/reports/compliance?from=2026-03-02&to=2026-03-08')).toMatchObject({ attempts: 0, blocksByRule: [], attemptsPerDebtorWeek: { distribution: [], max: 0 } });
  });
});
