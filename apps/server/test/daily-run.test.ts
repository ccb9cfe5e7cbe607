/**
 * Strategy storage, dry run and the daily run end to end on one database: exact segment counts, dry run
 * without side effects, crash mid-run then rerun without duplicates, second run sends nothing, blocked
 * message action kept with its rule, snapshot buckets at the 30/31 DPD boundary, stable arms.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { armBucket } from '@recova/domain/strategy/strategy';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { client, seedCases, userWithSession } from './helpers/access-fixtures.ts';
import { buildApp } from '../src/http/app.ts';
import { runDaily } from '../src/modules/daily-run/daily-run.service.ts';
import type { MessageDispatcher } from '../src/modules/daily-run/ports.ts';
import { attemptContact } from '../src/modules/contacts/contact-gate.ts';

let ctx: TestContext;
let app: FastifyInstance;
let call: ReturnType<typeof client>;
let admin: { id: number; cookie: string };
let ids: Record<string, number>;
let teamId: number;
let strategyId: number;
const DAY = '2024-06-01'; // test clock: 2024-06-01T02:00Z = 10:00 in Asia/Shanghai
const sent: { recordId: number; channel: string; template: string; caseId: number }[] = [];
const dispatcher: MessageDispatcher = { send: async (recordId, channel, template, caseId) => void sent.push({ recordId, channel, template, caseId }) };
const deps = () => ({ attemptContact, dispatcher });

const OVERDUE: Record<string, string | null> = { A: '2024-05-02', B: '2024-05-01', C: '2024-03-01', D: null, E: '2024-05-20', G: '2024-05-25', H: '2024-05-10', F: '2024-05-01' };
const segments = (team: number) => [
  { id: 'optout', name: 'Opted out of SMS', when: [{ field: 'flags', op: 'has', value: 'opt_out_sms' }], actions: [{ type: 'send_sms', template: 'REMIND' }] },
  { id: 'early', name: 'M1', when: [{ field: 'bucket', op: 'eq', value: 'M1' }], actions: [{ type: 'send_sms', template: 'REMIND' }, { type: 'set_priority', priority: 10 }],
    challenger: { percent: 50, actions: [{ type: 'send_email', template: 'E1' }, { type: 'set_priority', priority: 20 }] } },
  { id: 'late', name: 'M2+', when: [{ field: 'dpd', op: 'gte', value: 31 }], actions: [{ type: 'move_to_team', teamId: team }, { type: 'schedule_followup', inDays: 2 }, { type: 'request_visit' }] },
  { id: 'current', name: 'Current', when: [{ field: 'dpd', op: 'eq', value: 0 }], actions: [{ type: 'set_flag', flag: 'vulnerable' }, { type: 'refer_legal' }] },
];
const counts = async () => Object.fromEntries(await Promise.all(['strategy_actions', 'case_snapshots', 'contact_records', 'audit_log', 'case_flags', 'daily_runs', 'case_events'].map(async (t) =>
  [t, Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(ctx.db)).rows[0].n)])));

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  call = client(app);
  admin = await userWithSession(ctx, 'boss', 'admin');
  ({ ids } = await seedCases(ctx, 'BANK', 'B1', Object.keys(OVERDUE)));
  for (const [ref, d] of Object.entries(OVERDUE)) await ctx.db.updateTable('cases').set({ overdue_date: d, outstanding_amount: 100_00 * (Object.keys(OVERDUE).indexOf(ref) + 1) }).where('id', '=', ids[ref]).execute();
  await ctx.db.updateTable('cases').set({ status: 'paused' }).where('id', '=', ids.F).execute();
  await ctx.db.insertInto('case_flags').values({ case_id: ids.E, flag: 'opt_out_sms', set_at: new Date('2024-05-01T00:00:00Z') }).execute();
  teamId = (await ctx.db.insertInto('teams').values({ name: 'Field' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe('strategy storage', () => {
  it('refuses an invalid strategy naming the segment and condition', async () => {
    const bad = [{ id: 's1', name: 'x', when: [{ field: 'dpd', op: 'in', value: [1] }], actions: [{ type: 'set_flag', flag: 'vip' }] }];
    const r = await call(admin.cookie, 'POST', '/api/strategies', { name: 'Bad', segments: bad });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('STRATEGY_INVALID');
    expect(r.json().details.map((d: { reason: string }) => d.reason)).toEqual([
      'segment 1 (s1), condition 1: dpd (days) does not take in; use eq, ne, lt, lte, gt, gte, between, is_null, not_null',
      expect.stringMatching(/^segment 1 \(s1\), action 1: set_flag needs one of cease/),
    ]);
  });

  it('keeps every version, audits each change and activates one per client', async () => {
    const r1 = await call(admin.cookie, 'POST', '/api/strategies', { name: 'Default', segments: segments(teamId).slice(0, 2) });
    expect(r1.statusCode).toBe(201);
    strategyId = r1.json().id;
    const r2 = await call(admin.cookie, 'PUT', `/api/strategies/${strategyId}`, { segments: segments(teamId), note: 'late and current' });
    expect(r2.json().currentVersion).toBe(2);
    expect(r2.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await call(admin.cookie, 'GET', `/api/strategies/${strategyId}?version=1`);
    expect(v1.json().segments.map((s: { id: string }) => s.id)).toEqual(['optout', 'early']);
    expect((await call(admin.cookie, 'POST', `/api/strategies/${strategyId}/activate`)).json().active).toBe(true);
    const other = (await call(admin.cookie, 'POST', '/api/strategies', { name: 'Other', segments: segments(teamId) })).json().id;
    await call(admin.cookie, 'POST', `/api/strategies/${other}/activate`);
    await call(admin.cookie, 'POST', `/api/strategies/${strategyId}/activate`);
    const list = (await call(admin.cookie, 'GET', '/api/strategies')).json().items;
    expect(list.filter((s: { active: boolean }) => s.active).map((s: { id: number }) => s.id)).toEqual([strategyId]);
    const audits = await ctx.db.selectFrom('audit_log').select('action').where('entity', '=', 'strategy').where('entity_id', '=', String(strategyId)).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['strategy.create', 'strategy.save', 'strategy.activate', 'strategy.activate']);
  });
});

const challenger = (ref: string) => armBucket(`${strategyId}:early:${ids[ref]}`) < 50;
let dry: { segmentId: string | null; cases: number; outstanding: number; arms: { champion: number; challenger: number }; actions: Record<string, number> }[];

describe('dry run', () => {
  it('counts cases, outstanding and actions per segment without writing anything', async () => {
    const before = await counts();
    const r = await call(admin.cookie, 'POST', `/api/strategies/${strategyId}/dry-run`, { date: DAY });
    expect(r.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
    dry = r.json().segments;
    const early = ['A', 'G', 'H'];
    const ch = early.filter(challenger).length;
    expect(dry.map((s) => [s.segmentId, s.cases, s.outstanding])).toEqual([
      ['optout', 1, 500_00], ['early', 3, (1 + 6 + 7) * 100_00], ['late', 2, (2 + 3) * 100_00], ['current', 1, 400_00], [null, 0, 0],
    ]);
    expect(dry[1].arms).toEqual({ champion: 3 - ch, challenger: ch });
    expect(dry[1].actions).toEqual({ ...(3 - ch && { send_sms: 3 - ch }), ...(ch && { send_email: ch }), set_priority: 3 });
    expect(dry[2].actions).toEqual({ move_to_team: 2, schedule_followup: 2, request_visit: 2 });
  });
});

describe('daily run', () => {
  it('resumes after a crash in each phase and finishes without duplicates', async () => {
    await expect(runDaily(ctx, { day: DAY, trigger: 'cli', chunk: 2, ...deps(), hooks: { afterChunk: (n) => { if (n >= 2) throw new Error('crash after 2 cases'); } } })).rejects.toThrow('crash after 2 cases');
    let run = await ctx.db.selectFrom('daily_runs').selectAll().where('run_day', '=', DAY).executeTakeFirstOrThrow();
    expect([run.status, run.cases_aged, run.error]).toEqual(['failed', 2, 'crash after 2 cases']);
    expect((await counts()).case_snapshots).toBe(2);
    await expect(runDaily(ctx, { day: DAY, trigger: 'cli', chunk: 2, ...deps(), hooks: { beforeAction: (n) => { if (n === 4) throw new Error('crash at action 4'); } } })).rejects.toThrow('crash at action 4');
    expect(sent.length).toBeGreaterThan(0);
    const r = await runDaily(ctx, { day: DAY, trigger: 'cli', chunk: 2, ...deps() });
    run = await ctx.db.selectFrom('daily_runs').selectAll().where('run_day', '=', DAY).executeTakeFirstOrThrow();
    expect([run.status, run.cases_aged, run.attempts]).toEqual(['done', 7, 3]);
    expect(r.executed.pending).toBe(0);
    // every message that passed the gate was sent exactly once
    const messages = await ctx.db.selectFrom('strategy_actions').select(['case_id', 'action_type', 'status', 'contact_record_id']).where('action_type', 'in', ['send_sms', 'send_email']).orderBy('case_id').execute();
    expect(messages.filter((m) => m.status === 'done').length).toBe(3);
    expect(sent.map((s) => s.recordId).sort()).toEqual(messages.filter((m) => m.status === 'done').map((m) => m.contact_record_id).sort());
    expect(new Set(sent.map((s) => s.caseId))).toEqual(new Set([ids.A, ids.G, ids.H]));
  });

  it('segment counts of the real run equal the dry run', async () => {
    const rows = await ctx.db.selectFrom('case_snapshots').select(['segment_id', 'arm', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('outstanding').as('o')]).where('day', '=', DAY).groupBy(['segment_id', 'arm']).execute();
    for (const d of dry.filter((x) => x.cases > 0)) {
      const mine = rows.filter((r) => r.segment_id === d.segmentId);
      expect([d.segmentId, mine.reduce((s, r) => s + Number(r.n), 0), mine.reduce((s, r) => s + Number(r.o), 0)]).toEqual([d.segmentId, d.cases, d.outstanding]);
    }
    const arms = Object.fromEntries(rows.filter((r) => r.segment_id === 'early').map((r) => [r.arm, Number(r.n)]));
    expect({ champion: arms.champion ?? 0, challenger: arms.challenger ?? 0 }).toEqual(dry[1].arms);
  });

  it('a second run of the day sends nothing and inserts nothing', async () => {
    const before = await counts();
    const n = sent.length;
    const r = await runDaily(ctx, { day: DAY, trigger: 'cli', ...deps() });
    expect(sent.length).toBe(n);
    expect(r.executed).toEqual({ done: 0, blocked: 0, failed: 0, pending: 0 });
    const after = await counts();
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('records a blocked message action with the rule and never sends it', async () => {
    const a = await ctx.db.selectFrom('strategy_actions').selectAll().where('case_id', '=', ids.E).executeTakeFirstOrThrow();
    expect([a.action_type, a.status, a.segment_id]).toEqual(['send_sms', 'blocked', 'optout']);
    expect(a.reasons.length).toBeGreaterThan(0);
    expect(a.reasons.map((x) => x.ruleId)).toContain('cn.opt-out-sms');
    const rec = await ctx.db.selectFrom('contact_records').select(['status', 'source', 'source_ref']).where('id', '=', a.contact_record_id!).executeTakeFirstOrThrow();
    expect(rec).toEqual({ status: 'blocked', source: 'strategy', source_ref: `strategy:${DAY}:${ids.E}:send_sms:REMIND` });
    expect(sent.some((s) => s.caseId === ids.E)).toBe(false);
  });

  it('snapshots every active case with its bucket as of the day (30 → M1, 31 → M2)', async () => {
    const snaps = await ctx.db.selectFrom('case_snapshots').select(['case_id', 'dpd', 'bucket', 'outstanding']).where('day', '=', DAY).orderBy('case_id').execute();
    const byRef = Object.fromEntries(Object.entries(ids).map(([ref, id]) => [ref, snaps.find((s) => s.case_id === id)]));
    expect(byRef.A).toMatchObject({ dpd: 30, bucket: 'M1', outstanding: 100_00 });
    expect(byRef.B).toMatchObject({ dpd: 31, bucket: 'M2' });
    expect(byRef.C).toMatchObject({ dpd: 92, bucket: 'M4' });
    expect(byRef.D).toMatchObject({ dpd: 0, bucket: 'M0' });
    expect(byRef.F).toBeUndefined(); // paused
  });

  it('executes direct actions on the case', async () => {
    const late = await ctx.db.selectFrom('cases').select(['id', 'queue_team_id', 'next_follow_up_at', 'priority']).where('id', 'in', [ids.B, ids.C, ids.A]).orderBy('id').execute();
    const b = late.find((c) => c.id === ids.B)!;
    expect(b.queue_team_id).toBe(teamId);
    expect(new Date(b.next_follow_up_at!).toISOString()).toBe('2024-06-03T01:00:00.000Z'); // 09:00 Shanghai
    expect(late.find((c) => c.id === ids.A)!.priority).toBe(challenger('A') ? 20 : 10);
    const visits = await ctx.db.selectFrom('case_events').select('case_id').where('type', '=', 'strategy.visit_requested').orderBy('case_id').execute();
    expect(visits.map((v) => v.case_id)).toEqual([ids.B, ids.C]);
    const legal = await ctx.db.selectFrom('case_events').select('case_id').where('type', '=', 'strategy.legal_referral').execute();
    expect(legal.map((v) => v.case_id)).toEqual([ids.D]);
    const flags = await ctx.db.selectFrom('case_flags').select(['case_id', 'flag', 'set_by', 'note']).where('flag', '=', 'vulnerable').execute();
    expect(flags).toEqual([{ case_id: ids.D, flag: 'vulnerable', set_by: null, note: `strategy strategy:${DAY}:${ids.D}:set_flag:vulnerable` }]);
  });

  it('answers RUN_IN_PROGRESS while the day runs, and lists runs', async () => {
    let release = () => {};
    const paused = new Promise<void>((res) => { release = res; });
    const p = runDaily(ctx, { day: '2024-06-02', trigger: 'cli', ...deps(), hooks: { afterChunk: () => paused } });
    expect((await call(admin.cookie, 'POST', '/api/daily-runs', { date: '2099-12-31' })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'date', value: '2099-12-31' }] });
    expect((await call(admin.cookie, 'POST', '/api/daily-runs', { date: '2024-04-30' })).statusCode).toBe(400); // 32 days back
    const r = await call(admin.cookie, 'POST', '/api/daily-runs', { date: '2024-06-02' });
    expect([r.statusCode, r.json().code]).toEqual([409, 'RUN_IN_PROGRESS']);
    release();
    await p;
    const w = await call(admin.cookie, 'POST', '/api/daily-runs', { date: '2024-06-02', wait: true });
    expect([w.statusCode, w.json().status, w.json().executed]).toEqual([200, 'done', { done: 0, blocked: 0, failed: 0, pending: 0 }]);
    const list = (await call(admin.cookie, 'GET', '/api/daily-runs')).json().items;
    expect(list.map((x: { runDay: string; status: string; snapshots: number }) => [x.runDay, x.status, x.snapshots])).toEqual([['2024-06-02', 'done', 7], [DAY, 'done', 7]]);
  });

  it('keeps each case in its arm from day to day and across versions', async () => {
    await call(admin.cookie, 'PUT', `/api/strategies/${strategyId}`, { segments: segments(teamId), note: 'same segments, new version' });
    await runDaily(ctx, { day: '2024-06-03', trigger: 'cli', ...deps() });
    const arms = await ctx.db.selectFrom('case_snapshots').select(['day', 'case_id', 'arm', 'strategy_version']).where('segment_id', '=', 'early').orderBy('day').orderBy('case_id').execute();
    const byDay = (d: string) => arms.filter((a) => a.day === d).map((a) => [a.case_id, a.arm]);
    // A turned 32 DPD (M2) on 06-03 and left the segment; G and H keep their arms
    expect(byDay('2024-06-03')).toEqual(byDay(DAY).filter(([id]) => id !== ids.A));
    expect(byDay(DAY)).toEqual(['A', 'G', 'H'].map((r) => [ids[r], challenger(r) ? 'challenger' : 'champion']).sort((a, b) => Number(a[0]) - Number(b[0])));
    expect(new Set(arms.filter((a) => a.day === '2024-06-03').map((a) => a.strategy_version))).toEqual(new Set([3]));
  });
});
